"""What the application commands share: opening the state next to a running daemon, finding an
application by id or company name, writing one small transaction, and showing times.

Concurrency: the daemon (`followupd run`) holds the state *lock file* for as long as it runs. The
commands here never take that lock. Readers (status, show, preview) use SQLite's WAL mode, which
lets them read while the daemon writes. Writers (note, track, pause, resume, stop) make one short
``BEGIN IMMEDIATE`` transaction that re-reads the application and saves it; SQLite serialises it
with the daemon's own short transactions (busy_timeout), and the daemon re-reads what the CLI may
have changed before it writes (runner.py: PRAGMA data_version; execute.py: read inside the
transaction). So `followupd note` works while `followupd run` is active.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from followupd.adapters.store.sqlite import Store, open_store
from followupd.config.loader import Config
from followupd.core.errors import StateError, UsageError
from followupd.core.model import Application

ID_HELP = "application: its number, or (a unique prefix of) the company name"


def open_state(cfg: Config) -> Store:
    """The state store without the daemon's lock; refuses to create a state that is not there."""
    if not cfg.state_path.exists():
        raise UsageError(
            f"no state yet at {cfg.state_path}",
            hint="Run `followupd once` (or start `followupd run`) first: it reads your mailbox "
            "and starts tracking applications.",
        )
    return open_store(cfg.state_path, lock=False)


@contextlib.contextmanager
def writing(store: Store) -> Iterator[None]:
    """One short write transaction, waiting (busy_timeout) for the daemon's to finish."""
    try:
        with store.transaction():
            yield
    except sqlite3.OperationalError as exc:
        raise StateError(
            f"could not write {store.path}: {exc}",
            hint="followupd run was busy writing for several seconds; try again in a moment.",
        ) from None


def describe(app: Application) -> str:
    what = " – ".join(x for x in (app.company, app.position) if x)
    return f"{app.id} ({what or 'unnamed'})"


def find_application(apps: list[Application], key: str) -> Application:
    """By number; else by company name (case-insensitive): an exact name, else a unique prefix."""
    key = key.strip()
    if key.isdigit():
        found = [a for a in apps if a.id == int(key)]
        if found:
            return found[0]
        raise UsageError(f"no application {key}", hint="`followupd status` lists them.")
    folded = key.casefold()
    if not folded:
        raise UsageError("an application number or company name is needed")
    exact = [a for a in apps if a.company.casefold() == folded]
    matches = exact or [a for a in apps if a.company.casefold().startswith(folded)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"no application matches {key!r}", hint="`followupd status` lists them.")
    listing = "\n".join(f"  {describe(a)} [{a.state}]" for a in matches)
    raise UsageError(f"{key!r} matches {len(matches)} applications:\n{listing}",
                     hint="Use the number, or more of the company name.")


def load_application(store: Store, key: str) -> Application:
    return find_application(store.applications(), key)


def local_iso(value: dt.datetime | None, tz: str) -> str | None:
    """ISO-8601 in the user's zone (with its offset), or None."""
    return value.astimezone(ZoneInfo(tz)).isoformat(timespec="minutes") if value else None


def local_text(value: dt.datetime | None, tz: str, fmt: str = "%a %Y-%m-%d %H:%M") -> str:
    """A short human time in the user's zone; "-" for none."""
    return value.astimezone(ZoneInfo(tz)).strftime(fmt) if value else "-"


def parse_day_or_instant(text: str, tz: str) -> dt.datetime:
    """``2026-04-01`` (the start of that day in the user's zone) or a full ISO-8601 instant."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date like 2026-04-01 or 2026-04-01T09:00+02:00") from None
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))

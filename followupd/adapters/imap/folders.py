"""Which folders are INBOX, Sent and Drafts: from a LIST answer and the config (pure).

Order per role: the configured name (it must exist), then the RFC 6154 SPECIAL-USE flag, then the
usual names clients and providers use. INBOX is case-insensitive (RFC 3501 5.1).
"""

from __future__ import annotations

from collections.abc import Sequence

from followupd.config.loader import ImapConfig
from followupd.core.errors import FolderError
from followupd.core.mailbox_types import Folders

USUAL_NAMES = {
    "drafts": ("Drafts", "Draft", "INBOX.Drafts", "INBOX/Drafts", "[Gmail]/Drafts",
               "[Google Mail]/Drafts", "Entwürfe", "Brouillons", "Borradores"),
    "sent": ("Sent", "Sent Items", "Sent Messages", "INBOX.Sent", "INBOX/Sent", "[Gmail]/Sent Mail",
             "[Google Mail]/Sent Mail", "Gesendet", "Gesendete Objekte", "Envoyés"),
}
SPECIAL_USE = {"drafts": b"\\Drafts", "sent": b"\\Sent"}

Listing = Sequence[tuple[Sequence[bytes], object, str]]  # (flags, delimiter, name), as LIST says


def choose_folders(listing: Listing, cfg: ImapConfig) -> Folders:
    names = {name for _flags, _delim, name in listing}
    how: dict[str, str] = {}
    found: dict[str, str] = {}
    configured = {"sent": cfg.sent, "drafts": cfg.drafts}
    for role in ("sent", "drafts"):
        if configured[role]:
            if configured[role] not in names:
                raise FolderError(
                    f"imap.{role} = {configured[role]!r} does not exist on the server",
                    hint="Folders on the server: " + ", ".join(sorted(names)),
                )
            found[role], how[role] = configured[role], "configured"
            continue
        special = [n for flags, _d, n in listing if SPECIAL_USE[role] in flags]
        if special:
            found[role], how[role] = special[0], f"SPECIAL-USE {SPECIAL_USE[role].decode()}"
            continue
        usual = next((n for n in USUAL_NAMES[role] if n in names), None)
        if usual is None:
            raise FolderError(
                f"no {role.title()} folder found (no SPECIAL-USE flag, none of the usual names)",
                hint=f"Set imap.{role} to its name. Folders on the server: "
                + ", ".join(sorted(names)),
            )
        found[role], how[role] = usual, "usual name"
    inbox = cfg.inbox
    if inbox.upper() == "INBOX":
        inbox = "INBOX"
    elif inbox not in names:
        raise FolderError(f"imap.inbox = {inbox!r} does not exist on the server")
    how["inbox"] = "configured" if inbox != "INBOX" else "INBOX"
    roles = {"inbox": inbox, "sent": found["sent"], "drafts": found["drafts"]}
    if len(set(roles.values())) != 3:
        raise FolderError(
            "INBOX, Sent and Drafts must be three different folders, found "
            + ", ".join(f"{k}={v!r}" for k, v in roles.items()),
            hint="Set imap.sent and imap.drafts to the right folders.",
        )
    return Folders(inbox=inbox, sent=found["sent"], drafts=found["drafts"], how=how)

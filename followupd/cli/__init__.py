"""The one user-facing boundary: argument parsing, printing, and mapping errors to exit codes.

Each subcommand lives in its own module exposing ``register(subparsers)``; the module sets
``func`` on its parser to a callable taking the parsed namespace and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from followupd import __version__
from followupd.core.errors import FollowupdError

log = logging.getLogger(__name__)

# Order is the order shown in --help.
SUBCOMMANDS: tuple[str, ...] = (
    "init", "check", "once", "run", "status", "show", "preview", "note", "track", "pause",
    "resume", "stop", "decide", "gift", "folders", "classify", "eval",
)


def _common_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default: dict[str, object] = {"default": argparse.SUPPRESS} if suppress else {}
    parser.add_argument(
        "-c",
        "--config",
        metavar="PATH",
        help="config file (default: $FOLLOWUPD_CONFIG, then $XDG_CONFIG_HOME/followupd/config.toml)",
        **default,  # type: ignore[arg-type]
    )
    parser.add_argument("-v", "--verbose", action="count", help="more log output (-vv: debug)",
                        **(default or {"default": 0}))  # type: ignore[arg-type]
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors",
                        **default)  # type: ignore[arg-type]


class _Subcommands:
    """Lets `followupd check --config X` work as well as `followupd --config X check`."""

    def __init__(self, sub: argparse._SubParsersAction[argparse.ArgumentParser],
                 common: argparse.ArgumentParser) -> None:
        self._sub, self._common = sub, common

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        return self._sub.add_parser(name, parents=[self._common], **kwargs)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followupd",
        description=(
            "Watches your IMAP mailbox for interviews and replies, and puts polite, threaded "
            "follow-up drafts into your Drafts folder. It never sends anything."
        ),
    )
    parser.add_argument("--version", action="version", version=f"followupd {__version__}")
    _common_options(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, suppress=True)
    sub = _Subcommands(parser.add_subparsers(dest="command", metavar="COMMAND"), common)
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"followupd.cli.cmd_{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 64
    try:
        code: int = args.func(args)
    except FollowupdError as exc:
        print(f"followupd: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: say so plainly, with the details in the log
        log.exception("unexpected error")
        print("followupd: an unexpected error occurred (a bug; the details are logged above). "
              "Please report it with the log.", file=sys.stderr)
        return 70  # EX_SOFTWARE
    return code


if __name__ == "__main__":
    sys.exit(main())

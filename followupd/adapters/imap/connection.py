"""Connection plumbing for the IMAP adapter: TLS context, STARTTLS, keepalive, closing, and the
one place protocol and socket errors become followupd errors."""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import imapclient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

from followupd.config.loader import ImapConfig
from followupd.core.errors import CommandRefused, ServerError

log = logging.getLogger(__name__)


def ssl_context(cfg: ImapConfig) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=cfg.ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def untrusted(cfg: ImapConfig, exc: ssl.SSLCertVerificationError) -> ServerError:
    return ServerError(
        f"TLS certificate of {cfg.host} could not be verified: {exc.verify_message}",
        hint="If the server uses a private CA, set imap.ca_file to its certificate.",
    )


def starttls(client: imapclient.IMAPClient, cfg: ImapConfig, context: ssl.SSLContext) -> None:
    try:
        offered = client.has_capability("STARTTLS")
        if offered:
            client.starttls(context)
    except ssl.SSLCertVerificationError as exc:
        raise untrusted(cfg, exc) from None
    except (OSError, IMAPClientError) as exc:
        raise ServerError(f"STARTTLS with {cfg.host} failed: {exc}") from None
    if not offered:
        raise ServerError(
            f"{cfg.host} does not offer STARTTLS; refusing to log in without TLS",
            hint='Use tls = "implicit" (port 993) if the server supports it.',
        )


class ErrorScope:
    """Turn socket and protocol errors into ServerError with the command named."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, tp: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> Literal[False]:
        if exc is None or isinstance(exc, ServerError):
            return False
        if isinstance(exc, OSError | IMAPClientAbortError | socket.timeout | EOFError):
            raise ServerError(f"IMAP {self.what} failed: {exc or type(exc).__name__}") from exc
        if isinstance(exc, IMAPClientError):  # a tagged NO/BAD: this command, not the connection
            raise CommandRefused(f"the server refused {self.what}: {exc}") from exc
        return False


def enable_keepalive(client: imapclient.IMAPClient) -> None:
    try:
        sock = client.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for opt, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 20), ("TCP_KEEPCNT", 3)):
            if hasattr(socket, opt):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, opt), value)
    except OSError:
        log.debug("could not enable TCP keepalive", exc_info=True)


def close_quietly(client: imapclient.IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - best effort on a connection we are dropping anyway
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001
            log.debug("socket already closed")


def batches(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])

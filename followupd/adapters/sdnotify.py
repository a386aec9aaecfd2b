"""systemd's sd_notify protocol, without libsystemd: one datagram of ``KEY=value`` lines to the
AF_UNIX socket named by $NOTIFY_SOCKET (a path, or ``@name`` for the abstract namespace).

Outside systemd ($NOTIFY_SOCKET unset) every call is a no-op, so the daemon can call it freely.
A failed send is logged at DEBUG and ignored: notification is best effort, never a reason to stop.
Protocol: sd_notify(3), and for RELOADING=1 with MONOTONIC_USEC systemd.service(5), version 253+.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Mapping

log = logging.getLogger(__name__)


def socket_address(value: str) -> str:
    """$NOTIFY_SOCKET as a socket address: ``@name`` means the abstract name ``\\0name``."""
    return "\0" + value[1:] if value.startswith("@") else value


def one_line(text: str) -> str:
    """STATUS= (and every other value) must be a single line."""
    return " ".join(text.split())


class Notifier:
    """Sends notifications to the service manager that started us, if any."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = env.get("NOTIFY_SOCKET", "")
        self.watchdog_usec = _watchdog_usec(env)

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    @property
    def watchdog_seconds(self) -> float | None:
        """The watchdog timeout, when systemd expects WATCHDOG=1 pings (WatchdogSec= set)."""
        return self.watchdog_usec / 1_000_000 if self.watchdog_usec else None

    def notify(self, **fields: str | int) -> bool:
        """Send ``KEY=value`` lines; keys are upper-cased (``ready=1`` -> ``READY=1``)."""
        if not self.address:
            return False
        payload = "\n".join(f"{key.upper()}={one_line(str(value))}" for key, value in fields.items())
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(socket_address(self.address))
                sock.sendall(payload.encode("utf-8"))
        except OSError as exc:
            log.debug("sd_notify to %s failed: %s", self.address, exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify(ready=1, **({"status": status} if status else {}))

    def status(self, text: str) -> bool:
        return self.notify(status=text)

    def watchdog(self) -> bool:
        """Ping the watchdog; only when systemd asked for it (WATCHDOG_USEC)."""
        return self.notify(watchdog=1) if self.watchdog_usec else False

    def reloading(self) -> bool:
        # MONOTONIC_USEC lets systemd 253+ (Type=notify-reload) match the reload; older ignore it.
        return self.notify(reloading=1, monotonic_usec=time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000)

    def stopping(self, status: str = "") -> bool:
        return self.notify(stopping=1, **({"status": status} if status else {}))


def _watchdog_usec(env: Mapping[str, str]) -> int:
    """WATCHDOG_USEC, if it is meant for this process (WATCHDOG_PID unset or our pid)."""
    pid = env.get("WATCHDOG_PID", "")
    if pid and pid != str(os.getpid()):
        return 0
    try:
        return max(0, int(env.get("WATCHDOG_USEC", "0")))
    except ValueError:
        return 0

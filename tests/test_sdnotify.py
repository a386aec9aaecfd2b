"""sd_notify against a real AF_UNIX datagram socket (a path and an abstract name)."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from followupd.adapters.sdnotify import Notifier, socket_address


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    # A short directory: AF_UNIX paths are limited to 107 bytes, pytest's tmp_path can be longer.
    directory = Path(tempfile.mkdtemp(prefix="sdn-", dir="/tmp"))
    path = str(directory / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(2)
    yield sock, path
    sock.close()
    os.unlink(path)
    directory.rmdir()


def received(sock: socket.socket) -> dict[str, str]:
    data = sock.recv(4096).decode()
    return dict(line.split("=", 1) for line in data.splitlines())


def test_outside_systemd_every_call_is_a_noop() -> None:
    notifier = Notifier({})
    assert not notifier.enabled
    assert not notifier.ready("hello")
    assert not notifier.watchdog()
    assert notifier.watchdog_seconds is None


def test_ready_and_status_reach_the_socket(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    notifier = Notifier({"NOTIFY_SOCKET": path})
    assert notifier.ready("watching INBOX;\n3 applications")
    assert received(sock) == {"READY": "1", "STATUS": "watching INBOX; 3 applications"}
    assert notifier.status("next draft Tue 10:00")
    assert received(sock) == {"STATUS": "next draft Tue 10:00"}
    assert notifier.stopping()
    assert received(sock) == {"STOPPING": "1"}


def test_reloading_carries_a_monotonic_timestamp(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    assert Notifier({"NOTIFY_SOCKET": path}).reloading()
    fields = received(sock)
    assert fields["RELOADING"] == "1"
    assert int(fields["MONOTONIC_USEC"]) > 0


def test_watchdog_only_when_systemd_asked_for_it(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    assert not Notifier({"NOTIFY_SOCKET": path}).watchdog()
    other_pid = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}
    assert not Notifier(other_pid).watchdog()  # meant for another process
    notifier = Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000",
                         "WATCHDOG_PID": str(os.getpid())})
    assert notifier.watchdog_seconds == 30.0
    assert notifier.watchdog()
    assert received(sock) == {"WATCHDOG": "1"}


def test_abstract_socket_name() -> None:
    name = f"followupd-test-{os.getpid()}"
    assert socket_address("@" + name) == "\0" + name
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert Notifier({"NOTIFY_SOCKET": "@" + name}).ready()
        assert received(sock) == {"READY": "1"}


def test_a_missing_socket_is_not_an_error(tmp_path: Path) -> None:
    assert not Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")}).ready()

"""A small fault-injecting TCP proxy for the network tests: followupd -> proxy -> Dovecot, all on
loopback, one pair of pump threads per connection.

It passes bytes through until a ``Rule`` fires. A rule watches one direction ("c2s" client to
server, "s2c" server to client) for a regex; when it matches, the proxy forwards ``after`` more
bytes past the match (``LITERAL`` = the size in the match's ``{N}`` plus its CRLF, i.e. the whole
literal) and then acts:

  drop   close both sides (the server side after ``linger`` seconds, so it can finish a command)
  stall  stop forwarding in both directions and keep the sockets open (a blackhole)

``cut_literal(n)`` is the rule "cut the connection after n bytes of a server->client FETCH
literal". Rules fire once; ``drop_all()`` and ``stall_all()`` act on every open connection now.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from dataclasses import dataclass, field

LITERAL = -1
_FETCH_LITERAL = re.compile(rb"\* \d+ FETCH [^\r\n]*?\{(\d+)\}\r\n")


@dataclass
class Rule:
    direction: str  # "c2s" | "s2c"
    pattern: re.Pattern[bytes]
    action: str  # "drop" | "stall"
    after: int = 0  # bytes past the match to forward first; LITERAL: the whole literal
    linger: float = 0.0
    fired: threading.Event = field(default_factory=threading.Event)


def cut_literal(after: int) -> Rule:
    return Rule("s2c", _FETCH_LITERAL, "drop", after=after)


def stall_on_fetch() -> Rule:
    return Rule("s2c", _FETCH_LITERAL, "stall")


def drop_after_append(linger: float = 0.5) -> Rule:
    """Let one APPEND (command and literal) reach the server, then cut before the reply."""
    return Rule("c2s", re.compile(rb"APPEND [^\r\n]*\{(\d+)\+?\}\r\n"), "drop", after=LITERAL,
                linger=linger)


class _Conn:
    def __init__(self, client: socket.socket, server: socket.socket, proxy: FaultProxy) -> None:
        self.client, self.server, self.proxy = client, server, proxy
        self.stalled = threading.Event()
        self.closed = threading.Event()

    def start(self) -> None:
        for src, dst, direction in ((self.client, self.server, "c2s"), (self.server, self.client, "s2c")):
            threading.Thread(target=self._pump, args=(src, dst, direction), daemon=True).start()

    def close(self, linger: float = 0.0) -> None:
        self.closed.set()
        _shut(self.client)
        if linger:
            threading.Timer(linger, _shut, args=(self.server,)).start()
        else:
            _shut(self.server)

    def _pump(self, src: socket.socket, dst: socket.socket, direction: str) -> None:
        pending = b""
        while not self.closed.is_set():
            try:
                data = src.recv(65536)
            except OSError:
                break
            if not data:
                break
            if self.stalled.is_set():
                continue  # blackhole: read and forget, never forward
            pending += data
            rule = self.proxy.rule
            if rule is None or rule.direction != direction or rule.fired.is_set():
                _send(dst, pending)
                pending = b""
                continue
            match = rule.pattern.search(pending)
            if match is None:  # hold back an unfinished last line: a marker may straddle reads
                cut = pending.rfind(b"\n") + 1
                if len(pending) - cut > 65536:
                    cut = len(pending)
                _send(dst, pending[:cut])
                pending = pending[cut:]
                continue
            rule.fired.set()
            if rule.action == "stall":
                _send(dst, pending[: match.start()])
                pending = b""
                self.stalled.set()
                continue
            extra = int(match.group(1)) + 2 if rule.after == LITERAL else rule.after
            _send(dst, pending[: match.end() + extra])
            left = extra - (len(pending) - match.end())
            pending = b""
            while left > 0:  # stream the rest (a synchronizing literal waits for "+ OK")
                try:
                    more = src.recv(min(65536, left))
                except OSError:
                    break
                if not more:
                    break
                _send(dst, more)
                left -= len(more)
            self.close(rule.linger)
            break
        if not self.stalled.is_set():
            self.close()


def _send(sock: socket.socket, data: bytes) -> None:
    if data:
        with contextlib.suppress(OSError):
            sock.sendall(data)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.rule: Rule | None = None
        self.conns: list[_Conn] = []
        self.accepted = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        _shut(self._listener)
        self.drop_all()

    def arm(self, rule: Rule | None) -> Rule | None:
        self.rule = rule
        return rule

    def drop_all(self) -> None:
        for conn in list(self.conns):
            conn.close()

    def stall_all(self) -> None:
        for conn in list(self.conns):
            conn.stalled.set()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                _shut(client)
                continue
            conn = _Conn(client, server, self)
            self.conns.append(conn)
            self.accepted += 1
            conn.start()


def wait_for(predicate: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False

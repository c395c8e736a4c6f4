"""A stand-in for ClamAV's clamd on loopback (or a unix socket), speaking the real wire protocol.

It answers ``zPING``/``nPING``, ``zVERSION`` and ``zINSTREAM`` (4-byte big-endian chunk lengths ended by a
zero length), reporting ``stream: Eicar-Test-Signature FOUND`` when the data holds the EICAR test string and
``stream: OK`` otherwise, with clamd's ``INSTREAM size limit exceeded. ERROR`` past ``stream_max_length``.
It can be stopped and started again on the same address (clamd down, clamd back). No real signatures:
the EICAR string is assembled at run time from pieces, so no file in the repository is itself flagged.
"""

from __future__ import annotations

import contextlib
import os
import socketserver
import struct
import threading
from pathlib import Path

from tests.support import pdfs


def eicar() -> bytes:
    """The 68-byte EICAR anti-virus test string, built from pieces (never stored whole)."""
    pieces = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-", "FILE!$H+H*")
    return "".join(pieces).encode("ascii")


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def _command(self) -> tuple[bytes, bytes]:
        """The command and its terminator: ``z`` commands end with NUL, ``n`` commands with a newline."""
        received = b""
        while not received.endswith((b"\0", b"\n")) and len(received) < 64:
            part = self.request.recv(1)
            if not part:
                break
            received += part
        return received[:-1], received[-1:]

    def _read_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = self.request.recv(min(65536, size - len(data)))
            if not part:
                raise ConnectionError("client went away")
            data += part
        return data

    def handle(self) -> None:
        if self.server.hung.is_set():  # accepts, reads nothing, answers nothing (a wedged clamd)
            self.server.released.wait(30)
            return
        command, end = self._command()
        if command in (b"zPING", b"nPING"):
            self.request.sendall(b"PONG" + end)
        elif command == b"zVERSION":
            self.request.sendall(b"ClamAV 1.4.6/stand-in\0")
        elif command == b"zINSTREAM":
            data, too_long = b"", False
            while True:
                (size,) = struct.unpack("!L", self._read_exactly(4))
                if size == 0:
                    break
                data += self._read_exactly(size)
                if len(data) > self.server.stream_max_length:
                    too_long = True
                    break
            self.server.scanned.append(len(data))
            if too_long:
                self.request.sendall(b"INSTREAM size limit exceeded. ERROR\0")
            elif eicar() in data:
                self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0")
            else:
                self.request.sendall(b"stream: OK\0")
        else:
            self.request.sendall(b"UNKNOWN COMMAND\0")


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True
    stream_max_length: int
    scanned: list[int]
    hung: threading.Event
    released: threading.Event


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    stream_max_length: int
    scanned: list[int]
    hung: threading.Event
    released: threading.Event


class StandInClamd:
    """``start()`` listens (on a free loopback port, or ``unix_path``); ``stop()`` closes the socket, so
    clients get "connection refused" exactly as when clamd is down; ``start()`` again reopens the same
    address. ``hung`` set: connections are accepted and never answered. ``scanned`` lists the size of every
    stream scanned."""

    def __init__(self, unix_path: Path | None = None, stream_max_length: int = 25 * 1024 * 1024) -> None:
        self.unix_path = unix_path
        self.stream_max_length = stream_max_length
        self.port = 0
        self.scanned: list[int] = []
        self.hung = threading.Event()
        self.released = threading.Event()
        self._server: _Server | _UnixServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"unix://{self.unix_path}" if self.unix_path else f"tcp://127.0.0.1:{self.port}"

    def start(self) -> StandInClamd:
        if self.unix_path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.unix_path)
            server: _Server | _UnixServer = _UnixServer(str(self.unix_path), _Handler)
        else:
            server = _Server(("127.0.0.1", self.port), _Handler)
            self.port = server.server_address[1]
        server.stream_max_length = self.stream_max_length
        server.scanned = self.scanned
        server.hung, server.released = self.hung, self.released
        self.released.clear()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self.unix_path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.unix_path)

    def __enter__(self) -> StandInClamd:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def clean_pdf() -> bytes:
    return pdfs.build()


def infected_pdf() -> bytes:
    """A PDF carrying the EICAR test string, which every virus scanner (and the stand-in) flags."""
    return pdfs.build(objects={5: b"<</Length 68>>stream\n" + eicar() + b"\nendstream"})

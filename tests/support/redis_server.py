"""A private Redis (Debian's ``redis-server``) on a free loopback port, that a test may shut down and
start again without touching anyone else's Redis: what a Redis restart or failover does to the app."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.support.net import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def available() -> bool:
    return Path(REDIS_SERVER).exists()


class RedisServer:
    """No persistence (``save ""``, no AOF): after a restart it is empty, as a failover to a fresh replica
    or a restart without a dump would leave it, so every tab's Reflex state is gone."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.data_dir), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.command("PING") == "+PONG":
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def shutdown(self) -> None:
        """``SHUTDOWN NOSAVE``, as an operator or a crash would; returns once the port is closed."""
        self.command("SHUTDOWN", "NOSAVE")
        if self.process is not None:
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def command(self, *words: str) -> str | None:
        """One command in Redis's inline protocol; its first reply line, or None when nothing answers."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                connection.sendall((" ".join(words) + "\r\n").encode())
                return connection.recv(4096).decode(errors="replace").split("\r\n", 1)[0]
        except OSError:
            return None

    def key_count(self) -> int:
        reply = self.command("DBSIZE") or ":0"
        return int(reply.lstrip(":"))

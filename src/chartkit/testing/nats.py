"""Run the pinned nats-server (Debian's `nats-server` package, installed by
`make nats-server`) on a configuration the platform chart renders, and speak
enough of the NATS client protocol (INFO, CONNECT, PING/PONG, SUB, PUB, MSG)
to authenticate, publish and subscribe over a raw socket.

The server listens on loopback at ports the caller chooses; command-line
flags override the rendered ports and pid file, so the rendered nats.conf is
used as written otherwise.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

NATS_SERVER_VERSION = "2.9.10"  # Debian nats-server 2.9.10-1+b3 (Makefile: NATS_SERVER_DEB)
HOST = "127.0.0.1"
CONFIG_FLAG = "--config /etc/nats/nats.conf"  # as the StatefulSet runs it


class NatsServerUnavailable(RuntimeError):
    pass


class NatsError(RuntimeError):
    """The server answered -ERR (e.g. 'Authorization Violation') or hung up."""


@cache
def nats_server_path() -> str:
    """nats-server on PATH (or /usr/sbin, where Debian puts it), only the pinned version."""
    path = shutil.which("nats-server") or shutil.which("nats-server", path="/usr/sbin")
    if path is None:
        raise NatsServerUnavailable("nats-server is not installed: run `make nats-server` (as root, or apt-get it)")
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"v(\d+\.\d+\.\d+)", out.stdout + out.stderr)
    if found is None or found.group(1) != NATS_SERVER_VERSION:
        said = (out.stdout + out.stderr).strip()
        raise NatsServerUnavailable(f"{path} is not nats-server {NATS_SERVER_VERSION}: {said}")
    return path


@dataclass(frozen=True)
class Ports:
    client: int
    cluster: int
    monitor: int


@contextmanager
def nats_server(container: Mapping[str, Any], config: str, env: Mapping[str, str],
                ports: Ports) -> Iterator[subprocess.Popen[str]]:
    """The rendered NATS container's command line, run here: its config path
    replaced by a file holding `config`, loopback ports and a private pid file
    added as flags (which override the file), `env` as its environment, and
    the pinned nats-server first on PATH."""
    with tempfile.TemporaryDirectory() as folder:
        conf = Path(folder) / "nats.conf"
        conf.write_text(config)
        flags = (f"--config {conf} --addr {HOST} --port {ports.client} --http_port {ports.monitor} "
                 f"--cluster nats://{HOST}:{ports.cluster} --pid {Path(folder) / 'nats.pid'}")
        argv = [*container.get("command", []), *container.get("args", [])]
        assert any(CONFIG_FLAG in a for a in argv), f"{CONFIG_FLAG!r} is not in the container's command line"
        argv = [a.replace(CONFIG_FLAG, flags) for a in argv]
        path = f"{Path(nats_server_path()).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"
        proc = subprocess.Popen(argv, env={"PATH": path, "LC_ALL": "C", **env}, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            _wait_for(ports.client, proc)
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _wait_for(port: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise NatsError(f"nats-server exited {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}")
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise NatsError(f"nats-server did not listen on {port} within 20 s")


class Client:
    """A NATS client connection, authenticated with user and password."""

    def __init__(self, port: int, user: str, password: str) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=10)
        self.file = self.sock.makefile("rb")
        self.info = json.loads(self._line().removeprefix("INFO "))
        connect = {"user": user, "pass": password, "verbose": False, "pedantic": False, "protocol": 1,
                   "name": "chartkit"}
        self.sock.sendall(f"CONNECT {json.dumps(connect)}\r\n".encode())
        self.ping()

    def _line(self) -> str:
        line = self.file.readline().decode()
        if not line:
            raise NatsError("the server closed the connection")
        if line.startswith("-ERR"):
            raise NatsError(line.strip())
        return line.rstrip("\r\n")

    def ping(self) -> None:
        self.sock.sendall(b"PING\r\n")
        line = self._line()
        while line != "PONG":  # a PING from the server, or +OK, before our PONG
            if line == "PING":
                self.sock.sendall(b"PONG\r\n")
            line = self._line()

    def subscribe(self, subject: str, sid: int = 1) -> None:
        self.sock.sendall(f"SUB {subject} {sid}\r\n".encode())
        self.ping()

    def publish(self, subject: str, payload: bytes) -> None:
        self.sock.sendall(f"PUB {subject} {len(payload)}\r\n".encode() + payload + b"\r\n")
        self.ping()

    def next_message(self) -> tuple[str, bytes]:
        """(subject, payload) of the next MSG."""
        line = self._line()
        while not line.startswith("MSG "):
            if line == "PING":
                self.sock.sendall(b"PONG\r\n")
            line = self._line()
        parts = line.split()
        payload = self.file.read(int(parts[-1]) + 2)[:-2]
        return parts[1], payload

    def close(self) -> None:
        self.file.close()
        self.sock.close()

"""Loopback listeners for running the charts' scripts for real, in tests.

`Loopback` runs an asyncio loop in a thread and opens servers on 127.0.0.1
at ephemeral ports: an SMTP server (aiosmtpd's protocol, so a real 220
greeting and command handling), plain TCP listeners that accept and wait
for the client to hang up, as a TLS port does until its ClientHello (or
greet with any line, e.g. a wrong SMTP banner), and an HTTP(S) server
(http.server, optionally wrapped by `ssl`) answering every GET, PATCH, POST
and DELETE with a chosen status, or a stand-in API's answer, and recording
each call. `free_port()` is a port with
nothing listening on it. `run_container` runs a rendered container's command
line on this machine, with its literal environment and named substitutions.
"""
from __future__ import annotations

import asyncio
import http.server
import os
import socket
import ssl
import subprocess
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.smtp import SMTP

HOST = "127.0.0.1"
POLL_S = 0.01  # how often a serving thread looks for shutdown(): the default 0.5 s delays every test's end


class _Sink:
    """aiosmtpd handler that accepts and drops every message."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        return "250 OK"


@dataclass(frozen=True)
class Call:
    """One request an HTTP server of `Loopback` answered."""
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Loopback:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._servers: list[asyncio.AbstractServer] = []
        self._http: list[http.server.ThreadingHTTPServer] = []
        self.requests: list[str] = []  # paths the HTTP servers were asked for
        self.calls: list[Call] = []  # every request, whole

    def __enter__(self) -> Loopback:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for httpd in self._http:
            httpd.shutdown()
            httpd.server_close()
        self._run(self._close_all())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()

    def _run(self, coro: Awaitable[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)  # type: ignore[arg-type]

    async def _close_all(self) -> None:
        for server in self._servers:
            server.close()
            await server.wait_closed()

    async def _serve(self, factory: Callable[[], asyncio.BaseProtocol]) -> int:
        server = await self.loop.create_server(factory, HOST, 0)
        self._servers.append(server)
        return server.sockets[0].getsockname()[1]

    def smtp(self, hostname: str = "mail.example.com") -> int:
        """An SMTP server; its greeting is `220 <hostname> ...`."""
        return self._run(self._serve(lambda: SMTP(_Sink(), hostname=hostname, loop=self.loop)))

    def tcp(self, greeting: bytes = b"") -> int:
        """A listener that sends `greeting` (maybe nothing) and then waits
        for the client to close."""

        async def serve() -> int:
            async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
                writer.write(greeting)
                await writer.drain()
                await reader.read()
                writer.close()

            server = await asyncio.start_server(on_connect, HOST, 0)
            self._servers.append(server)
            return server.sockets[0].getsockname()[1]

        return self._run(serve())

    def http(self, status: int | list[int] = 200, tls: tuple[Path, Path] | None = None,
             answer: Callable[[Call], tuple[int, bytes]] | None = None) -> int:
        """An HTTP server answering every GET, PATCH, POST and DELETE with
        `status` (a list: one answer per request in turn, the last one
        repeated) and no body, or with what `answer` returns for the call
        (status, JSON body: a stand-in API), over TLS with `tls` =
        (certificate, key); the paths it was asked for are in
        `self.requests`, the whole requests in `self.calls`."""
        requests, calls = self.requests, self.calls
        answers = list(status) if isinstance(status, list) else [status]

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                requests.append(self.path)
                call = Call(self.command, self.path, dict(self.headers), body)
                calls.append(call)
                code, out = answer(call) if answer else (answers.pop(0) if len(answers) > 1 else answers[0], b"")
                self.send_response(code)
                if out:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_PATCH = do_POST = do_DELETE = _answer  # noqa: N815 (http.server's names)

            def log_message(self, *args: Any) -> None:
                pass

        httpd = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        self._http.append(httpd)
        threading.Thread(target=httpd.serve_forever, args=(POLL_S,), daemon=True).start()
        return httpd.server_address[1]


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run_container(container: dict[str, Any], replace: dict[str, str], timeout: float,
                  tools: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a rendered container's `command` + `args` here, with the literal
    `value`s of its `env`, after replacing each key of `replace` by its value
    in every argument and variable. Every key must occur, so a substitution
    can never silently miss (the script would then talk to the cluster name,
    not the loopback listener). `tools` is a folder put first on PATH (stand-ins
    for commands such as `sleep`)."""
    argv = [*container.get("command", []), *container.get("args", [])]
    variables = {e["name"]: str(e["value"]) for e in container.get("env", []) if "value" in e}
    for old, new in replace.items():
        found = any(old in a for a in [*argv, *variables.values()])
        assert found, f"{old!r} does not occur in the container's command line or environment"
        argv = [a.replace(old, new) for a in argv]
        variables = {k: v.replace(old, new) for k, v in variables.items()}
    path = os.environ.get("PATH", "/usr/bin:/bin")
    env = {"PATH": f"{tools}:{path}" if tools else path, "LC_ALL": "C", **variables}
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)


def recording_sleep(directory: Path) -> Path:
    """A folder holding a `sleep` that returns at once and appends its
    argument to `directory/slept` (one line a call): put it first on PATH to
    see a script's waits without waiting."""
    shim = directory / "sleep"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{directory}/slept"\n')
    shim.chmod(0o755)
    return directory


def self_signed(directory: Path, host: str = HOST) -> tuple[Path, Path]:
    """A certificate for `host` (an IP address) and its key, made by openssl:
    (certificate, key) in `directory`. The certificate is its own CA."""
    cert, key = directory / "tls.crt", directory / "tls.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "1", "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key

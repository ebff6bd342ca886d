"""templates/_tls.tpl: the tls-reload sidecar's script, executed against a loopback stand-in for
Stalwart's JMAP endpoint: it waits its interval, reloads once per certificate change, retries,
survives Stalwart being down, and keeps credentials off command lines."""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from chartkit.rendering.render import container, render, values_with
from chartkit.testing.loopback import POLL_S, recording_sleep
from stalwart_charts.base.scenarios import DECLARATIVE


class _Stalwart(BaseHTTPRequestHandler):
    """A stand-in for Stalwart's JMAP endpoint: records each request and
    answers as the server's `answer` attribute says."""

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        self.server.requests.append((self.path, dict(self.headers), self.rfile.read(length)))  # type: ignore[attr-defined]
        body = json.dumps(self.server.answer).encode()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


CREATED = {"methodResponses": [["x:Action/set", {"created": {"r1": {"id": "a1"}}}, "c1"]], "sessionState": "s"}


REFUSED = {"methodResponses": [["x:Action/set", {"notCreated": {"r1": {"type": "forbidden"}}}, "c1"]]}


@pytest.fixture(scope="module")
def script() -> str:
    args = container(render(values_with(DECLARATIVE, {"tls": {"secretName": "stalwart-tls"}})), "tls-reload")["args"]
    assert len(args) == 1
    return args[0]


@pytest.fixture
def stalwart_http() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stalwart)
    server.requests, server.answer = [], CREATED  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(POLL_S,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _run(script: str, tls_dir: Path, url: str, interval: str = "0.1",
         tools: Path | None = None, password: str = "s3cret") -> subprocess.Popen[str]:
    env = {**os.environ, "TLS_DIR": str(tls_dir), "INTERVAL": interval, "STALWART_URL": url,
           "RELOAD_USER": "admin", "RELOAD_PASSWORD": password}
    if tools:
        env["PATH"] = f"{tools}:{env['PATH']}"
    return subprocess.Popen(["bash", "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _rotate(tls_dir: Path, serial: int) -> None:
    """As the kubelet does: new files in a fresh directory, then the ..data link swapped."""
    new = tls_dir / f"..v{serial}"
    new.mkdir()
    (new / "tls.crt").write_text(f"CERT {serial}\n")
    (new / "tls.key").write_text(f"KEY {serial}\n")
    tmp = tls_dir / "..data_tmp"
    tmp.symlink_to(new.name)
    tmp.replace(tls_dir / "..data")


@pytest.fixture
def tls_dir(tmp_path: Path) -> Path:
    _rotate(tmp_path, 1)
    for name in ("tls.crt", "tls.key"):
        (tmp_path / name).symlink_to(f"..data/{name}")
    return tmp_path


def test_script_waits_its_interval_before_every_check(script, stalwart_http, tls_dir, tmp_path) -> None:
    """With a `sleep` that returns at once and records its argument, every
    round of the loop is seen to wait INTERVAL seconds (no busy loop)."""
    (tmp_path / "tools").mkdir()  # tmp_path is also tls_dir
    tools = recording_sleep(tmp_path / "tools")
    proc = _run(script, tls_dir, f"http://127.0.0.1:{stalwart_http.server_port}", interval="7", tools=tools)
    slept = tools / "slept"
    try:
        assert _wait_for(lambda: slept.exists() and len(slept.read_text().splitlines()) >= 3)
    finally:
        proc.terminate()
        proc.communicate(timeout=5)
    assert set(slept.read_text().splitlines()) == {"7"}


def test_script_reloads_once_per_change_through_jmap(script, stalwart_http, tls_dir) -> None:
    url = f"http://127.0.0.1:{stalwart_http.server_port}"
    proc = _run(script, tls_dir, url)
    try:
        time.sleep(0.5)
        assert stalwart_http.requests == []  # unchanged files: no reload
        _rotate(tls_dir, 2)
        assert _wait_for(lambda: len(stalwart_http.requests) == 1)
        time.sleep(0.5)
        assert len(stalwart_http.requests) == 1  # reloaded once, not every round
        path, headers, body = stalwart_http.requests[0]
        assert path == "/jmap/"
        assert headers["Authorization"] == "Basic " + base64.b64encode(b"admin:s3cret").decode()
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body) == {"using": ["urn:ietf:params:jmap:core", "urn:stalwart:jmap"], "methodCalls": [
            ["x:Action/set", {"create": {"r1": {"@type": "ReloadTlsCertificates"}}}, "c1"]]}
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=5)
    assert proc.returncode == 0  # TERM ends it at once, cleanly
    assert "ReloadTlsCertificates created" in out


def test_script_retries_until_stalwart_accepts(script, stalwart_http, tls_dir) -> None:
    stalwart_http.answer = REFUSED
    proc = _run(script, tls_dir, f"http://127.0.0.1:{stalwart_http.server_port}")
    try:
        time.sleep(0.25)
        _rotate(tls_dir, 2)
        assert _wait_for(lambda: len(stalwart_http.requests) >= 2)  # refused: tried again next round
        stalwart_http.answer = CREATED
        count = len(stalwart_http.requests)
        assert _wait_for(lambda: len(stalwart_http.requests) > count)
        time.sleep(0.5)
        settled = len(stalwart_http.requests)
        time.sleep(0.3)
        assert len(stalwart_http.requests) == settled  # accepted: quiet again
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=5)
    assert "reload failed, retrying" in err


def test_script_survives_stalwart_being_down(script, tls_dir) -> None:
    """Nothing listens at first (a restarting server): the change is kept
    pending and delivered once the server answers on that port."""
    probe = ThreadingHTTPServer(("127.0.0.1", 0), _Stalwart)
    port = probe.server_port
    probe.server_close()  # a port nobody listens on, for now
    proc = _run(script, tls_dir, f"http://127.0.0.1:{port}")
    printed: list[str] = []  # the script's stdout, read as it comes (it reports a delivery after the request)
    reader = threading.Thread(target=lambda: printed.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    server = None
    try:
        time.sleep(0.3)
        _rotate(tls_dir, 2)
        time.sleep(0.5)
        assert proc.poll() is None  # still running
        server = ThreadingHTTPServer(("127.0.0.1", port), _Stalwart)
        server.requests, server.answer = [], CREATED  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, args=(POLL_S,), daemon=True).start()
        assert _wait_for(lambda: len(server.requests) == 1)
        assert _wait_for(lambda: any("ReloadTlsCertificates created" in line for line in printed))
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        reader.join(timeout=5)
        err = proc.stderr.read()
        if server is not None:
            server.shutdown()
            server.server_close()
    out = "".join(printed)
    assert "reload failed, retrying" in err and "ReloadTlsCertificates created" in out


def test_script_keeps_credentials_off_command_lines(script, stalwart_http, tls_dir, tmp_path) -> None:
    """The admin's password reaches curl on stdin (`-K -`): a stand-in curl
    records its arguments and runs the real one, and a password with the
    characters curl's config syntax escapes still arrives intact."""
    password = 'pa"ss\\wo:rd'
    tools = tmp_path / "tools"
    tools.mkdir()
    real = shutil.which("curl")
    (tools / "curl").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{tools}/argv"\nexec "{real}" "$@"\n')
    (tools / "curl").chmod(0o755)
    proc = _run(script, tls_dir, f"http://127.0.0.1:{stalwart_http.server_port}", tools=tools, password=password)
    try:
        time.sleep(0.3)
        _rotate(tls_dir, 2)
        assert _wait_for(lambda: len(stalwart_http.requests) == 1)
    finally:
        proc.terminate()
        proc.communicate(timeout=5)
    _, headers, _ = stalwart_http.requests[0]
    assert headers["Authorization"] == "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()
    argv = (tools / "argv").read_text()
    assert "-K" in argv.splitlines() and "wo:rd" not in argv and "admin" not in argv

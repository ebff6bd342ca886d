"""Mail TLS (tls.secretName), its reload sidecar, STALWART_PUBLIC_URL and
Http.useXForwarded: each knob rendered under the matrix, the plan lines
checked against Stalwart's schema, and the sidecar's script run against a
loopback HTTP listener standing in for Stalwart's JMAP endpoint."""
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

from chartkit.rendering.render import container, pod_spec, render, render_error, values_with
from chartkit.testing.loopback import recording_sleep
from chartkit.validation.pss import helper_container_context, restricted_violations
from stalwart_charts.base.scenarios import BASE, DECLARATIVE, HOST
from stalwart_charts.charts import default_values
from stalwart_charts.server.rendered import plan_lines, rendered_problems

TLS = {"tls": {"secretName": "stalwart-tls"}}
TLS_DIR = "/etc/stalwart/tls"


def ops(objs: list[dict]) -> list[dict]:
    return [json.loads(line) for line in plan_lines(objs)]


def env_of(objs: list[dict], name: str = "stalwart") -> dict[str, dict]:
    return {e["name"]: e for e in container(objs, name).get("env", [])}


def container_names(objs: list[dict]) -> list[str]:
    return [c["name"] for c in pod_spec(objs)["containers"]]


# --- the mount ----------------------------------------------------------------

def test_secret_is_mounted_read_only_as_a_directory(r) -> None:
    objs = r(DECLARATIVE, TLS, base=False)
    volumes = {v["name"]: v for v in pod_spec(objs)["volumes"]}
    assert volumes["tls"] == {"name": "tls", "secret": {"secretName": "stalwart-tls", "defaultMode": 0o440}}
    mounts = [m for m in container(objs)["volumeMounts"] if m["name"] == "tls"]
    # No subPath: the kubelet only updates directory mounts of a Secret.
    assert mounts == [{"name": "tls", "mountPath": TLS_DIR, "readOnly": True}]
    # Beside config.json, which is a file mount into the /etc/stalwart emptyDir.
    assert {m["mountPath"] for m in container(objs)["volumeMounts"]} >= {"/etc/stalwart", "/etc/stalwart/config.json"}


def test_no_tls_volume_without_a_secret(r) -> None:
    objs = r(DECLARATIVE, base=False)
    assert "tls" not in {v["name"] for v in pod_spec(objs)["volumes"]}
    assert container_names(objs) == ["stalwart"]
    assert "Certificate" not in {op["object"] for op in ops(objs)}


# --- the plan -----------------------------------------------------------------

def test_plan_registers_the_files_as_the_default_certificate(r) -> None:
    plan = ops(r(DECLARATIVE, TLS, base=False))
    cert = [op for op in plan if op["object"] == "Certificate"]
    assert cert == [{"@type": "upsert", "object": "Certificate", "matchOn": ["certificate"], "value": {"chart-tls": {
        "certificate": {"@type": "File", "filePath": f"{TLS_DIR}/tls.crt"},
        "privateKey": {"@type": "File", "filePath": f"{TLS_DIR}/tls.key"}}}}]
    at = plan.index(cert[0])
    assert plan[at + 1] == {"@type": "update", "object": "SystemSettings",
                            "value": {"defaultCertificateId": "#chart-tls"}}
    assert plan[at + 2] == {"@type": "create", "object": "Action",
                            "value": {"reload-tls": {"@type": "ReloadTlsCertificates"}}}


def test_plan_never_creates_or_destroys_certificates(r) -> None:
    """Re-runnable: an upsert on the chart's own file path; nothing the chart
    does not own can be matched, and nothing is ever destroyed."""
    plan = ops(r(DECLARATIVE, TLS, base=False))
    assert [op["@type"] for op in plan if op["object"] == "Certificate"] == ["upsert"]
    assert not [op for op in plan if op["@type"] in ("destroy", "reconcile") and op["object"] == "Certificate"]


def test_tls_plan_lines_match_stalwarts_schema(stalwart, helm) -> None:
    objs = render(values_with(DECLARATIVE, TLS), helm=helm)
    assert rendered_problems(objs, []) == []


def test_x_forwarded_is_written_off_by_default_and_on_when_asked(r) -> None:
    def http(values: dict) -> list[dict]:
        return [op for op in ops(r(DECLARATIVE, values, base=False)) if op["object"] == "Http"]
    assert http({}) == [{"@type": "update", "object": "Http", "value": {"useXForwarded": False}}]
    assert http({"bootstrap": {"http": {"useXForwarded": True, "forwardedSpoofingAcknowledged": True}}}) == [
        {"@type": "update", "object": "Http", "value": {"useXForwarded": True}}]


def test_x_forwarded_plan_line_matches_stalwarts_schema(stalwart, helm) -> None:
    acked = {"useXForwarded": True, "forwardedSpoofingAcknowledged": True}
    objs = render(values_with(DECLARATIVE, {"bootstrap": {"http": acked}}), helm=helm)
    assert rendered_problems(objs, []) == []


def test_proxy_networks_stay_off_the_http_listener(r) -> None:
    plan = ops(r(DECLARATIVE, {"bootstrap": {"listeners": {"proxyTrustedNetworks": ["192.0.2.0/24"]}}}, base=False))
    listeners = next(op for op in plan if op["object"] == "NetworkListener")["value"]
    assert listeners and all(body["protocol"] != "http" for body in listeners.values())
    assert all(body["overrideProxyTrustedNetworks"] == {"192.0.2.0/24": True} for body in listeners.values())


# --- the reload sidecar ----------------------------------------------------------

def test_sidecar_authenticates_as_the_recovery_admin_in_declarative_mode(r) -> None:
    objs = r(DECLARATIVE, TLS, base=False)
    assert container_names(objs) == ["stalwart", "tls-reload"]
    env = env_of(objs, "tls-reload")
    assert env["RELOAD_USER"]["valueFrom"] == {"secretKeyRef": {"name": "stalwart-admin", "key": "username"}}
    assert env["RELOAD_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "stalwart-admin", "key": "password"}}
    assert env["STALWART_URL"]["value"] == "http://127.0.0.1:8080"
    assert env["TLS_DIR"]["value"] == TLS_DIR and env["INTERVAL"]["value"] == "60"
    assert container(objs, "tls-reload")["volumeMounts"] == [{"name": "tls", "mountPath": TLS_DIR, "readOnly": True}]


def test_sidecar_uses_its_own_secret_in_wizard_mode(r) -> None:
    objs = r({"tls": {"secretName": "stalwart-tls", "reload": {"existingSecret": "ops", "intervalSeconds": 15}}})
    env = env_of(objs, "tls-reload")
    assert env["RELOAD_USER"]["valueFrom"]["secretKeyRef"] == {"name": "ops", "key": "username"}
    assert env["INTERVAL"]["value"] == "15"


def test_sidecar_targets_the_http_container_port(r) -> None:
    """containerPorts.http can only be 8080, where Stalwart binds its http listener (guard table)."""
    objs = r(DECLARATIVE, TLS, base=False)
    assert env_of(objs, "tls-reload")["STALWART_URL"]["value"] == "http://127.0.0.1:8080"


def test_sidecar_can_be_turned_off(r) -> None:
    objs = r(DECLARATIVE, {"tls": {"secretName": "stalwart-tls", "reload": {"enabled": False}}}, base=False)
    assert container_names(objs) == ["stalwart"]
    assert "tls" in {v["name"] for v in pod_spec(objs)["volumes"]}


def test_sidecar_is_restricted_and_holds_no_credential(r) -> None:
    objs = r(DECLARATIVE, TLS, base=False)
    assert restricted_violations(pod_spec(objs)) == []
    sidecar = container(objs, "tls-reload")
    assert sidecar["securityContext"] == helper_container_context(2000)  # the image's stalwart user
    assert all("value" not in e for e in sidecar["env"] if e["name"].startswith("RELOAD_"))
    assert pod_spec(objs)["automountServiceAccountToken"] is False
    assert sidecar["resources"] == default_values()["tls"]["reload"]["resources"]
    assert sidecar["volumeMounts"] == [{"name": "tls", "mountPath": "/etc/stalwart/tls", "readOnly": True}]


# --- the public URL ---------------------------------------------------------------

def test_public_url_defaults_to_the_first_gateway_hostname(r) -> None:
    objs = r({"gateway": {"hostnames": [HOST, "webmail.example.com"]}})
    assert env_of(objs)["STALWART_PUBLIC_URL"] == {"name": "STALWART_PUBLIC_URL", "value": f"https://{HOST}"}


def test_explicit_public_url_wins_and_is_not_duplicated(r) -> None:
    url = "https://webmail.example.com"
    objs = r({"gateway": {"hostnames": [HOST, "webmail.example.com"]},
              "env": [{"name": "STALWART_PUBLIC_URL", "value": url}]})
    names = [e["name"] for e in container(objs)["env"]]
    assert names.count("STALWART_PUBLIC_URL") == 1 and env_of(objs)["STALWART_PUBLIC_URL"]["value"] == url


def test_no_public_url_without_the_gateway(r) -> None:
    objs = r({"gateway": {"enabled": False}})
    assert "STALWART_PUBLIC_URL" not in env_of(objs)


# --- the script, run ----------------------------------------------------------------

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
    args = container(render(values_with(DECLARATIVE, TLS)), "tls-reload")["args"]
    assert len(args) == 1
    return args[0]


@pytest.fixture
def stalwart_http() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stalwart)
    server.requests, server.answer = [], CREATED  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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
        threading.Thread(target=server.serve_forever, daemon=True).start()
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


@pytest.mark.parametrize("values,path", [
    ({"tls": {"reload": {"intervalSeconds": 1}}}, "/tls/reload/intervalSeconds"),
    ({"tls": {"secretName": "Stalwart_TLS"}}, "/tls/secretName"),
    ({"tls": {"reload": {"existingSecret": "a b"}}}, "/tls/reload/existingSecret"),
    ({"bootstrap": {"http": {"useXForwarded": "yes"}}}, "/bootstrap/http/useXForwarded"),
    ({"tls": {"certificate": "x"}}, "additional properties 'certificate'"),
], ids=["interval-too-short", "secret-name-not-dns", "reload-secret-not-dns", "x-forwarded-not-bool",
        "unknown-tls-key"])
def test_schema_refuses_bad_tls_values(helm, values: dict, path: str) -> None:
    assert path in render_error(values_with(BASE, values), helm=helm)


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

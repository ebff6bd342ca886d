"""templates/_probes.tpl: exec probes from loopback, the startup window and
the wizard's readiness gate.

Stalwart rate-limits /healthz like any anonymous request (100/min per
address) and bans by address; loopback is always allowed
(v0.16.18 crates/http/src/request.rs:525-528, crates/common/src/auth/rate_limit.rs:68-70,
crates/common/src/network/security.rs:151-162). The exec commands are run
here against a loopback HTTP server, as the kubelet runs them in the pod."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from chartkit.rendering.render import container
from chartkit.testing.loopback import Loopback, free_port, run_container
from stalwart_charts.charts import default_values

ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
CONFIG = "/etc/stalwart/config.json"


@pytest.fixture(scope="module")
def wizard(r) -> dict:
    return container(r())


@pytest.fixture(scope="module")
def declarative(r) -> dict:
    return container(r(ROCKSDB))


def run_probe(probe: dict, port: int, replace: dict[str, str] | None = None) -> int:
    """Exit code of a rendered exec probe, with 127.0.0.1:8080 moved to `port`."""
    proc = run_container({"command": probe["exec"]["command"]},
                         {"127.0.0.1:8080": f"127.0.0.1:{port}", **(replace or {})}, timeout=15)
    return proc.returncode


def test_every_default_probe_execs_curl_on_loopback_not_a_kubelet_http_get(wizard: dict, declarative: dict) -> None:
    for c in (wizard, declarative):
        for name in ("startupProbe", "livenessProbe", "readinessProbe"):
            probe = c[name]
            assert "httpGet" not in probe and "tcpSocket" not in probe
            line = " ".join(probe["exec"]["command"])
            assert "http://127.0.0.1:8080/healthz/" in line and "X-Forwarded-For: 127.0.0.1" in line


def test_the_default_startup_window_is_at_least_five_minutes(wizard: dict) -> None:
    s = wizard["startupProbe"]
    assert s["periodSeconds"] * s["failureThreshold"] >= 300


def test_the_startup_window_value_sets_the_threshold(r) -> None:
    s = container(r({"startupWindowSeconds": 605, "startupProbe": {"periodSeconds": 20}}))["startupProbe"]
    assert (s["periodSeconds"], s["failureThreshold"]) == (20, math.ceil(605 / 20))


def test_an_own_handler_is_kept_verbatim_and_null_disables(r) -> None:
    c = container(r({"livenessProbe": {"httpGet": {"path": "/healthz/live", "port": "http"}}, "readinessProbe": None,
                     "startupProbe": {"failureThreshold": 60}}))
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz/live", "port": "http"}
    assert "exec" not in c["livenessProbe"]
    assert "readinessProbe" not in c
    assert c["startupProbe"]["failureThreshold"] == 60


def test_probes_use_the_http_container_port(r) -> None:
    """The http listener is bound at a fixed port (moving containerPorts.http is refused), so the probes
    name the chart's own containerPorts.http."""
    port = default_values()["containerPorts"]["http"]
    c = container(r())
    assert f"http://127.0.0.1:{port}/healthz/live" in c["livenessProbe"]["exec"]["command"]


def test_liveness_and_startup_pass_on_200_and_fail_otherwise(declarative: dict, loopback: Loopback) -> None:
    ok, limited = loopback.http(200), loopback.http(429)
    for name in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert run_probe(declarative[name], ok) == 0
        assert run_probe(declarative[name], limited) != 0
        assert run_probe(declarative[name], free_port()) != 0
    sent = [c for c in loopback.calls if c.path.startswith("/healthz/")]
    assert sent and all(c.headers.get("X-Forwarded-For") == "127.0.0.1" for c in sent)


def test_wizard_readiness_waits_for_config_json_although_stalwart_answers_200(
        wizard: dict, loopback: Loopback, tmp_path: Path) -> None:
    """Bootstrap mode answers /healthz/ready with 200 (its ephemeral store is
    not Store::None, crates/store/src/build/registry.rs:36-67), so only the
    file the wizard writes tells setup is done."""
    port = loopback.http(200)
    missing, written = tmp_path / "absent.json", tmp_path / "config.json"
    written.write_text("{}")
    assert run_probe(wizard["readinessProbe"], port, {CONFIG: str(missing)}) != 0
    assert run_probe(wizard["readinessProbe"], port, {CONFIG: str(written)}) == 0


def test_the_gate_is_wizard_only_and_can_be_turned_off(declarative: dict, r) -> None:
    assert "config.json" not in " ".join(declarative["readinessProbe"]["exec"]["command"])
    off = container(r({"setup": {"privateUntilConfigured": False}}))["readinessProbe"]["exec"]["command"]
    assert off[0] == "curl" and "config.json" not in " ".join(off)

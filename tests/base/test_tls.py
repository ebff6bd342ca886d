"""Mail TLS (tls.secretName), its reload sidecar, STALWART_PUBLIC_URL and
Http.useXForwarded: each knob rendered under the matrix, the plan lines
checked against Stalwart's schema (the sidecar's script runs in
test_tls_reload_script.py)."""
from __future__ import annotations

import json

import pytest

from chartkit.rendering.render import container, pod_spec, render, render_error, values_with
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


def test_sidecar_authenticates_as_the_recovery_admin_where_no_plan_creates_its_account(r) -> None:
    """Declarative mode with the bootstrap Job off: no plan creates the reload-only account
    (test_tls_reload_account.py), so the sidecar keeps the recovery admin."""
    objs = r(DECLARATIVE, TLS, {"bootstrap": {"enabled": False}}, base=False)
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
    assert "value" not in next(e for e in sidecar["env"] if e["name"] == "RELOAD_PASSWORD")
    assert pod_spec(objs)["automountServiceAccountToken"] is False
    assert sidecar["resources"] == default_values()["tls"]["reload"]["resources"]
    assert sidecar["volumeMounts"] == [{"name": "tls", "mountPath": "/etc/stalwart/tls", "readOnly": True}]


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


@pytest.mark.parametrize("values,path", [
    ({"tls": {"reload": {"intervalSeconds": 1}}}, "/tls/reload/intervalSeconds"),
    ({"tls": {"secretName": "Stalwart_TLS"}}, 'tls.secretName: "Stalwart_TLS" is not a Kubernetes object name'),
    ({"tls": {"reload": {"existingSecret": "a b"}}}, 'tls.reload.existingSecret: "a b" is not a Kubernetes'),
    ({"bootstrap": {"http": {"useXForwarded": "yes"}}}, "/bootstrap/http/useXForwarded"),
    ({"tls": {"certificate": "x"}}, "additional properties 'certificate'"),
], ids=["interval-too-short", "secret-name-not-dns", "reload-secret-not-dns", "x-forwarded-not-bool",
        "unknown-tls-key"])
def test_schema_refuses_bad_tls_values(helm, values: dict, path: str) -> None:
    """Types by the schema (its path), forms in words by templates/_formats.tpl."""
    assert path in render_error(values_with(BASE, values), helm=helm)

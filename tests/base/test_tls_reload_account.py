"""templates/_accounts.tpl, templates/secret-tls-reload.yaml, templates/_tls.tpl: the tls-reload
sidecar's own account. With a plan (declarative mode, the bootstrap Job, bootstrap.domain), the plan
creates a user whose permissions are replaced by exactly authenticate, sysActionCreate and
actionReloadTlsCertificates (Stalwart checks the last two for x:Action/set ReloadTlsCertificates),
its password from a generated, lookup-kept Secret or tls.reload.existingSecret; without a plan
the sidecar keeps the recovery admin, or the operator's Secret in wizard mode."""
from __future__ import annotations

import json
from typing import Any

import pytest

from chartkit.rendering.render import container, pod_spec, render, values_with
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.server.rendered import plan_lines, rendered_problems
from stalwart_charts.server.schema import StalwartSchema

TLS = {"tls": {"secretName": "stalwart-tls"}}
PERMISSIONS = {"authenticate": True, "sysActionCreate": True, "actionReloadTlsCertificates": True}


def _env(objs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container(objs, "tls-reload")["env"]}


def _account(objs: list[dict[str, Any]]) -> dict[str, Any] | None:
    for line in plan_lines(objs):
        op = json.loads(line)
        if op["object"] == "Account":
            assert op["@type"] == "upsert" and op["matchOn"] == ["name", "domainId"]
            if "tls-reload" in op["value"]:
                return op["value"]["tls-reload"]
    return None


def _secret(objs: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    return next((o for o in objs if o["kind"] == "Secret" and o["metadata"]["name"] == name), None)


@pytest.fixture(scope="module")
def planned() -> list[dict[str, Any]]:
    return render(values_with(DECLARATIVE, TLS))


def test_the_plan_creates_a_reload_only_account(planned: list[dict[str, Any]], stalwart: StalwartSchema) -> None:
    account = _account(planned)
    assert account is not None
    assert account["permissions"] == {"@type": "Replace", "enabledPermissions": PERMISSIONS,
                                      "disabledPermissions": {}}
    assert account["name"] == "tls-reload" and account["domainId"] == "#default-domain"
    assert account["credentials"] == {"0": {"@type": "Password", "secret": "__STALWART_SECRET_0__"}}
    known = {e["name"] for e in stalwart.enums["Permission"]}
    assert set(PERMISSIONS) <= known
    assert rendered_problems(planned, []) == []


def test_the_sidecar_logs_in_as_that_account(planned: list[dict[str, Any]]) -> None:
    env = _env(planned)
    assert env["RELOAD_USER"] == {"name": "RELOAD_USER", "value": "tls-reload@example.com"}
    assert env["RELOAD_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "stalwart-tls-reload", "key": "password"}}
    secret = _secret(planned, "stalwart-tls-reload")
    assert secret is not None and secret["type"] == "kubernetes.io/basic-auth"
    assert secret["metadata"]["annotations"] == {"helm.sh/resource-policy": "keep"}
    annotations = pod_spec(planned) and next(o for o in planned if o["kind"] == "Deployment")[
        "spec"]["template"]["metadata"]["annotations"]
    assert len(annotations["checksum/tls-reload"]) == 64
    job = next(o for o in planned if o["kind"] == "Job")["spec"]["template"]["spec"]
    assert {"name": "plan-secret-0", "secret": {"secretName": "stalwart-tls-reload", "defaultMode": 0o444,
                                                "optional": True,
                                                "items": [{"key": "password", "path": "password"}]}} in job["volumes"]


def test_an_existing_secret_gives_the_password_and_the_render_is_stable() -> None:
    """GitOps: renders without a cluster must not differ; tls.reload.existingSecret is the way."""
    values = values_with(DECLARATIVE, TLS, {"tls": {"reload": {"existingSecret": "reload-pw"}}})
    first, second = render(values), render(values)
    assert _secret(first, "stalwart-tls-reload") is None
    assert _env(first)["RELOAD_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "reload-pw", "key": "password"}
    assert _env(first)["RELOAD_USER"]["value"] == "tls-reload@example.com"
    assert _account(first) is not None
    deployment = next(o for o in first if o["kind"] == "Deployment")["spec"]["template"]["metadata"]
    assert "checksum/tls-reload" not in deployment.get("annotations", {})
    assert [o for o in first if o["kind"] != "Secret"] == [o for o in second if o["kind"] != "Secret"]


@pytest.mark.parametrize("overlay", [
    {"tls": {"reload": {"account": ""}}},
    {"bootstrap": {"enabled": False}},
    {"bootstrap": {"domain": "", "hostname": ""}},
], ids=["account-off", "no-job", "no-domain"])
def test_without_a_plan_for_it_the_sidecar_keeps_the_recovery_admin(overlay: dict[str, Any]) -> None:
    objs = render(values_with(DECLARATIVE, TLS, overlay))
    assert _account(objs) is None and _secret(objs, "stalwart-tls-reload") is None
    assert _env(objs)["RELOAD_USER"]["valueFrom"]["secretKeyRef"] == {"name": "stalwart-admin", "key": "username"}


def test_wizard_mode_creates_no_account() -> None:
    objs = render(values_with({"gateway": {"hostnames": ["mail.example.com"]}},
                              {"tls": {"secretName": "stalwart-tls", "reload": {"existingSecret": "ops"}}}))
    assert _secret(objs, "stalwart-tls-reload") is None and not plan_lines(objs)
    assert _env(objs)["RELOAD_USER"]["valueFrom"]["secretKeyRef"] == {"name": "ops", "key": "username"}

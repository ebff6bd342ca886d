"""templates/pooler.yaml: PgBouncer in session mode, restricted pods."""
from __future__ import annotations

from chartkit.charts import Chart
from chartkit.rendering.render import find
from chartkit.validation.apirules import pod_spec_of
from chartkit.validation.pss import restricted_violations
from stalwart_charts.platform.scenarios import ALL_FEATURES


def test_session_pooler_in_front_of_the_primary(rp) -> None:
    pooler = find(rp(ALL_FEATURES), "Pooler")
    assert pooler["metadata"]["name"] == "stalwart-db-pooler-rw"
    spec = pooler["spec"]
    assert spec["cluster"] == {"name": "stalwart-db"} and spec["type"] == "rw" and spec["instances"] == 2
    assert spec["pgbouncer"]["poolMode"] == "session"
    assert spec["pgbouncer"]["parameters"] == {"max_client_conn": "1000", "default_pool_size": "20"}


def test_pod_template_states_its_hardening_and_resources(rp) -> None:
    """README: the PgBouncer pods run as non-root under RuntimeDefault seccomp,
    with no capability, no privilege escalation and a read-only root,
    whatever the operator's defaults; postgresql.pooler.resources sizes them."""
    pooler = find(rp(ALL_FEATURES), "Pooler")
    spec = pod_spec_of(pooler)
    assert spec is not None and [c["name"] for c in spec["containers"]] == ["pgbouncer"]
    assert restricted_violations(spec) == []
    assert spec["securityContext"] == {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    assert spec["containers"][0]["securityContext"] == {
        "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
    assert spec["containers"][0]["resources"] == Chart("platform").values()["postgresql"]["pooler"]["resources"]


def test_pod_labels_do_not_change_with_the_chart_version(rp) -> None:
    labels = find(rp(ALL_FEATURES), "Pooler")["spec"]["template"]["metadata"]["labels"]
    assert "helm.sh/chart" not in labels and "app.kubernetes.io/version" not in labels
    assert labels["app.kubernetes.io/component"] == "database-pooler"

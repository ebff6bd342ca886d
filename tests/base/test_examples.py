"""Whole-chart: every file in helm/base/examples/ renders and validates under the matrix."""
from __future__ import annotations

import pytest

from chartkit import CHART
from chartkit.render import container, find, kinds
from chartkit.scenarios import examples

EXAMPLES = examples()
SHAPES = {"minimal", "loadbalancer", "nodeport", "custom-storage", "secrets-envfrom", "custom-gateway-rules",
          "multi-replica"}


def test_one_example_per_deployment_shape() -> None:
    assert set(EXAMPLES) == SHAPES


def test_readme_links_every_example() -> None:
    readme = (CHART / "README.md").read_text()
    for name in EXAMPLES:
        assert f"(examples/{name}.yaml)" in readme, name


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_example_renders_and_validates(r, name: str) -> None:
    assert "Deployment/stalwart" in kinds(r(EXAMPLES[name], base=False))


def test_loadbalancer_example(r) -> None:
    svc = find(r(EXAMPLES["loadbalancer"], base=False), "Service")
    assert svc["spec"]["type"] == "LoadBalancer" and svc["spec"]["externalTrafficPolicy"] == "Local"


def test_nodeport_example_fixes_every_mail_port(r) -> None:
    svc = find(r(EXAMPLES["nodeport"], base=False), "Service")
    fixed = {p["name"] for p in svc["spec"]["ports"] if "nodePort" in p}
    assert fixed == {p["name"] for p in svc["spec"]["ports"]} - {"http"}


def test_custom_storage_example(r) -> None:
    pvc = find(r(EXAMPLES["custom-storage"], base=False), "PersistentVolumeClaim", "stalwart-data")
    assert pvc["spec"]["storageClassName"] == "fast-ssd"
    assert pvc["spec"]["resources"]["requests"]["storage"] == "50Gi"


def test_secrets_example_has_no_plain_credentials(r) -> None:
    c = container(r(EXAMPLES["secrets-envfrom"], base=False))
    assert c["envFrom"] == [{"secretRef": {"name": "stalwart"}}]
    assert all("value" not in e or not any(w in e["name"] for w in ("PASS", "SECRET", "ADMIN", "KEY"))
               for e in c["env"])


def test_custom_rules_example_wires_backends(r) -> None:
    route = find(r(EXAMPLES["custom-gateway-rules"], base=False), "HTTPRoute")
    redirects, catch_all = route["spec"]["rules"][:2], route["spec"]["rules"][2]
    assert all("backendRefs" not in rule for rule in redirects)
    assert catch_all["backendRefs"] == [{"name": "stalwart", "port": 8080}]


def test_multi_replica_example(r) -> None:
    objs = r(EXAMPLES["multi-replica"], base=False)
    hpa = find(objs, "HorizontalPodAutoscaler")
    assert hpa["spec"]["metrics"][0]["pods"]["metric"]["name"] == "smtp_active_connections"
    assert find(objs, "PodDisruptionBudget")["spec"]["minAvailable"] == 1
    assert [o["metadata"]["name"] for o in objs if o["kind"] == "PersistentVolumeClaim"] == ["stalwart-config"]
    assert find(objs, "Deployment")["spec"]["strategy"] == {"type": "RollingUpdate"}

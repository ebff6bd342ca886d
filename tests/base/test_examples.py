"""Whole-chart: every file in helm/base/examples/ renders and validates under the matrix."""
from __future__ import annotations

import json

import pytest

from chartkit.rendering.matrix import MATRIX, renderer_fixture
from chartkit.rendering.render import container, find, kinds, render
from stalwart_charts.base.scenarios import examples
from stalwart_charts.charts import CHART
from stalwart_charts.server.rendered import config_json, plan_lines, rendered_problems

# Whole-chart: the full Helm 3/4 x Kubernetes 1.29/1.37 matrix, not the diagonal.
r = renderer_fixture(MATRIX)

EXAMPLES = examples()
EXAMPLES_TEXT = {name: (CHART / "examples" / f"{name}.yaml").read_text() for name in EXAMPLES}
SHAPES = {"minimal", "loadbalancer", "nodeport", "custom-storage", "secrets-envfrom", "custom-gateway-rules",
          "multi-replica", "production", "declarative", "tls-cert-manager", "ha", "restore-rocksdb",
          "rocksdb-snapshots", "accounts"}


def test_one_example_per_deployment_shape() -> None:
    assert set(EXAMPLES) == SHAPES


def test_readme_links_every_example() -> None:
    readme = (CHART / "README.md").read_text()
    for name in EXAMPLES:
        assert f"(examples/{name}.yaml)" in readme, name


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_example_renders_and_validates(r, name: str) -> None:
    assert "Deployment/stalwart" in kinds(r(EXAMPLES[name], base=False))


def test_loadbalancer_example_puts_only_mail_ports_on_the_load_balancer(r) -> None:
    objs = r(EXAMPLES["loadbalancer"], base=False)
    assert find(objs, "Service", "stalwart")["spec"]["type"] == "ClusterIP"
    spec = find(objs, "Service", "stalwart-external")["spec"]
    assert spec["type"] == "LoadBalancer" and spec["externalTrafficPolicy"] == "Local"
    assert spec["ipFamilyPolicy"] == "PreferDualStack"
    assert "http" not in {p["name"] for p in spec["ports"]}


def test_nodeport_example_fixes_every_mail_port(r) -> None:
    objs = r(EXAMPLES["nodeport"], base=False)
    assert find(objs, "Service", "stalwart")["spec"]["type"] == "ClusterIP"
    spec = find(objs, "Service", "stalwart-external")["spec"]
    assert spec["type"] == "NodePort"
    assert all("nodePort" in p for p in spec["ports"]) and "http" not in {p["name"] for p in spec["ports"]}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_no_example_publishes_http_outside_the_cluster(name: str) -> None:
    objs = render(EXAMPLES[name])
    for svc in [o for o in objs if o["kind"] == "Service"]:
        if svc["spec"]["type"] in ("LoadBalancer", "NodePort"):
            assert "http" not in {p["name"] for p in svc["spec"]["ports"]}, svc["metadata"]["name"]


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
    assert not [o for o in objs if o["kind"] == "PersistentVolumeClaim"]
    assert find(objs, "Deployment")["spec"]["strategy"] == {"type": "RollingUpdate"}
    store = config_json(objs)
    assert (store["@type"], store["host"]) == ("PostgreSql", "stalwart-db-rw")
    db_password = {e["name"]: e for e in container(objs)["env"]}["STALWART_DB_PASSWORD"]
    assert db_password["valueFrom"]["secretKeyRef"] == {"name": "stalwart-db-app", "key": "password"}
    plan = {op["object"]: op["value"] for op in map(json.loads, plan_lines(objs)) if "value" in op}
    assert plan["BlobStore"]["@type"] == "S3"
    assert plan["InMemoryStore"]["@type"] == plan["Coordinator"]["@type"] == "Redis"
    s3_keys = {e["name"]: e["valueFrom"]["secretKeyRef"]["name"] for e in container(objs)["env"]
               if e["name"].startswith("STALWART_S3_")}
    assert s3_keys == {"STALWART_S3_ACCESS_KEY": "stalwart", "STALWART_S3_SECRET_KEY": "stalwart"}


def test_declarative_example(r) -> None:
    objs = r(EXAMPLES["declarative"], base=False)
    assert config_json(objs) == {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}
    assert [o["metadata"]["name"] for o in objs if o["kind"] == "PersistentVolumeClaim"] == ["stalwart-data"]
    plan = [op["object"] for op in map(json.loads, plan_lines(objs))]
    assert {"NetworkListener", "Tracer", "Metrics", "SystemSettings"} <= set(plan)
    assert find(objs, "Deployment")["spec"]["strategy"]["type"] == "Recreate"


@pytest.mark.parametrize("name", ["multi-replica", "declarative"])
def test_declarative_examples_match_stalwarts_schema(stalwart, name: str) -> None:
    assert rendered_problems(render(EXAMPLES[name]), []) == []


def test_multi_replica_spread_selects_this_release(r) -> None:
    objs = r(EXAMPLES["multi-replica"], base=False)
    spread = find(objs, "Deployment")["spec"]["template"]["spec"]["topologySpreadConstraints"]
    assert spread[0]["labelSelector"] == {"matchLabels": find(objs, "Deployment")["spec"]["selector"]["matchLabels"]}


def test_no_example_hard_codes_the_release_name() -> None:
    for name in SHAPES:
        assert "app.kubernetes.io/instance" not in EXAMPLES_TEXT[name], name

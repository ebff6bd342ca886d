"""The `ha` example pair: three Stalwart replicas whose data store, blob
store and coordinator are the platform's own components, with every link of
stalwart_charts.system.contract checked (none skipped), and nothing for the person
installing to supply but the operators and the Gateway, which the README
lists as the pair's prerequisites."""
from __future__ import annotations

import re

import pytest

from stalwart_charts.charts import PLATFORM
from stalwart_charts.system.contract import _config_documents, _source, check
from stalwart_charts.system.contract_coordinator import _variable_source
from stalwart_charts.system.pairs import Pair

# Who may make an object the pair references, beside the two charts.
OPERATORS = {"CloudNativePG", "CloudNativePG (Pooler)", "External Secrets", "the bucket provisioner",
             "cert-manager", "Kubernetes"}
# API groups the pair's objects use: Kubernetes' own, and each prerequisite's.
GROUPS = {"": "Kubernetes", "apps": "Kubernetes", "policy": "Kubernetes", "batch": "Kubernetes",
          "autoscaling": "Kubernetes", "networking.k8s.io": "Kubernetes", "rbac.authorization.k8s.io": "Kubernetes",
          "postgresql.cnpg.io": "CloudNativePG", "external-secrets.io": "External Secrets Operator",
          "objectbucket.io": "a bucket provisioner", "cert-manager.io": "cert-manager",
          "monitoring.coreos.com": "prometheus-operator", "gateway.networking.k8s.io": "a Gateway"}
PREREQUISITES = ["CloudNativePG", "External Secrets Operator", "a bucket provisioner", "cert-manager",
                 "prometheus-operator", "a Gateway"]


@pytest.fixture(scope="module")
def ha(bundle_of):
    return bundle_of(Pair.example("ha"))


def plan_value(bundle, obj: str):
    ops = [op for _, key, op in _config_documents(bundle) if key.endswith(".ndjson") and op.get("object") == obj]
    return ops[-1]["value"]


def test_every_link_holds_and_none_is_skipped(ha) -> None:
    outcomes = check(ha)
    assert {o.link.id: o.skipped for o in outcomes if o.skipped} == {}
    assert [p for o in outcomes for p in o.problems] == []


def test_three_replicas_with_pdbs_hpa_policies_and_roles(ha) -> None:
    hpa = next(o for o in ha.base if o["kind"] == "HorizontalPodAutoscaler")
    assert hpa["spec"]["minReplicas"] == 3
    pdbs = {o["metadata"]["name"] for o in ha.base + ha.platform if o["kind"] == "PodDisruptionBudget"}
    assert pdbs == {"stalwart", "stalwart-nats"}
    policies = {o["metadata"]["name"] for o in ha.base + ha.platform if o["kind"] == "NetworkPolicy"}
    assert policies == {"stalwart", "stalwart-nats", "stalwart-db", "stalwart-db-pooler-rw"}
    deployments = {o["metadata"]["name"] for o in ha.base if o["kind"] == "Deployment"}
    assert deployments == {"stalwart", "stalwart-single-node"}


def test_the_data_store_is_the_platforms_database(ha) -> None:
    store, = [doc for _, key, doc in _config_documents(ha) if key == "config.json"]
    pooler = next(o for o in ha.platform if o["kind"] == "Pooler")["metadata"]["name"]
    cluster = next(o for o in ha.platform if o["kind"] == "Cluster")["metadata"]["name"]
    assert store["@type"] == "PostgreSql" and store["host"] == pooler
    assert _variable_source(ha, store["authSecret"]["variableName"]) == {(f"{cluster}-app", "password")}


def test_the_blob_store_is_the_platforms_bucket(ha) -> None:
    claim = next(o for o in ha.platform if o["kind"] == "ObjectBucketClaim")
    blob = plan_value(ha, "BlobStore")
    assert blob["@type"] == "S3" and blob["bucket"] == claim["spec"]["bucketName"]
    name = claim["metadata"]["name"]
    assert _variable_source(ha, blob["accessKey"]["variableName"]) == {(name, "AWS_ACCESS_KEY_ID")}
    assert _variable_source(ha, blob["secretKey"]["variableName"]) == {(name, "AWS_SECRET_ACCESS_KEY")}


def test_the_coordinator_is_the_platforms_nats(ha) -> None:
    service = next(o for o in ha.platform if o["kind"] == "Service" and o["metadata"]["name"].endswith("-nats"))
    coordinator = plan_value(ha, "Coordinator")
    assert coordinator["@type"] == "Nats" and list(coordinator["addresses"]) == [f"{service['metadata']['name']}:4222"]


def test_nothing_is_left_to_the_person_installing(ha) -> None:
    """Every object a link found is rendered by a chart or made by an operator
    from what they render: no Secret or ConfigMap typed by hand."""
    assert {_source(o) for o in ha.generated} <= OPERATORS
    used = {o["apiVersion"].rpartition("/")[0] for o in ha.base + ha.platform}
    assert used <= set(GROUPS), used - set(GROUPS)
    assert {GROUPS[g] for g in used} - {"Kubernetes"} == set(PREREQUISITES)


def test_readme_lists_exactly_the_prerequisites() -> None:
    text = PLATFORM.readme.read_text()
    section = text.split("## High availability", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \*\*(.+?)\*\*", section.split("Prerequisites", 1)[1], flags=re.M)
    assert listed == PREREQUISITES

"""helm/platform/examples/: every file renders and validates under the matrix."""
from __future__ import annotations

import pytest

from chartkit.rendering.matrix import MATRIX, renderer_fixture
from chartkit.rendering.render import find, kinds
from stalwart_charts.charts import PLATFORM
from stalwart_charts.platform.apis import ALL_APIS

# Whole-chart: the full Helm 3/4 x Kubernetes 1.29/1.37 matrix, not the diagonal.
rp = renderer_fixture(MATRIX, chart="platform", api_versions=ALL_APIS)

EXAMPLES = PLATFORM.examples()


def test_examples_exist_and_the_readme_links_each() -> None:
    assert {"production", "secrets-envfrom", "database"} <= set(EXAMPLES)
    for name in EXAMPLES:
        assert f"(examples/{name}.yaml)" in PLATFORM.readme.read_text(), name


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_renders_and_validates(rp, name: str) -> None:
    rp(EXAMPLES[name])


def test_production_renders_every_component(rp) -> None:
    objs = rp(EXAMPLES["production"])
    assert kinds(objs) == ["Certificate/stalwart", "Cluster/stalwart-db", "ConfigMap/stalwart-dashboard",
                           "ConfigMap/stalwart-nats", "ExternalSecret/stalwart",
                           "ExternalSecret/stalwart-recovery-admin", "Gateway/stalwart-gateway",
                           "HTTPRoute/stalwart-gateway-https-redirect", "ObjectBucketClaim/stalwart-blobs",
                           "ObjectStore/stalwart-backup", "PodDisruptionBudget/stalwart-nats", "PodMonitor/stalwart-db",
                           "Pooler/stalwart-db-pooler-rw", "PrometheusRule/stalwart", "ScheduledBackup/stalwart-db",
                           "Service/stalwart-nats", "Service/stalwart-nats-headless", "ServiceMonitor/stalwart",
                           "StatefulSet/stalwart-nats"]
    cluster = find(objs, "Cluster")["spec"]
    assert cluster["instances"] == 3 and "walStorage" in cluster
    # Backups through the Barman Cloud plugin (the default), into the ObjectStore the chart renders.
    assert "backup" not in cluster and cluster["plugins"][0]["parameters"]["barmanObjectName"] == "stalwart-backup"


def test_plain_secret_example_renders_nothing(rp) -> None:
    assert rp(EXAMPLES["secrets-envfrom"]) == []

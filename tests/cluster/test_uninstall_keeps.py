"""After `helm uninstall` of both charts, what they promise to keep
(`helm.sh/resource-policy: keep`: the data claim, the generated admin Secret,
the CloudNativePG Cluster, its backup ObjectStore and the bucket claim) is still there, and every
other object of both releases' manifests is gone. The platform's production
example (Cluster, bucket claim) with the base's declarative one (RocksDB on
its data claim, a generated admin): the production pair keeps no claim, as
its base holds no state in the pod."""
from __future__ import annotations

import pytest
import yaml

from chartkit.cluster.checks import gone_or_going, object_path
from stalwart_charts.charts import BASE, PLATFORM
from stalwart_charts.system.pairs import PLATFORM_RELEASE, Pair

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster

HELM = "helm4"
KEEP = "helm.sh/resource-policy"


def test_uninstall_keeps_what_the_charts_promise_and_removes_the_rest(cluster, namespace) -> None:
    h = cluster.helm(HELM)
    releases = ((PLATFORM_RELEASE, PLATFORM, "production"), (Pair.example("production").base_release, BASE,
                                                             "declarative"))
    objects = []
    for release, chart, example in releases:
        # the base generates its admin Secret (the example reads a hand-made one): the chart must keep it
        extra = ("--set", "admin.existingSecret=") if chart is BASE else ()
        proc = h.install(release, chart.path, namespace, chart.example_path(example), extra=extra)
        assert proc.returncode == 0, proc.stderr[-4000:]
        objects += [d for d in yaml.safe_load_all(h.ok("get", "manifest", release, "-n", namespace))
                    if isinstance(d, dict) and d.get("kind")]
    kept = {(o["kind"], o["metadata"]["name"]) for o in objects
            if (o["metadata"].get("annotations") or {}).get(KEEP) == "keep"}
    kinds = {k for k, _ in kept}
    assert {"PersistentVolumeClaim", "Secret", "Cluster", "ObjectBucketClaim"} <= kinds, kept
    assert ("Secret", "stalwart-admin") in kept
    for release, _, _ in reversed(releases):
        h.ok("uninstall", release, "-n", namespace, "--wait", "--timeout", "120s")
    for obj in objects:
        path = object_path(cluster.api, obj, namespace)
        if (obj["kind"], obj["metadata"]["name"]) in kept:
            assert not gone_or_going(cluster.api, path), f"{obj['kind']}/{obj['metadata']['name']} was not kept"
        else:
            assert gone_or_going(cluster.api, path), f"{obj['kind']}/{obj['metadata']['name']} outlived uninstall"

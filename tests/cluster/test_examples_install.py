"""Every example of both charts installs for real, under both helms, into a
namespace that enforces the restricted Pod Security profile: the API server
accepts every object (the CRDs' CEL rules included), admits every pod, the
release reaches `deployed` after `--wait` and its hooks (the bootstrap Job of
the declarative examples: under kwok its pod is marked Succeeded, it does not
talk to Stalwart), and `helm test` passes (kwok completes the test pod; it
does not open the ports)."""
from __future__ import annotations

import pytest

from chartkit.charts import Chart
from chartkit.cluster.checks import deployments_ready, hook_jobs, job_succeeded, pods
from chartkit.cluster.helmops import release_status
from chartkit.rendering.helm import HELMS
from stalwart_charts.charts import BASE, PLATFORM

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster

CASES = [(c, name) for c in (BASE, PLATFORM) for name in c.examples()]


def existing_claims(values: dict) -> list[str]:
    """The claims an example names through persistence.<volume>.existingClaim."""
    return [v["existingClaim"] for v in (values.get("persistence") or {}).values()
            if isinstance(v, dict) and v.get("existingClaim")]


@pytest.mark.parametrize("helm", list(HELMS))
@pytest.mark.parametrize(("chart", "example"), CASES, ids=[f"{c.name}-{n}" for c, n in CASES])
def test_example_installs_waits_runs_hooks_and_passes_helm_test(cluster, namespace, helm: str, chart: Chart,
                                                                  example: str) -> None:
    h = cluster.helm(helm)
    release = "stalwart" if chart is BASE else "stalwart-platform"
    for claim in existing_claims(chart.examples()[example]):  # a restore example mounts a claim made beforehand
        cluster.api.create(f"/api/v1/namespaces/{namespace}/persistentvolumeclaims", {
            "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": claim},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
    proc = h.install(release, chart.path, namespace, chart.example_path(example))
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert release_status(h.status(release, namespace)) == "deployed"
    for name in hook_jobs(h, release, namespace):
        assert job_succeeded(cluster.api, namespace, name), f"hook Job {name} did not succeed"
    for line in deployments_ready(cluster.api, namespace):
        name, counts = line.split()
        ready, wanted = counts.split("/")
        assert ready == wanted, f"Deployment {line}"
    # every pod was admitted under the enforced restricted profile, and none is stuck
    assert all(p["status"].get("phase") in ("Running", "Succeeded") for p in pods(cluster.api, namespace))
    if chart is BASE:
        test = h.run("test", release, "-n", namespace, "--timeout", "120s")
        assert test.returncode == 0, test.stdout[-2000:] + test.stderr[-2000:]
        assert "Succeeded" in test.stdout, test.stdout

"""The generated admin Secret keeps its value across `helm upgrade`: on a real
cluster `lookup` finds the installed Secret (where `helm template` draws a
new password every time), so the password is unchanged, and the pods that
read it through a secretKeyRef are the same pods, not rolled."""
from __future__ import annotations

import base64

import pytest

from chartkit.cluster.checks import replica_set_pods, secret_data
from chartkit.cluster.helmops import release_status
from chartkit.rendering.helm import HELMS
from stalwart_charts.charts import BASE

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster
# The declarative example reads a hand-made admin Secret (GitOps-stable); without it the chart generates one.
GENERATE = ("--set", "admin.existingSecret=")


@pytest.mark.parametrize("helm", list(HELMS))
def test_generated_admin_password_survives_upgrade(cluster, namespace, helm: str) -> None:
    h, example = cluster.helm(helm), BASE.example_path("declarative")
    assert h.install("stalwart", BASE.path, namespace, example, extra=GENERATE).returncode == 0
    before = secret_data(cluster.api, namespace, "stalwart-admin")
    assert len(base64.b64decode(before["password"])) == 32
    deploy = cluster.api.get(f"/apis/apps/v1/namespaces/{namespace}/deployments/stalwart")
    refs = {e["valueFrom"]["secretKeyRef"]["name"] for c in deploy["spec"]["template"]["spec"]["containers"]
            for e in c.get("env") or [] if "secretKeyRef" in (e.get("valueFrom") or {})}
    assert "stalwart-admin" in refs, refs
    pods_before = replica_set_pods(cluster.api, namespace)
    upgrade = h.upgrade("stalwart", BASE.path, namespace, example, extra=GENERATE)
    assert upgrade.returncode == 0, upgrade.stderr[-4000:]
    assert release_status(h.status("stalwart", namespace)) == "deployed"
    assert secret_data(cluster.api, namespace, "stalwart-admin")["password"] == before["password"]
    pods_after = replica_set_pods(cluster.api, namespace)
    assert pods_before and pods_after == pods_before, "the upgrade rolled the pods that read the admin Secret"
    # the control: what `helm template` (no cluster, no lookup) draws differs from the stored password
    rendered = h.ok("template", "stalwart", str(BASE.path), "-n", namespace, "-f", str(example), *GENERATE,
                    "--show-only", "templates/secret-admin.yaml")
    assert before["password"] not in rendered

"""The generated tls-reload account Secret (<fullname>-tls-reload) keeps its password across
`helm upgrade` like the admin's: on a real cluster `lookup` finds the installed Secret, so the
password, the pods' checksum/tls-reload and with it the pods stay; `helm template` (no cluster)
draws a new one, which is why GitOps renders set tls.reload.existingSecret."""
from __future__ import annotations

import base64

import pytest

from chartkit.cluster.checks import replica_set_pods, secret_data
from chartkit.cluster.helmops import release_status
from chartkit.rendering.helm import HELMS
from stalwart_charts.charts import BASE

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster
# The example reads a hand-made reload Secret (GitOps-stable); without it the chart generates one.
GENERATE = ("--set", "tls.reload.existingSecret=")


@pytest.mark.parametrize("helm", list(HELMS))
def test_generated_reload_password_survives_upgrade(cluster, namespace, helm: str) -> None:
    h, example = cluster.helm(helm), BASE.example_path("tls-cert-manager")
    install = h.install("stalwart", BASE.path, namespace, example, extra=GENERATE)
    assert install.returncode == 0, install.stderr[-4000:]
    before = secret_data(cluster.api, namespace, "stalwart-tls-reload")
    assert len(base64.b64decode(before["password"])) == 32
    assert base64.b64decode(before["username"]) == b"tls-reload@example.com"
    pods_before = replica_set_pods(cluster.api, namespace)
    upgrade = h.upgrade("stalwart", BASE.path, namespace, example, extra=GENERATE)
    assert upgrade.returncode == 0, upgrade.stderr[-4000:]
    assert release_status(h.status("stalwart", namespace)) == "deployed"
    assert secret_data(cluster.api, namespace, "stalwart-tls-reload")["password"] == before["password"]
    assert pods_before and replica_set_pods(cluster.api, namespace) == pods_before, "the upgrade rolled the pods"
    # the control: without a cluster (no lookup) the password differs from the stored one
    rendered = h.ok("template", "stalwart", str(BASE.path), "-n", namespace, "-f", str(example), *GENERATE,
                    "--show-only", "templates/secret-tls-reload.yaml")
    assert before["password"] not in rendered

"""The 0.16 -> 1.x boundary through `lookup` on a real release (issue 19's
version line): `helm upgrade` to a 1.x image over a running 0.16 Deployment is
refused and names the migration page, which no offline render can show (there
`lookup` finds nothing); a fresh install of the same values is the control."""
from __future__ import annotations

import pytest

from chartkit.cluster.helmops import release_status
from stalwart_charts.base.guards_runtime import MIGRATION_PAGE
from stalwart_charts.charts import BASE

pytestmark = pytest.mark.cluster
HELM = "helm4"
ONE_X = ("--set", "image.tag=v1.0.3")


def test_upgrade_to_1x_over_a_running_016_release_is_refused(cluster, namespace) -> None:
    h, example = cluster.helm(HELM), BASE.example_path("minimal")
    assert h.install("stalwart", BASE.path, namespace, example).returncode == 0
    image = cluster.api.get(f"/apis/apps/v1/namespaces/{namespace}/deployments/stalwart")
    assert any(c["image"].endswith(":" + BASE.meta()["appVersion"])
               for c in image["spec"]["template"]["spec"]["containers"])
    upgrade = h.upgrade("stalwart", BASE.path, namespace, example, extra=ONE_X)
    assert upgrade.returncode != 0, "a 1.x image over a running 0.16 release was accepted"
    assert "image.tag: v1.0.3 is Stalwart 1.x" in upgrade.stderr and MIGRATION_PAGE in upgrade.stderr, \
        upgrade.stderr[-3000:]
    assert release_status(h.status("stalwart", namespace)) == "deployed"  # the running release is untouched


def test_a_fresh_1x_install_in_wizard_mode_is_not_refused(cluster, namespace) -> None:
    """The control: the same values on a namespace with no release render and install."""
    h = cluster.helm(HELM)
    proc = h.install("stalwart", BASE.path, namespace, BASE.example_path("minimal"), extra=ONE_X)
    assert proc.returncode == 0, proc.stderr[-3000:]

"""The example pairs (stalwart_charts.system.pairs) install together, for real, into one
restricted namespace: the platform release first (what the base release
points to), then the base release under the name the platform's
`base.release` gives; both reach `deployed` and the base's `helm test` passes."""
from __future__ import annotations

import pytest

from chartkit.cluster.helmops import release_status
from chartkit.rendering.helm import HELMS
from stalwart_charts.charts import BASE, PLATFORM
from stalwart_charts.system.pairs import PLATFORM_RELEASE, Pair, pair_names

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster


@pytest.mark.parametrize("helm", list(HELMS))
@pytest.mark.parametrize("name", pair_names())
def test_pair_installs_together_in_one_namespace(cluster, namespace, helm: str, name: str) -> None:
    h = cluster.helm(helm)
    pair = Pair.example(name)
    for release, chart in ((PLATFORM_RELEASE, PLATFORM), (pair.base_release, BASE)):
        proc = h.install(release, chart.path, namespace, chart.example_path(name))
        assert proc.returncode == 0, f"{chart.name}: {proc.stderr[-4000:]}"
        assert release_status(h.status(release, namespace)) == "deployed"
    test = h.run("test", pair.base_release, "-n", namespace, "--timeout", "120s")
    assert test.returncode == 0, test.stdout[-2000:] + test.stderr[-2000:]

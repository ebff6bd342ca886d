"""templates/_validate.tpl, templates/_validate_storage.tpl, templates/_validate_network.tpl,
templates/_validate_pod.tpl, templates/_validate_proxy.tpl, templates/_validate_declarative.tpl,
templates/_validate_accounts.tpl, templates/_validate_labels.tpl, templates/validate.yaml

The validating helper: cross-field rules with messages that name the value
path and the fix, identical under Helm 3 and Helm 4."""
from __future__ import annotations

import pytest

from chartkit.rendering.helm import HELMS
from chartkit.rendering.matrix import Renderer
from chartkit.rendering.render import KUBE_VERSIONS, render, render_error, values_with
from stalwart_charts.base.guards import ALLOWED, GUARDS, guard_message
from stalwart_charts.base.scenarios import BASE
from stalwart_charts.charts import CHART


# No base guard reads the Kubernetes version, so refusals are checked under
# both helms at the newest one; renders that pass (near misses) run the matrix.
@pytest.mark.parametrize("overlay,expected", [(g.values, g.expect) for g in GUARDS], ids=[g.id for g in GUARDS])
def test_guard_fails_with_path_and_fix_identically_under_both_helms(overlay: dict, expected: list[str]) -> None:
    messages = {helm: guard_message(Renderer(helm, KUBE_VERSIONS[-1]).error(overlay)) for helm in HELMS}
    assert messages["helm3"] == messages["helm4"], messages
    for fragment in expected:
        assert fragment in messages["helm4"], messages["helm4"]


def test_no_guard_reads_the_kubernetes_version() -> None:
    guards = sorted((CHART / "templates").glob("_validate*.tpl"))
    assert len(guards) > 1 and not [g.name for g in guards if "KubeVersion" in g.read_text()]


@pytest.mark.parametrize("overlay", [a[1] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_near_misses_render(r, overlay: dict) -> None:
    assert r(overlay)


@pytest.mark.parametrize("helm_id", ["helm3", "helm4"])
def test_refusals_are_located_in_the_validation_template(helm_id: str) -> None:
    stderr = Renderer(helm_id, "1.37").error(GUARDS[0].values)
    assert "templates/validate.yaml" in stderr and "deployment.yaml" not in stderr, stderr


def test_a_release_name_starting_with_a_digit_is_refused_with_the_fix(helm: str) -> None:
    """`helm install 2024 …` is a valid release name, but the Service would be
    "2024-stalwart", which the API server refuses (DNS-1035)."""
    message = guard_message(render_error(BASE, helm=helm, release="2024"))
    assert message == ('fullnameOverride: the release name "2024" names the objects "2024-stalwart", but a Service '
                       "name must start with a lowercase letter. Install under a release name that starts with a "
                       "letter, or set fullnameOverride (e.g. stalwart-2024).")
    assert render(values_with(BASE, {"fullnameOverride": "stalwart-2024"}), helm=helm, release="2024")

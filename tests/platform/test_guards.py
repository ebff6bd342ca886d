"""helm/platform's validating helper: path-first messages under both helms."""
from __future__ import annotations

import pytest

from chartkit.guards import guard_message
from chartkit.guards_platform import ALL_APIS, ALLOWED, GUARDS
from chartkit.render import render_error


@pytest.mark.parametrize("case", GUARDS, ids=[g.id for g in GUARDS])
def test_guard_fails_with_path_and_fix(rp, case) -> None:
    message = render_error(case.values, helm=rp.helm, kube_version=rp.kube_version, chart="platform",
                           api_versions=case.api_versions)
    for fragment in case.expect:
        assert fragment in message, message


@pytest.mark.parametrize("case", GUARDS, ids=[g.id for g in GUARDS])
def test_guard_message_is_identical_under_helm3_and_helm4(case) -> None:
    messages = {h: guard_message(render_error(case.values, helm=h, chart="platform", api_versions=case.api_versions))
                for h in ("helm3", "helm4")}
    assert messages["helm3"] == messages["helm4"], messages


@pytest.mark.parametrize("overlay", [a[1] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_near_misses_render(rp, overlay: dict) -> None:
    rp(overlay, api_versions=ALL_APIS)


def test_refusal_is_located_in_the_validation_template() -> None:
    stderr = render_error(GUARDS[0].values, chart="platform")
    assert "stalwart-platform/templates/validate.yaml" in stderr, stderr

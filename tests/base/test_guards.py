"""templates/_validate.tpl, templates/validate.yaml

The validating helper: cross-field rules with messages that name the value
path and the fix, identical under Helm 3 and Helm 4."""
from __future__ import annotations

import pytest

from chartkit.guards import ALLOWED, GUARDS, guard_message
from chartkit.matrix import Renderer


@pytest.mark.parametrize("overlay,expected", [(g.values, g.expect) for g in GUARDS], ids=[g.id for g in GUARDS])
def test_guard_fails_with_path_and_fix(r, overlay: dict, expected: list[str]) -> None:
    message = r.error(overlay)
    for fragment in expected:
        assert fragment in message, message


@pytest.mark.parametrize("overlay,expected", [(g.values, g.expect) for g in GUARDS], ids=[g.id for g in GUARDS])
def test_guard_message_is_identical_under_helm3_and_helm4(overlay: dict, expected: list[str]) -> None:
    messages = {helm: guard_message(Renderer(helm, "1.37").error(overlay)) for helm in ("helm3", "helm4")}
    assert messages["helm3"] == messages["helm4"], messages


@pytest.mark.parametrize("overlay", [a[1] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_near_misses_render(r, overlay: dict) -> None:
    assert r(overlay)


@pytest.mark.parametrize("helm_id", ["helm3", "helm4"])
def test_refusals_are_located_in_the_validation_template(helm_id: str) -> None:
    stderr = Renderer(helm_id, "1.37").error(GUARDS[0].values)
    assert "templates/validate.yaml" in stderr and "deployment.yaml" not in stderr, stderr

"""helm/platform's validating helper: path-first messages under both helms.

A guard reads values and the cluster's APIs only, never the Kubernetes
version, so each case renders once per helm; the near misses, which render
objects, run in every cell of the matrix."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import render_error
from stalwart_charts.base.guards import guard_message
from stalwart_charts.platform.apis import ALL_APIS
from stalwart_charts.platform.guards import ALLOWED, GUARDS


@pytest.mark.parametrize("case", GUARDS, ids=[g.id for g in GUARDS])
def test_guard_fails_with_path_and_fix_identically_under_both_helms(case) -> None:
    messages = {h: render_error(case.values, helm=h, chart="platform", api_versions=case.api_versions)
                for h in ("helm3", "helm4")}
    for message in messages.values():
        for fragment in case.expect:
            assert fragment in message, message
    assert guard_message(messages["helm3"]) == guard_message(messages["helm4"]), messages
    assert guard_message(messages["helm4"]).startswith(case.expect[0].split(":")[0] + ":")


@pytest.mark.parametrize("overlay", [a[1] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_near_misses_render(rp, overlay: dict) -> None:
    rp(overlay, api_versions=ALL_APIS)


def test_refusal_is_located_in_the_validation_template() -> None:
    stderr = render_error(GUARDS[0].values, chart="platform")
    assert "stalwart-platform/templates/validate.yaml" in stderr, stderr

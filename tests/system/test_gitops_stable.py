"""GitOps-stable renders (issue 21): a controller that renders without a
cluster (Argo CD runs `helm template`; no `lookup`) gets the same objects on
every sync. Every example of both charts, rendered twice, is identical,
random values included; the generated admin Secret, the one object that
draws a random value, is used by no example."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import RenderError, _key, _render_cached, _render_session
from stalwart_charts.charts import BASE, NAMESPACE, PLATFORM
from stalwart_charts.platform.apis import ALL_APIS
from stalwart_charts.system.pairs import PLATFORM_RELEASE

EXAMPLES = [("base", name) for name in sorted(BASE.examples())] + \
           [("platform", name) for name in sorted(PLATFORM.examples())]


def _twice(chart: str, name: str, helm: str) -> tuple[tuple, tuple]:
    values = (BASE if chart == "base" else PLATFORM).examples()[name]
    release, apis = ("stalwart", ()) if chart == "base" else (PLATFORM_RELEASE, ALL_APIS)
    # The run's render of the example (helm ran it once, in this process or another), and a
    # fresh helm run (__wrapped__: never the session cache).
    args = (_key(values), helm, "1.37", (), release, NAMESPACE, chart, apis)
    return _render_session(*args), _render_cached.__wrapped__(*args)


@pytest.mark.parametrize("helm", ["helm3", "helm4"])
@pytest.mark.parametrize(("chart", "name"), EXAMPLES, ids=[f"{c}-{n}" for c, n in EXAMPLES])
def test_example_renders_identically_twice(chart: str, name: str, helm: str) -> None:
    first, second = _twice(chart, name, helm)
    assert not isinstance(first, RenderError), f"{chart}/{name} does not render: {first}"
    assert first == second


def test_the_check_sees_a_random_value() -> None:
    """The same comparison catches the generated admin password (no admin.existingSecret)."""
    values = {**BASE.examples()["declarative"], "admin": {"existingSecret": ""}}
    first, second = (_render_cached.__wrapped__(_key(values), "helm4", "1.37", (), "stalwart", NAMESPACE, "base")
                     for _ in range(2))
    assert first != second

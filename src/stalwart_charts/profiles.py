"""Each chart's named scenarios and the APIs the simulated cluster serves
when rendering them, so chart-generic checks (checkov, Pod Security) take a
chart name and nothing else."""
from __future__ import annotations

from typing import Any

from chartkit.rendering.render import Obj, render
from stalwart_charts.base.scenarios import SCENARIOS as BASE_SCENARIOS
from stalwart_charts.platform.guards import ALL_APIS
from stalwart_charts.platform.scenarios import SCENARIOS as PLATFORM_SCENARIOS

SCENARIOS: dict[str, dict[str, dict[str, Any]]] = {"base": BASE_SCENARIOS, "platform": PLATFORM_SCENARIOS}
APIS: dict[str, tuple[str, ...]] = {"base": (), "platform": ALL_APIS}


def render_scenarios(helm: str = "helm4") -> dict[str, list[Obj]]:
    """Every scenario of every chart, rendered, by '<chart>-<scenario>'."""
    return {f"{chart}-{name}": render(values, helm=helm, chart=chart, api_versions=APIS[chart])
            for chart, scenarios in SCENARIOS.items() for name, values in scenarios.items()}

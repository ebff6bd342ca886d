"""Every registered chart's named scenarios, rendered on the APIs its profile
names, so chart-generic checks (checkov, Pod Security) need nothing else."""
from __future__ import annotations

import json
from typing import Any

from chartkit.profile import ChartProfile, profiles
from chartkit.rendering.render import Obj, render


def render_scenarios(helm: str = "helm4") -> dict[str, list[Obj]]:
    """Every scenario of every chart, rendered, by '<chart>-<scenario>'."""
    return {f"{p.name}-{name}": render(values, helm=helm, chart=p.name, api_versions=p.api_versions)
            for p in profiles() for name, values in p.scenarios().items()}


def largest_scenario(p: ChartProfile) -> dict[str, Any]:
    """The profile's scenario with the most values (its required values when it names none):
    the one render that reaches the most of the chart."""
    return max(p.scenarios().values(), key=lambda v: len(json.dumps(v)), default=dict(p.required))

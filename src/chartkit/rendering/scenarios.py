"""Every registered chart's named scenarios, rendered on the APIs its profile
names, so chart-generic checks (checkov, Pod Security) need nothing else."""
from __future__ import annotations

from chartkit.profile import profiles
from chartkit.rendering.render import Obj, render


def render_scenarios(helm: str = "helm4") -> dict[str, list[Obj]]:
    """Every scenario of every chart, rendered, by '<chart>-<scenario>'."""
    return {f"{p.name}-{name}": render(values, helm=helm, chart=p.name, api_versions=p.api_versions)
            for p in profiles() for name, values in p.scenarios().items()}

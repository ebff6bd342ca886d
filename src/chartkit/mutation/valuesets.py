"""What the mutation run renders for a chart: the value sets of its profile
(chartkit.profile), and the first one under several release names."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chartkit.charts import Chart
from chartkit.profile import profile
from chartkit.rendering.render import values_with

LONG_RELEASE = "mail-" + "x" * 48  # 53 characters: helm's longest release name


DIGIT_RELEASE = "2024"  # valid for helm; the base chart refuses it (its Service name would start with a digit)


BOOLEAN_RELEASE = "on"  # a valid release name that YAML 1.1 (helm's parser) reads as true unless quoted


@dataclass(frozen=True)
class ValueSet:
    name: str
    values: dict[str, Any]
    release: str = "release"
    namespace: str = "default"
    api_versions: tuple[str, ...] = ()


def value_sets(chart: str) -> list[ValueSet]:
    """What the equivalence check renders, from the chart's profile
    (chartkit.profile): its scenarios (else the defaults), its examples and
    edge cases, the first scenario under another release and namespace,
    under a 53-character release name (helm's longest), under one YAML reads
    as a boolean and one starting with a digit, then every guard case and
    near miss. The profile's APIs apply to every render of the chart but the
    guard cases, which render on the APIs each names; its required values
    are laid under the guard cases and near misses."""
    p = profile(chart)
    apis, required, ns = p.api_versions, dict(p.required), p.namespace
    scenarios = {**(p.scenarios() or {"defaults": {}}),
                 **{f"example-{k}": v for k, v in Chart(chart).examples().items()},
                 **p.edge_cases()}
    sets = [ValueSet(name, values, p.release, ns, apis) for name, values in scenarios.items()]
    sets.append(ValueSet(f"{sets[0].name}-as-mx", sets[0].values, "mx", "mx-prod", apis))
    sets.append(ValueSet(f"{sets[0].name}-as-long-release", sets[0].values, LONG_RELEASE, ns, apis))
    sets.append(ValueSet(f"{sets[0].name}-as-yaml-bool-release", sets[0].values, BOOLEAN_RELEASE, ns, apis))
    sets.append(ValueSet(f"{sets[0].name}-as-digit-release", sets[0].values, DIGIT_RELEASE, ns, apis))
    for case in p.guards():  # each on the APIs its case names (a missing one fires)
        sets.append(ValueSet(f"guard-{case.id}", values_with(required, case.values), p.release, ns,
                             tuple(case.api_versions)))
    for name, values in p.allowed():
        sets.append(ValueSet(f"allowed-{name}", values_with(required, values), p.release, ns, apis))
    return sets

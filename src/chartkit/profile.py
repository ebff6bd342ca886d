"""What the toolkit needs to know about a chart, handed to it as configuration.

chartkit never names a chart, a release or an application: a project
describes each of its charts with a `ChartProfile` and registers them from
the module(s) its `pyproject.toml` names:

    [tool.chartkit]
    profiles = ["my_charts"]     # imported once; each calls chartkit.profile.register(...)

`profile(name)` answers for a registered chart, and a chart that nobody
registered gets `ChartProfile(name)`: defaults only, no guards, no scenarios
(the null profile), so a new chart still renders and validates.
"""
from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from chartkit.charts import ROOT, chart_names

Values = dict[str, Any]
Obj = dict[str, Any]


def _none() -> dict[str, Values]:
    return {}


def _no_cases() -> list[Any]:
    return []


@dataclass(frozen=True)
class ChartProfile:
    name: str  # the chart's folder under the charts root
    release: str = "release"  # release name of the toolkit's renders
    namespace: str = "default"  # their namespace
    required: Mapping[str, Any] = field(default_factory=dict)  # values every render needs, laid under the rest
    api_versions: tuple[str, ...] = ()  # extra APIs the simulated cluster serves for every render
    scenarios: Callable[[], dict[str, Values]] = _none  # named value sets the whole-chart checks render
    edge_cases: Callable[[], dict[str, Values]] = _none  # further value sets for the mutation run
    guards: Callable[[], list[Any]] = _no_cases  # chartkit.testing.guards.GuardCase rows
    allowed: Callable[[], list[tuple[str, Values]]] = _no_cases  # near misses that must render
    pass_through: frozenset[str] = frozenset()  # values paths handed to Kubernetes as they are
    fuzz_skip: frozenset[str] = frozenset()  # values paths the fuzzer leaves at their defaults
    repair: Callable[[Values], Values] | None = None  # makes fuzzed values coherent (None: schema only)
    invariants: Callable[[list[Obj]], Iterable[str]] | None = None  # the chart's own render invariants
    app_name: str = ""  # the application in changelog entries "<app_name> <appVersion>: …"
    main_container: str = ""  # the Deployment's main container
    tables: Mapping[str, Callable[[], str]] = field(default_factory=dict)  # README table name -> producer
    formats: Mapping[str, Any] = field(default_factory=dict)  # chart-specific chartkit.values.kube_formats.Format
    format_fields: Mapping[str, str] = field(default_factory=dict)  # value path -> format name (values.formats)


_REGISTRY: dict[str, ChartProfile] = {}


def register(*profiles: ChartProfile) -> None:
    for p in profiles:
        _REGISTRY[p.name] = p


@cache
def _load() -> None:
    """Import the modules pyproject.toml's [tool.chartkit].profiles names (once)."""
    pyproject = ROOT / "pyproject.toml"
    names = tomllib.loads(pyproject.read_text()).get("tool", {}).get("chartkit", {}).get("profiles", []) \
        if pyproject.exists() else []
    for name in names:
        importlib.import_module(name)


def profile(name: str) -> ChartProfile:
    _load()
    return _REGISTRY.get(name) or ChartProfile(name)


def profiles() -> list[ChartProfile]:
    """A profile for every chart under the charts root (registered or null), by name."""
    return [profile(n) for n in chart_names()]


def default_chart() -> str:
    """The chart a call means when it names none: the first registered, else the first folder."""
    _load()
    return next(iter(_REGISTRY), None) or chart_names()[0]


def resolve(chart: str | None) -> ChartProfile:
    return profile(chart or default_chart())

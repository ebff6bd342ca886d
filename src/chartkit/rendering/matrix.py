"""The Helm x Kubernetes test matrix and a renderer bound to one cell of it."""
from __future__ import annotations

from typing import Any

import pytest

from chartkit.profile import resolve
from chartkit.reference import ReferenceMissing
from chartkit.rendering.helm import HELMS
from chartkit.rendering.render import KUBE_VERSIONS, Obj, render, render_error, values_with
from chartkit.validation.invariants import all_errors


def cell_ids(cells: list[tuple[str, str]]) -> list[str]:
    """pytest ids of (helm, Kubernetes version) cells: "helm3-k8s1.29"."""
    return [f"{h}-k8s{k}" for h, k in cells]


MATRIX = [(h, k) for h in HELMS for k in KUBE_VERSIONS]
MATRIX_IDS = cell_ids(MATRIX)
# The matrix's diagonal: each helm and each Kubernetes version once (oldest
# helm with the oldest version, newest with newest). Per-template tests run
# on it; the whole-chart tests (every scenario and example) run the full
# MATRIX, so every object the chart renders is still validated in all four
# cells, and no template reads the Kubernetes version and the helm together.
DIAGONAL = list(zip(HELMS, KUBE_VERSIONS, strict=True))


def renderer_fixture(cells: list[tuple[str, str]], chart: str | None = None,
                     api_versions: tuple[str, ...] | None = None) -> Any:
    """A session-scoped pytest fixture yielding a Renderer per cell (assign it
    to the fixture's name in a conftest or test module)."""
    @pytest.fixture(params=cells, ids=cell_ids(cells), scope="session")
    def renderer(request: pytest.FixtureRequest) -> Renderer:
        return Renderer(*request.param, chart=chart, api_versions=api_versions)

    return renderer


class Renderer:
    """Renders under one (helm, kube_version) cell; every successful render is
    validated (schemas, API rules, Gateway API, chart invariants).
    `api_versions` are the extra APIs the simulated cluster serves, unless a
    call passes its own."""

    def __init__(self, helm: str, kube_version: str, chart: str | None = None,
                 api_versions: tuple[str, ...] | None = None):
        self.profile = resolve(chart)
        self.helm = helm
        self.kube_version = kube_version
        self.chart = self.profile.name
        self.api_versions = self.profile.api_versions if api_versions is None else api_versions

    def _values(self, overrides: tuple[dict[str, Any], ...], base: bool) -> dict[str, Any]:
        # `base` lays the profile's required values (the base chart's route hostname) under the overrides
        return values_with(dict(self.profile.required), *overrides) if base else values_with(*overrides)

    def __call__(self, *overrides: dict[str, Any], base: bool = True, validate: bool = True,
                 **kwargs: Any) -> list[Obj]:
        kwargs.setdefault("api_versions", self.api_versions)
        objs = render(self._values(overrides, base), helm=self.helm, kube_version=self.kube_version,
                      chart=self.chart, **kwargs)
        if validate and "show_only" not in kwargs:
            try:
                problems = all_errors(objs, self.kube_version, kwargs.get("release") or self.profile.release,
                                      kwargs.get("namespace") or self.profile.namespace, self.chart)
            except ReferenceMissing as exc:  # a released CRD is needed and REFERENCE_DATA lacks it
                pytest.skip(str(exc))
            assert not problems, "\n".join(problems)
        return objs

    def error(self, *overrides: dict[str, Any], base: bool = True, api_versions: tuple[str, ...] | None = None) -> str:
        return render_error(self._values(overrides, base), helm=self.helm, kube_version=self.kube_version,
                            chart=self.chart, api_versions=self.api_versions if api_versions is None else api_versions)

    def __repr__(self) -> str:
        return f"Renderer({self.helm}, k8s {self.kube_version})"

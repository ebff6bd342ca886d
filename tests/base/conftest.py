"""Fixtures the base chart's ValidatingAdmissionPolicy tests share (bootstrap rollout, snapshot schedule)."""
from __future__ import annotations

import pytest

from chartkit.rendering.matrix import Renderer
from chartkit.rendering.render import KUBE_VERSIONS

# helm announces no such kind offline; a 1.30+ cluster does.
VAP_API = ("admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy",)


@pytest.fixture(scope="module", params=["helm3", "helm4"])
def newest(request: pytest.FixtureRequest) -> Renderer:
    """Each helm on the newest Kubernetes, on a cluster serving the admission policy API."""
    return Renderer(request.param, KUBE_VERSIONS[-1], api_versions=VAP_API)

"""Whole-chart invariants: what must hold for every successful render,
whatever the values. Used by the whole-chart tests and by the fuzzer."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chartkit.profile import resolve
from chartkit.validation.apirules import api_rule_errors
from chartkit.validation.crd import crd_errors, crds_present, has_crd, require_crds, require_fetched_crd
from chartkit.validation.k8s_schema import SchemaMissing, schema_errors
from chartkit.validation.models import has_npm_model, model_errors

Obj = dict[str, Any]

RECOMMENDED_LABELS = (
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
    "helm.sh/chart",
)
SELECTOR_KEYS = {"app.kubernetes.io/name", "app.kubernetes.io/instance"}
RWO = {"ReadWriteOnce", "ReadWriteOncePod"}
# Cluster-scoped kinds a chart may render (the base chart's rollout admission policy): no namespace.
CLUSTER_SCOPED = {"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"}


def of_kind(objs: list[Obj], kind: str) -> list[Obj]:
    return [o for o in objs if o.get("kind") == kind]


def labels_of(obj: Obj) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("labels") or {}


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def is_test_hook(obj: Obj) -> bool:
    return ((obj.get("metadata") or {}).get("annotations") or {}).get("helm.sh/hook") == "test"


def chart_invariant_errors(objs: list[Obj], release: str, namespace: str, chart: str | None = None) -> list[str]:
    """What every chart keeps (labels, instance, namespace), and the chart profile's own invariants."""
    problems = list(_common_invariants(objs, release, namespace))
    extra = resolve(chart).invariants
    if extra is not None:
        problems += extra(objs)
    return problems


def _common_invariants(objs: list[Obj], release: str, namespace: str) -> Iterator[str]:
    """What every chart's objects carry: recommended labels, the release's instance and namespace."""
    for o in objs:
        name = f"{o.get('kind')}/{o['metadata'].get('name')}"
        labels = labels_of(o)
        missing = [k for k in RECOMMENDED_LABELS if k not in labels]
        if missing:
            yield f"{name}: missing recommended labels {missing}"
        if labels.get("app.kubernetes.io/instance") != release:
            yield f"{name}: instance label is not the release name {release!r}"
        if o.get("kind") in CLUSTER_SCOPED:
            if "namespace" in o["metadata"]:
                yield f"{name}: a cluster-scoped object carries a namespace"
        elif o["metadata"].get("namespace") != namespace:
            yield f"{name}: namespace is not the release namespace {namespace!r}"


def resource_errors(objs: list[Obj], kube_version: str) -> list[str]:
    """Every object against its source of truth: core kinds against Kubernetes'
    strict schemas; custom resources against their npm model and, where
    REFERENCE_DATA has it, their released CRD (strict). An object none of them
    knows is an error, never a silent pass."""
    problems: list[str] = []
    npm = [o for o in objs if has_npm_model(o)]
    for o in objs:
        if has_crd(o):
            problems += crd_errors(o, kube_version)
        elif not has_npm_model(o):
            try:
                problems += schema_errors(o, kube_version)  # raises SchemaMissing for a kind nothing knows
            except SchemaMissing:
                require_fetched_crd(o)  # a kind of a group `make crds` fetches: skip naming it
                if not crds_present():  # a custom resource whose released CRD REFERENCE_DATA would hold:
                    require_crds()  # ReferenceMissing, which the tests turn into a skip with its reason
                raise
        problems += api_rule_errors(o)
    for errs in model_errors(npm, kube_version):
        problems += errs
    return problems


def all_errors(objs: list[Obj], kube_version: str, release: str, namespace: str,
               chart: str | None = None) -> list[str]:
    """Schema, API-server, custom-resource and chart-invariant problems of a render."""
    return resource_errors(objs, kube_version) + chart_invariant_errors(objs, release, namespace, chart)


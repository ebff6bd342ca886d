"""Whole-chart invariants: what must hold for every successful render,
whatever the values. Used by the whole-chart tests and by the fuzzer."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .apirules import api_rule_errors
from .crd import crd_errors, has_crd
from .k8s_schema import schema_errors
from .models import has_npm_model, model_errors

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


def _kind(objs: list[Obj], kind: str) -> list[Obj]:
    return [o for o in objs if o.get("kind") == kind]


def _labels(obj: Obj) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("labels") or {}


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _is_test_hook(obj: Obj) -> bool:
    return ((obj.get("metadata") or {}).get("annotations") or {}).get("helm.sh/hook") == "test"


ROLE_SET = "role-set"  # component label of the cluster.roleSets Deployments


def chart_invariant_errors(objs: list[Obj], release: str, namespace: str, chart: str = "base") -> list[str]:
    problems = list(_common_invariants(objs, release, namespace))
    if chart == "base":
        problems += _base_invariants(objs)
    return problems


def _common_invariants(objs: list[Obj], release: str, namespace: str) -> Iterator[str]:
    """What every chart's objects carry: recommended labels, the release's instance and namespace."""
    for o in objs:
        name = f"{o.get('kind')}/{o['metadata'].get('name')}"
        labels = _labels(o)
        missing = [k for k in RECOMMENDED_LABELS if k not in labels]
        if missing:
            yield f"{name}: missing recommended labels {missing}"
        if labels.get("app.kubernetes.io/instance") != release:
            yield f"{name}: instance label is not the release name {release!r}"
        if o["metadata"].get("namespace") != namespace:
            yield f"{name}: namespace is not the release namespace {namespace!r}"


def _base_invariants(objs: list[Obj]) -> Iterator[str]:
    """The base chart's wiring: one Deployment, and every selector, port and claim pointing at it."""
    role_sets = [d for d in _kind(objs, "Deployment") if _labels(d).get("app.kubernetes.io/component") == ROLE_SET]
    deployments = [d for d in _kind(objs, "Deployment") if d not in role_sets]
    if len(deployments) != 1:
        yield f"expected exactly one Deployment (besides the role sets), found {len(deployments)}"
        return
    deploy = deployments[0]
    spec = deploy["spec"]
    selector = spec["selector"]["matchLabels"]
    for other in role_sets:  # cluster.roleSets: selected by nothing of the scaled set, and selecting only its own
        name, own = other["metadata"]["name"], other["spec"]["selector"]["matchLabels"]
        if _matches(selector, _labels(other["spec"]["template"])):
            yield f"Deployment/{name}: its pods match the scaled set's selector (Service, PDB, HPA)"
        if _matches(own, spec["template"]["metadata"]["labels"]):
            yield f"Deployment/{name}: its selector matches the scaled set's pods"
    pod_labels = spec["template"]["metadata"]["labels"]
    pod = spec["template"]["spec"]
    if set(selector) != SELECTOR_KEYS:
        yield f"Deployment selector must be exactly {sorted(SELECTOR_KEYS)}, is {sorted(selector)}"
    if not _matches(selector, pod_labels):
        yield "Deployment selector does not match its pod labels"

    for svc in _kind(objs, "Service"):
        if svc["spec"].get("selector") != selector:
            yield f"Service/{svc['metadata']['name']}: selector differs from the Deployment's"
    for pdb in _kind(objs, "PodDisruptionBudget"):
        if pdb["spec"]["selector"].get("matchLabels") != selector:
            yield "PodDisruptionBudget: selector differs from the Deployment's"
    for test_pod in [o for o in objs if o.get("kind") == "Pod"]:
        if not _is_test_hook(test_pod):
            yield f"Pod/{test_pod['metadata']['name']}: a bare Pod that is not a helm test hook"
        if _matches(selector, _labels(test_pod)):
            yield f"Pod/{test_pod['metadata']['name']}: test pod matches the Service selector"

    for job in _kind(objs, "Job"):
        if _matches(selector, _labels(job["spec"]["template"])):
            yield f"Job/{job['metadata']['name']}: its pods match the Service selector"

    container = next((c for c in pod["containers"] if c["name"] == "stalwart"), None)
    if container is None:
        yield "Deployment has no 'stalwart' container"
        return
    container_ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    for svc in _kind(objs, "Service"):
        for p in svc["spec"]["ports"]:
            if p.get("targetPort") not in container_ports:
                yield f"Service port {p.get('name')} targets {p.get('targetPort')!r}, not a container port name"

    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    for path in ("/etc/stalwart", "/var/lib/stalwart", "/tmp", "/var/log/stalwart"):
        if path not in mounts:
            yield f"the stalwart container does not mount {path}"
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    pvcs = {p["metadata"]["name"]: p for p in _kind(objs, "PersistentVolumeClaim")}
    rwo_claims = [n for n, p in pvcs.items() if set(p["spec"]["accessModes"]) & RWO]
    for pvc_name in pvcs:
        if pvc_name not in [(v.get("persistentVolumeClaim") or {}).get("claimName") for v in volumes.values()]:
            yield f"PersistentVolumeClaim/{pvc_name} is rendered but not mounted"

    hpas = _kind(objs, "HorizontalPodAutoscaler")
    replicas_max = max([h["spec"]["maxReplicas"] for h in hpas], default=spec.get("replicas", 1))
    if hpas and "replicas" in spec:
        yield "Deployment sets replicas while an HPA manages it"
    for h in hpas:
        ref = h["spec"]["scaleTargetRef"]
        if (ref.get("kind"), ref.get("name")) != ("Deployment", deploy["metadata"]["name"]):
            yield "HPA scaleTargetRef does not point at the Deployment"
    if replicas_max > 1 and rwo_claims:
        yield f"up to {replicas_max} replicas share ReadWriteOnce claims {rwo_claims}"
    if rwo_claims and spec.get("strategy", {}).get("type") != "Recreate":
        yield "a ReadWriteOnce claim is mounted but the strategy is not Recreate"

    services = {s["metadata"]["name"]: s for s in _kind(objs, "Service")}
    for route in _kind(objs, "HTTPRoute"):
        if not route["spec"].get("hostnames"):
            yield "HTTPRoute has no hostnames"
        for rule in route["spec"].get("rules", []):
            for ref in rule.get("backendRefs", []):
                svc = services.get(ref.get("name"))
                if svc is not None and ref.get("port") not in [p["port"] for p in svc["spec"]["ports"]]:
                    yield f"HTTPRoute backendRef port {ref.get('port')} is not published by Service {ref['name']}"


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
            problems += schema_errors(o, kube_version)  # raises SchemaMissing for a kind nothing knows
        problems += api_rule_errors(o)
    for errs in model_errors(npm, kube_version):
        problems += errs
    return problems


def all_errors(objs: list[Obj], kube_version: str, release: str, namespace: str, chart: str = "base") -> list[str]:
    """Schema, API-server, custom-resource and chart-invariant problems of a render."""
    return resource_errors(objs, kube_version) + chart_invariant_errors(objs, release, namespace, chart)


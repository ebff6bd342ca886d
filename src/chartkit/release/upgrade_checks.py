"""What the API server refuses, or what loses data, when `helm upgrade` turns
one render of a chart into another. Pure functions over two object lists
(the last release's render and the working tree's, same values); each
returns readable problems, empty when the upgrade is safe.
"""
from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

Obj = dict[str, Any]
Key = tuple[str, str, str]  # kind, namespace, name

HOOK = "helm.sh/hook"
HOOK_DELETE = "helm.sh/hook-delete-policy"
KEEP = "helm.sh/resource-policy"

# StatefulSet spec fields the API lets an update change; every other one is immutable.
STATEFULSET_MUTABLE = {"replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                       "persistentVolumeClaimRetentionPolicy", "minReadySeconds"}
SELECTOR_KINDS = ("Deployment", "ReplicaSet", "DaemonSet")


def key(obj: Obj) -> Key:
    meta = obj.get("metadata") or {}
    return obj["kind"], meta.get("namespace") or "", meta["name"]


def label(k: Key) -> str:
    return f"{k[0]}/{k[2]}"


def is_hook(obj: Obj) -> bool:
    return HOOK in ((obj.get("metadata") or {}).get("annotations") or {})


def by_key(objs: list[Obj]) -> dict[Key, Obj]:
    return {key(o): o for o in objs}


def _without(spec: dict[str, Any], *paths: tuple[str, ...]) -> dict[str, Any]:
    out = copy.deepcopy(spec)
    for path in paths:
        node = out
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return out


def immutable_changes(old: list[Obj], new: list[Obj]) -> list[str]:
    """Changes to fields the API server refuses to update in place."""
    problems: list[str] = []
    new_objs = by_key(new)
    for k, before in by_key(old).items():
        after = new_objs.get(k)
        if after is None or is_hook(before) or is_hook(after):
            continue
        problems += [f"{label(k)}: {p}" for p in _object_changes(k[0], before, after)]
    return problems


def _object_changes(kind: str, before: Obj, after: Obj) -> list[str]:
    a, b = before.get("spec") or {}, after.get("spec") or {}
    if kind in SELECTOR_KINDS and a.get("selector") != b.get("selector"):
        return [f"spec.selector is immutable: {a.get('selector')} -> {b.get('selector')}"]
    if kind == "StatefulSet":
        frozen = sorted(k for k in set(a) | set(b) if k not in STATEFULSET_MUTABLE and a.get(k) != b.get(k))
        return [f"spec.{k} is immutable on a StatefulSet: {a.get(k)} -> {b.get(k)}" for k in frozen]
    if kind == "Job":
        return [f"spec.{k} is immutable on a Job" for k in ("selector", "template") if a.get(k) != b.get(k)]
    if kind == "PersistentVolumeClaim":
        return _claim_changes(a, b)
    if kind == "Service":
        return _service_changes(a, b)
    if kind in ("ConfigMap", "Secret") and before.get("immutable"):
        fields = ("data", "binaryData", "stringData")
        if not after.get("immutable") or any(before.get(f) != after.get(f) for f in fields):
            return ["an immutable ConfigMap/Secret cannot change its data or become mutable; give it a new name"]
    return []


def _claim_changes(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """A claim's spec is immutable except resources.requests and volumeAttributesClassName."""
    skip = (("resources", "requests"), ("volumeAttributesClassName",))
    fixed_a, fixed_b = _without(a, *skip), _without(b, *skip)
    for spec in (fixed_a, fixed_b):
        spec["volumeMode"] = spec.get("volumeMode") or "Filesystem"  # the API's default: spelling it out is no change
    return [f"spec.{f} is immutable on a PersistentVolumeClaim: {fixed_a.get(f)!r} -> {fixed_b.get(f)!r}"
            for f in sorted(set(fixed_a) | set(fixed_b)) if fixed_a.get(f) != fixed_b.get(f)]


def _service_changes(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    problems = []
    for field in ("clusterIP", "clusterIPs"):
        if (a.get(field) or b.get(field)) and a.get(field) != b.get(field) and b.get("type") != "ExternalName":
            problems.append(f"spec.{field} is immutable once allocated: {a.get(field)!r} -> {b.get(field)!r} "
                            "(headless <-> allocated included)")
    if a.get("type") == b.get("type") == "LoadBalancer" and a.get("loadBalancerClass") != b.get("loadBalancerClass"):
        problems.append(f"spec.loadBalancerClass is immutable on a LoadBalancer: {a.get('loadBalancerClass')!r} -> "
                        f"{b.get('loadBalancerClass')!r}")
    families_a, families_b = a.get("ipFamilies") or [], b.get("ipFamilies") or []
    if families_a and families_b and families_a[0] != families_b[0]:
        problems.append(f"spec.ipFamilies[0] (the primary family) is immutable: {families_a[0]} -> {families_b[0]}")
    return problems


QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE]|)$")
SUFFIX = {"": 1, "m": Decimal("0.001"), "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15,
          "E": 10**18, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}


def quantity(text: str | int | float) -> Decimal:
    """A Kubernetes resource quantity ("20Gi", "1.5G", "512M", "1e3") as a number."""
    match = QUANTITY.match(str(text).strip())
    if not match:
        raise ValueError(f"not a Kubernetes quantity: {text!r}")
    number, suffix = match.groups()
    if suffix[:1] in ("e", "E") and suffix not in SUFFIX:
        return Decimal(number) * Decimal(10) ** int(suffix[1:])
    return Decimal(number) * Decimal(SUFFIX[suffix])


def _storage(obj: Obj) -> str | None:
    return (((obj.get("spec") or {}).get("resources") or {}).get("requests") or {}).get("storage")


def shrunk_claims(old: list[Obj], new: list[Obj]) -> list[str]:
    """Claims asked to shrink: the API refuses, and no storage can give bytes back safely."""
    new_objs = by_key(new)
    problems = []
    for k, before in by_key(old).items():
        after = new_objs.get(k)
        if k[0] != "PersistentVolumeClaim" or after is None:
            continue
        size_a, size_b = _storage(before), _storage(after)
        if size_a and size_b and quantity(size_b) < quantity(size_a):
            problems.append(f"{label(k)}: storage request shrinks {size_a} -> {size_b}")
    return problems


def disappeared(old: list[Obj], new: list[Obj]) -> list[Key]:
    """Objects of the old render that the new one no longer has (hooks are recreated anyway)."""
    new_keys = set(by_key(new))
    return sorted(k for k, o in by_key(old).items() if k not in new_keys and not is_hook(o))


def lost_claims(old: list[Obj], new: list[Obj]) -> list[str]:
    """Claims that vanish without `helm.sh/resource-policy: keep`: helm would delete the data."""
    gone = set(disappeared(old, new))
    return [f"{label(key(o))}: disappears and has no {KEEP}: keep, so the upgrade deletes its data"
            for o in old if key(o) in gone and o["kind"] == "PersistentVolumeClaim"
            and ((o["metadata"].get("annotations") or {}).get(KEEP) != "keep")]


def hook_problems(objs: list[Obj]) -> list[str]:
    """Hooks that a second `helm upgrade` could not recreate: with a delete policy that lacks
    before-hook-creation, a leftover hook object (a failed Job, say) blocks the next run, and a
    Job's template is immutable. Helm applies before-hook-creation when no policy is set."""
    problems = []
    for obj in objs:
        annotations = (obj.get("metadata") or {}).get("annotations") or {}
        if HOOK not in annotations or HOOK_DELETE not in annotations:
            continue
        policies = {p.strip() for p in str(annotations[HOOK_DELETE]).split(",")}
        if "before-hook-creation" not in policies:
            problems.append(f"{label(key(obj))}: {HOOK_DELETE} is {annotations[HOOK_DELETE]!r}; add "
                            "before-hook-creation so the next upgrade replaces it instead of failing")
    return problems

"""Validate custom resources against the released CRDs of their operators,
strictly: every object in a CRD's `openAPIV3Schema` refuses unknown fields
unless the CRD marks it `x-kubernetes-preserve-unknown-fields`.

The CRDs are upstream reference data, read from `REFERENCE_DATA/crds/<operator>/`
(see chartkit.reference), then from `.cache/crds/<operator>/` (fetched pinned by
`make crds`, chartkit.crds), and never copied into the repository. CEL rules
(`x-kubernetes-validations`) are not evaluated here; `chartkit.validation.apirules` holds
the ones the charts rely on.
"""
from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from chartkit.crds import how_to_fetch, source_of_group
from chartkit.reference import ReferenceMissing, crd_roots, reference_root, require
from chartkit.rendering.render import YamlLoader
from chartkit.validation.k8s_schema import canonical
from chartkit.validation.models import metadata_errors

Obj = dict[str, Any]


def strict(node: Any) -> Any:
    """An OpenAPI v3 structural schema as a strict JSON Schema."""
    if isinstance(node, list):
        return [strict(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: strict(v) for k, v in node.items() if not k.startswith("x-kubernetes-") and k != "nullable"}
    if node.get("x-kubernetes-int-or-string") and "anyOf" not in out:
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
        out.pop("type", None)
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"] if isinstance(out["type"], str) else [*out["type"], "null"]
    preserve = node.get("x-kubernetes-preserve-unknown-fields") or node.get("x-kubernetes-embedded-resource")
    if node.get("type") == "object" and not preserve and "additionalProperties" not in node:
        out["additionalProperties"] = False
        out.setdefault("properties", {})
    if isinstance(out.get("exclusiveMinimum"), bool):  # OpenAPI 3.0 form; never used by these CRDs' bounds
        out.pop("exclusiveMinimum")
    return out


def _candidates(group: str, kind: str) -> list[Path]:
    """CRD files named `<group>_<plural>.yaml` whose plural starts with the kind
    (controller-gen's naming), so only the CRDs in use are parsed."""
    stem = kind.lower().removesuffix("y")  # GitRepository: gitrepositories
    return sorted(p for root in crd_roots() for p in root.glob(f"*/{group}_*.yaml")
                  if p.stem.split("_", 1)[1].startswith(stem))


@cache
def _schema(api_version: str, kind: str) -> dict[str, Any] | None:
    """The served version's openAPIV3Schema, or None when no released CRD has it."""
    group, _, version = api_version.rpartition("/")
    for path in _candidates(group, kind):
        for doc in yaml.load_all(path.read_text(), Loader=YamlLoader):
            if not doc or doc.get("kind") != "CustomResourceDefinition" or doc["spec"]["names"]["kind"] != kind:
                continue
            for served in doc["spec"]["versions"]:
                if served["name"] == version and served.get("served", True) and "schema" in served:
                    return served["schema"]["openAPIV3Schema"]
    return None


def crds_present() -> bool:
    """True when REFERENCE_DATA holds the operators' released CRDs at all."""
    return (reference_root() / "crds").is_dir()


def require_crds() -> Path:
    """REFERENCE_DATA's crds/ folder, or ReferenceMissing naming it."""
    return require(reference_root() / "crds")


def has_crd(obj: Obj) -> bool:
    """True when a released CRD for the object's apiVersion/kind is present."""
    return _schema(obj.get("apiVersion", ""), obj.get("kind", "")) is not None


def require_fetched_crd(obj: Obj) -> None:
    """ReferenceMissing naming `make crds` when the object's API group is one that
    `make crds` fetches (tools/crds/crds.yaml) and its CRD is absent."""
    source = source_of_group(obj.get("apiVersion", "").rpartition("/")[0])
    if source is not None and not has_crd(obj):
        raise ReferenceMissing(f"no released CRD for {obj.get('apiVersion')} {obj.get('kind')} under "
                               f"REFERENCE_DATA/crds or .cache/crds: {how_to_fetch(source)}")


@cache
def validator(api_version: str, kind: str) -> jsonschema.Draft7Validator:
    schema = _schema(api_version, kind)
    if schema is None:
        require_fetched_crd({"apiVersion": api_version, "kind": kind})
        raise ReferenceMissing(f"no released CRD for {api_version} {kind} under "
                               f"{' or '.join(str(r) for r in crd_roots())}")
    schema = strict(copy.deepcopy(schema))
    schema["properties"].pop("metadata", None)  # checked against the strict ObjectMeta instead
    schema["properties"]["metadata"] = {"type": "object"}
    return jsonschema.Draft7Validator(schema)


# What each validator checked, per Kubernetes version and object (k8s_schema.canonical): a CRD read
# again is a new validator and checks again. An entry holds its validator, so the id stays its own.
_checked: dict[int, tuple[jsonschema.Draft7Validator, dict[tuple[str, str], tuple[str, ...]]]] = {}


def crd_errors(obj: Obj, kube_version: str) -> list[str]:
    """Every violation of the object's released CRD schema, plus strict metadata."""
    v = validator(obj.get("apiVersion", ""), obj.get("kind", ""))  # raises when the CRD is absent
    checked = _checked.setdefault(id(v), (v, {}))[1]
    key = (kube_version, canonical(obj))
    if key not in checked:
        checked[key] = tuple(_crd_errors(v, obj, kube_version))
    return list(checked[key])


def _crd_errors(v: jsonschema.Draft7Validator, obj: Obj, kube_version: str) -> list[str]:
    name = f"{obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}"
    errors = [f"{name}: {'.'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
              for e in sorted(v.iter_errors(obj), key=lambda e: list(map(str, e.absolute_path)))]
    return errors + [f"{name}: {e}" for e in metadata_errors(obj, kube_version)]

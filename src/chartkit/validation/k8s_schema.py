"""Validate objects against the strict Kubernetes JSON schemas that the
`kubernetes-validate` package ships, with validators built once per
(version, kind) and every error reported, not only the first.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
from referencing import Registry, Resource

SCHEMA_ROOT = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"


class SchemaMissing(LookupError):
    """No schema exists for a kind: a failure, never a silent pass."""


def _schema_dir(kube_version: str) -> Path:
    path = SCHEMA_ROOT / f"v{kube_version}.0-local-strict"
    if not path.is_dir():
        raise SchemaMissing(f"kubernetes-validate has no strict schemas for Kubernetes {kube_version}")
    return path


@cache
def registry(kube_version: str) -> Registry:
    defs = json.loads((_schema_dir(kube_version) / "_definitions.json").read_text())
    return Resource.from_contents(defs) @ Registry()


@cache
def validator(kube_version: str, api_version: str, kind: str) -> jsonschema.Draft202012Validator:
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    path = _schema_dir(kube_version) / f"{kind.lower()}-{group_version}.json"
    if not path.exists():
        raise SchemaMissing(f"no Kubernetes {kube_version} schema for {api_version} {kind}")
    schema = json.loads(path.read_text())
    return jsonschema.Draft202012Validator(schema, registry=registry(kube_version))


def canonical(obj: dict[str, Any]) -> str:
    """An object's canonical JSON (repr keeps a date apart from a string): the key under which
    each validator remembers what it checked. Renders of different values share most of their
    objects, so each distinct object is validated once per Kubernetes version and process."""
    return json.dumps(obj, sort_keys=True, default=repr)


_checked: dict[tuple[str, str], tuple[str, ...]] = {}


def schema_errors(obj: dict[str, Any], kube_version: str) -> list[str]:
    """Every schema violation of `obj`, as 'kind/name: path: message'."""
    key = (kube_version, canonical(obj))
    if key not in _checked:
        _checked[key] = tuple(validate(obj, kube_version))
    return list(_checked[key])


def validate(obj: dict[str, Any], kube_version: str) -> list[str]:
    """schema_errors without the memo: the validation itself."""
    v = validator(kube_version, obj.get("apiVersion", ""), obj.get("kind", ""))
    name = f"{obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}"
    return [
        f"{name}: {'.'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in sorted(v.iter_errors(obj), key=lambda e: list(map(str, e.absolute_path)))
    ]

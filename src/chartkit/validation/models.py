"""Validate custom resources through the pinned npm @kubernetes-models
validators (Gateway API, External Secrets, prometheus-operator, cert-manager).

One node process per session (per xdist worker) serves every object: it is
started on first use and fed JSON lines, so the ~100 ms node start-up is paid
once, not per object. The generated validators check types, enums, patterns
and ranges but not unknown fields; metadata is therefore also checked against
the strict Kubernetes ObjectMeta schema (see `metadata_errors`), and
`chartkit.validation.crd` adds the released CRDs' own schemas, strictly.
"""
from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import threading
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from chartkit import ROOT
from chartkit.validation.k8s_schema import canonical, registry

SCRIPT = Path(__file__).with_name("models_validate.mjs")
# apiVersions served by models_validate.mjs, and the npm package of each.
NPM_MODELS = {
    "gateway.networking.k8s.io/v1": "gateway-api",
    "external-secrets.io/v1": "external-secrets",
    "monitoring.coreos.com/v1": "prometheus-operator",
    "cert-manager.io/v1": "cert-manager",
    # examples/gitops (tests/system/test_gitops_examples.py)
    "argoproj.io/v1alpha1": "argo-cd",
    "helm.toolkit.fluxcd.io/v2": "flux-cd",
    "kustomize.toolkit.fluxcd.io/v1": "flux-cd",
    "source.toolkit.fluxcd.io/v1": "flux-cd",
}


class ModelValidatorUnavailable(RuntimeError):
    pass


class _NodeValidator:
    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise ModelValidatorUnavailable("node is not on PATH")
        for package in NPM_MODELS.values():
            if not (ROOT / "node_modules" / "@kubernetes-models" / package).is_dir():
                raise ModelValidatorUnavailable(f"npm package @kubernetes-models/{package} missing: run `make tools`")
        self._proc = subprocess.Popen(
            [node, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        self._lock = threading.Lock()
        atexit.register(self.close)

    def errors(self, objs: list[dict[str, Any]]) -> list[list[str]]:
        assert self._proc.stdin and self._proc.stdout
        with self._lock:
            self._proc.stdin.write("".join(json.dumps(o) + "\n" for o in objs))
            self._proc.stdin.flush()
            out = [self._proc.stdout.readline() for _ in objs]
        if any(not line for line in out):
            raise ModelValidatorUnavailable(f"node validator exited with {self._proc.poll()}")
        return [json.loads(line) for line in out]

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.stdin.close()  # type: ignore[union-attr]
            self._proc.wait(timeout=10)


@cache
def _node() -> _NodeValidator:
    return _NodeValidator()


@cache
def _meta_validator(kube_version: str) -> jsonschema.Draft202012Validator:
    ref = {"$ref": "https://kubernetes.io/api/_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}
    return jsonschema.Draft202012Validator(ref, registry=registry(kube_version))


def has_npm_model(obj: dict[str, Any]) -> bool:
    return obj.get("apiVersion") in NPM_MODELS


def metadata_errors(obj: dict[str, Any], kube_version: str) -> list[str]:
    return [f"metadata{''.join('.' + str(p) for p in e.absolute_path)}: {e.message}"
            for e in _meta_validator(kube_version).iter_errors(obj.get("metadata", {}))]


# Each distinct object is checked once per Kubernetes version and process (k8s_schema.canonical).
_checked: dict[tuple[str, str], tuple[str, ...]] = {}


def model_errors(objs: list[dict[str, Any]], kube_version: str) -> list[list[str]]:
    """Errors per object, in order, for a batch of objects with npm models; only the
    objects this process has not checked yet go to the validators, in one batch."""
    keys = [(kube_version, canonical(o)) for o in objs]
    fresh = {k: o for k, o in zip(keys, objs, strict=True) if k not in _checked}
    if fresh:
        for (key, o), errs in zip(fresh.items(), _node().errors(list(fresh.values())), strict=True):
            _checked[key] = tuple(f"{o.get('kind')}/{o.get('metadata', {}).get('name')}: {e}"
                                  for e in errs + metadata_errors(o, kube_version))
    return [list(_checked[k]) for k in keys]

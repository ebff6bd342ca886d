"""Validate Gateway API objects through the pinned npm validators.

One node process per session (per xdist worker) serves every object: it is
started on first use and fed JSON lines, so the ~100 ms node start-up is paid
once, not per object. The generated validators check types, enums, patterns
and ranges but not unknown fields; metadata is therefore also checked against
the strict Kubernetes ObjectMeta schema (see `metadata_errors`).
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

from . import ROOT
from .k8s_schema import registry

SCRIPT = Path(__file__).with_name("gateway_validate.mjs")
GATEWAY_GROUP = "gateway.networking.k8s.io/"


class GatewayValidatorUnavailable(RuntimeError):
    pass


class _NodeValidator:
    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise GatewayValidatorUnavailable("node is not on PATH")
        if not (ROOT / "node_modules" / "@kubernetes-models" / "gateway-api").is_dir():
            raise GatewayValidatorUnavailable("npm packages missing: run `make tools` (npm ci)")
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
            raise GatewayValidatorUnavailable(f"node validator exited with {self._proc.poll()}")
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


def is_gateway_api(obj: dict[str, Any]) -> bool:
    return str(obj.get("apiVersion", "")).startswith(GATEWAY_GROUP)


def metadata_errors(obj: dict[str, Any], kube_version: str) -> list[str]:
    return [f"metadata{''.join('.' + str(p) for p in e.absolute_path)}: {e.message}"
            for e in _meta_validator(kube_version).iter_errors(obj.get("metadata", {}))]


def gateway_errors(objs: list[dict[str, Any]], kube_version: str) -> list[list[str]]:
    """Errors per object, in order, for a batch of Gateway API objects."""
    if not objs:
        return []
    node_errors = _node().errors(objs)
    return [
        [f"{o.get('kind')}/{o.get('metadata', {}).get('name')}: {e}" for e in errs + metadata_errors(o, kube_version)]
        for o, errs in zip(objs, node_errors, strict=True)
    ]

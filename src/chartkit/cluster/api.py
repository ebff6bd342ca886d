"""A small client for the test API server: JSON over HTTPS with a bearer
token, verified against the session's CA. Only what the suite needs: get,
list, create, server-side apply, merge-patch of status, delete."""
from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Obj = dict[str, Any]


class ApiError(RuntimeError):
    def __init__(self, status: int, body: str, method: str, path: str):
        super().__init__(f"{method} {path}: HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


@dataclass
class Api:
    server: str  # https://127.0.0.1:<port>
    token: str
    ca_cert: Path

    def __post_init__(self) -> None:
        self._context = ssl.create_default_context(cafile=str(self.ca_cert))

    def request(self, method: str, path: str, body: Any = None, content_type: str = "application/json",
                timeout: float = 30) -> Obj:
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(self.server + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Accept": "application/json", "Content-Type": content_type})
        try:
            with urllib.request.urlopen(req, context=self._context, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raise ApiError(exc.code, exc.read().decode(errors="replace"), method, path) from None
        return json.loads(raw) if raw else {}

    def ready(self) -> bool:
        """GET /readyz answered "ok" (every readiness check of the API server passed)."""
        req = urllib.request.Request(self.server + "/readyz", headers={"Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(req, context=self._context, timeout=5) as resp:
                return bool(resp.status == 200 and resp.read().strip() == b"ok")
        except (urllib.error.URLError, OSError):
            return False

    def get(self, path: str) -> Obj:
        return self.request("GET", path)

    def exists(self, path: str) -> bool:
        try:
            self.get(path)
        except ApiError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def items(self, path: str) -> list[Obj]:
        return list(self.get(path).get("items") or [])

    def create(self, path: str, obj: Obj) -> Obj:
        return self.request("POST", path, obj)

    def apply(self, path: str, obj: Obj) -> Obj:
        """Server-side apply of `obj` at its own URL `path` (created when absent)."""
        return self.request("PATCH", f"{path}?fieldManager=chartkit-tests&force=true", obj,
                            "application/apply-patch+yaml")

    def merge_patch(self, path: str, patch: Obj) -> Obj:
        return self.request("PATCH", path, patch, "application/merge-patch+json")

    def delete(self, path: str) -> Obj:
        return self.request("DELETE", path)


def core(kind_plural: str, namespace: str | None = None, name: str | None = None) -> str:
    """The URL path of a core (v1) resource."""
    ns = f"/namespaces/{namespace}" if namespace else ""
    return f"/api/v1{ns}/{kind_plural}" + (f"/{name}" if name else "")


def group(api_version: str, kind_plural: str, namespace: str | None = None, name: str | None = None) -> str:
    """The URL path of a resource of an API group (`apiVersion` as in a manifest)."""
    ns = f"/namespaces/{namespace}" if namespace else ""
    return f"/apis/{api_version}{ns}/{kind_plural}" + (f"/{name}" if name else "")

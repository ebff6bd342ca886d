"""Helm against the test cluster: the pinned helms (chartkit.rendering.helm) with the
session's kubeconfig, and what the tests read back (release status, the
objects of a namespace)."""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from chartkit.rendering.helm import helm_env, helm_path

from .api import Api, Obj

# A release's `--wait` and hooks: generous for a shared 2-core machine; kwok answers in about a second.
TIMEOUT = "180s"


@dataclass(frozen=True)
class Helm:
    helm: str  # "helm3" or "helm4"
    kubeconfig: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**helm_env(), "KUBECONFIG": str(self.kubeconfig)}
        return subprocess.run([str(helm_path(self.helm)), *args], capture_output=True, text=True, env=env)

    def ok(self, *args: str) -> str:
        proc = self.run(*args)
        assert proc.returncode == 0, f"helm {' '.join(args)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        return proc.stdout

    def install(self, release: str, chart: str | Path, namespace: str, *values: str | Path,
                extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        return self._deploy("install", release, chart, namespace, values, extra)

    def upgrade(self, release: str, chart: str | Path, namespace: str, *values: str | Path,
                extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        return self._deploy("upgrade", release, chart, namespace, values, extra)

    def _deploy(self, verb: str, release: str, chart: str | Path, namespace: str, values: tuple[str | Path, ...],
                extra: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        """`helm install|upgrade … --wait`, the values files in order, then `extra`."""
        files = [a for v in values for a in ("-f", str(v))]
        return self.run(verb, release, str(chart), "-n", namespace, "--wait", "--timeout", TIMEOUT, *files, *extra)

    def status(self, release: str, namespace: str) -> Obj:
        info: Obj = json.loads(self.ok("status", release, "-n", namespace, "-o", "json"))
        return info

    def history(self, release: str, namespace: str) -> list[Obj]:
        """`helm history -o json`: revision, status, chart ("<name>-<version>") per revision, oldest first."""
        revisions: list[Obj] = json.loads(self.ok("history", release, "-n", namespace, "-o", "json"))
        return revisions

    def manifest_objects(self, release: str, namespace: str) -> list[tuple[str, str]]:
        """(kind, name) of every object in the release's manifest (hooks excluded)."""
        import yaml
        docs = yaml.safe_load_all(self.ok("get", "manifest", release, "-n", namespace))
        return [(d["kind"], d["metadata"]["name"]) for d in docs if isinstance(d, dict) and d.get("kind")]


def release_status(info: Obj) -> str:
    return str(info["info"]["status"])


def namespace_manifest(api: Api, name: str, labels: dict[str, str]) -> Obj:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

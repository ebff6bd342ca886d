"""Run checkov (from its own venv, offline) over rendered scenarios.

checkov knows Kubernetes' own kinds only and passes over custom resources.
An operator's custom resource that carries a pod template (CloudNativePG's
Pooler) is therefore also shown to checkov as the Deployment the operator
builds from it (`checkov_view`), so the part of the pods the chart writes is
scanned; the checks that depend on what the operator fills in are skipped by
`checkov.io/skip` annotations on the resource itself, each with its reason.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from chartkit import ROOT
from chartkit.rendering.render import Obj
from chartkit.validation.apirules import pod_spec_of

CONFIG = ROOT / ".checkov.yaml"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


@dataclass
class CheckovResult:
    passed: int
    failed: int
    skipped: int
    resources: int
    failures: list[str] = field(default_factory=list)


def skipped_checks() -> dict[str, str]:
    """Check id -> the reason given beside it in .checkov.yaml."""
    reasons = {}
    for line in CONFIG.read_text().splitlines():
        if m := re.match(r"^\s*-\s+(CKV2?_[A-Z0-9_]+)\s*(?:#\s*(.*))?$", line):
            reasons[m[1]] = (m[2] or "").strip()
    return reasons


CORE_API_GROUPS = ("v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1",
                   "rbac.authorization.k8s.io/v1")


def checkov_view(objs: list[Obj]) -> list[Obj]:
    """The rendered objects plus, for each custom resource with a pod template,
    the Deployment its operator builds from it."""
    out = list(objs)
    for o in objs:
        if o.get("apiVersion") not in CORE_API_GROUPS and pod_spec_of(o) is not None:
            template = o["spec"]["template"]
            out.append({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": o["metadata"],
                        "spec": {"replicas": o["spec"].get("instances", 1),
                                 "selector": {"matchLabels": template["metadata"]["labels"]}, "template": template}})
    return out


def scannable(objs: list[Obj]) -> list[Obj]:
    """The objects of `checkov_view` that checkov scans (Kubernetes' own kinds)."""
    return [o for o in checkov_view(objs) if o.get("apiVersion") in CORE_API_GROUPS]


def run_checkov(renders: dict[str, list[Obj]]) -> CheckovResult:
    """One checkov run (its start-up costs seconds) over renders by name."""
    if not CHECKOV.exists():
        raise FileNotFoundError(f"{CHECKOV} missing: run `make tools`")
    with tempfile.TemporaryDirectory() as tmp:
        for name, objs in renders.items():
            docs = checkov_view(objs)
            if docs:
                Path(tmp, f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))
        env = {**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "BC_SKIP_MAPPING": "TRUE",
               "CHECKOV_EXPERIMENTAL_IMAGE_REFERENCING": "false"}
        proc = subprocess.run(
            [str(CHECKOV), "--config-file", str(CONFIG), "-d", tmp, "-o", "json"],
            capture_output=True, text=True, env=env, cwd=tmp,
        )
    if proc.returncode not in (0, 1) or not proc.stdout.strip().startswith(("{", "[")):
        raise RuntimeError(f"checkov did not run (exit {proc.returncode}): {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    reports = report if isinstance(report, list) else [report]
    summary = {k: sum(r["summary"][k] for r in reports) for k in ("passed", "failed", "skipped", "resource_count")}
    failures = [f"{c['check_id']} {c['check_name']} ({c['resource']})"
                for r in reports for c in r["results"]["failed_checks"]]
    return CheckovResult(summary["passed"], summary["failed"], summary["skipped"], summary["resource_count"], failures)


def main() -> None:
    from chartkit.rendering.scenarios import render_scenarios
    result = run_checkov(render_scenarios())
    print(f"checkov: {result.passed} passed, {result.failed} failed, {result.skipped} skipped "
          f"over {result.resources} resources; {len(skipped_checks())} checks skipped by .checkov.yaml")
    for failure in result.failures:
        print("  FAILED", failure)


if __name__ == "__main__":
    main()

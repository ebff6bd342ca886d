"""`make bench`: the figures behind the project's performance claims.

Prints the median wall time of one uncached helm render per helm, by its
render server and by the official binary, of
validating one object (Kubernetes schema, API rules, Gateway API), and the
warm wall times of the offline tier and of the control-plane tier
(tests/cluster/), each apart (tools installed, run twice, second run
reported). No test asserts on time; these numbers are the record.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chartkit import ROOT
from chartkit.profile import resolve
from chartkit.rendering.helm import HELMS, LOG_ENV, SERVER_MARK
from chartkit.rendering.helm_server import USE_ENV, unavailable
from chartkit.rendering.render import _key, _render_cached, find, render
from chartkit.rendering.scenarios import largest_scenario
from chartkit.validation import models
from chartkit.validation.apirules import api_rule_errors
from chartkit.validation.k8s_schema import validate


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm caches, validators, the node process
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    uncached = _render_cached.__wrapped__  # type: ignore[attr-defined]
    p = resolve(None)  # the default chart: its required values, and its largest scenario
    largest = largest_scenario(p)
    for helm in HELMS:
        for name, values in (("default", dict(p.required)), ("largest scenario", largest)):
            for way, use in (("render server", "1"), ("official binary", "0")):
                os.environ[USE_ENV] = use
                ms = median_ms(lambda v=values, h=helm: uncached(_key(v), h, "1.37", (), p.release, p.namespace,
                                                                 p.name), 15)
                print(f"render {name:<16} {helm}, {way:<15}: {ms:7.1f} ms (median of 15, uncached)")
    os.environ.pop(USE_ENV)
    for helm in HELMS:
        print(f"{helm} render server: {unavailable(helm) or 'built'}")
    objs = render(largest)
    deploy, route = find(objs, "Deployment"), find(objs, "HTTPRoute")
    for kube in ("1.29", "1.37"):
        ms = median_ms(lambda k=kube: validate(deploy, k), 200)
        print(f"schema-validate Deployment k8s {kube}: {ms:7.2f} ms")
    print(f"api-rules Deployment:             {median_ms(lambda: api_rule_errors(deploy), 200):7.2f} ms")
    print(f"gateway-validate HTTPRoute:       {median_ms(lambda: uncached_models([route]), 200):7.2f} ms")
    base = [sys.executable, "-m", "pytest", "-q", "-n", "auto", "-p", "no:cacheprovider"]
    suite_wall("offline tier (Helm 3 and 4 x Kubernetes 1.29 and 1.37)", [*base, "--ignore=tests/cluster"])
    # The control-plane tier (tests/cluster/, one worker: chartkit.cluster.scheduling): its warm time.
    suite_wall("control-plane tier (one control plane, kwok)", [*base, "tests/cluster"])


def uncached_models(objs: list[dict[str, Any]]) -> list[list[str]]:
    """model_errors as a first check of these objects does it (it remembers what it checked)."""
    models._checked.clear()
    return models.model_errors(objs, "1.37")


def suite_wall(label: str, cmd: list[str]) -> None:
    """Run `cmd` twice; print the second (warm) run's wall time, its summary line, and how many helm
    processes, distinct helm calls and renders it started."""
    walls = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as log:
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, LOG_ENV: log})
            walls.append(time.perf_counter() - start)
            calls = helm_calls(Path(log))
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:])
            raise SystemExit("the suite failed; no timing reported")
    summary = proc.stdout.strip().splitlines()[-1]
    processes = [c for c in calls if not c[0].endswith(SERVER_MARK)]
    renders = [(c[0].removesuffix(SERVER_MARK), *c[1:]) for c in calls if c[1] == "template"]
    print(f"{label}, warm: {walls[-1]:.1f} s wall (first run {walls[0]:.1f} s) -- {summary}")
    print(f"  helm calls: {len(calls)}, {len(processes)} of them processes ({len(set(processes))} distinct); "
          f"renders (helm template): {len(renders)} ({len(set(renders))} distinct), "
          f"{len(renders) - sum(c[1] == 'template' for c in processes)} by the render servers")


def helm_calls(log: Path) -> list[tuple[str, ...]]:
    """Every helm call the suite's processes recorded (chartkit.rendering.helm.LOG_ENV)."""
    return [tuple(json.loads(line)) for f in sorted(log.glob("*.jsonl")) for line in f.read_text().splitlines()]


if __name__ == "__main__":
    main()

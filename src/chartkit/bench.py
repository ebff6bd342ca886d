"""`make bench`: the figures behind the project's performance claims.

Prints the median wall time of one uncached helm render per helm, of
validating one object (Kubernetes schema, API rules, Gateway API), and the
warm wall times of the offline tier and of the control-plane tier
(tests/cluster/), each apart (tools installed, run twice, second run
reported). No test asserts on time; these numbers are the record.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from . import ROOT
from .apirules import api_rule_errors
from .helm import HELMS
from .k8s_schema import schema_errors
from .models import model_errors
from .render import _key, _render_cached, find, render
from .scenarios import ALL_FEATURES, BASE


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
    for helm in HELMS:
        for name, values in (("default", BASE), ("all-features", ALL_FEATURES)):
            ms = median_ms(lambda v=values, h=helm: uncached(_key(v), h, "1.37", (), "stalwart", "mail"), 15)
            print(f"render {name:<13} {helm}: {ms:7.1f} ms (median of 15, uncached)")
    objs = render(ALL_FEATURES)
    deploy, route = find(objs, "Deployment"), find(objs, "HTTPRoute")
    for kube in ("1.29", "1.37"):
        ms = median_ms(lambda k=kube: schema_errors(deploy, k), 200)
        print(f"schema-validate Deployment k8s {kube}: {ms:7.2f} ms")
    print(f"api-rules Deployment:             {median_ms(lambda: api_rule_errors(deploy), 200):7.2f} ms")
    print(f"gateway-validate HTTPRoute:       {median_ms(lambda: model_errors([route], '1.37'), 200):7.2f} ms")
    base = [sys.executable, "-m", "pytest", "-q", "-n", "auto", "-p", "no:cacheprovider"]
    suite_wall("offline tier (Helm 3 and 4 x Kubernetes 1.29 and 1.37)", [*base, "--ignore=tests/cluster"])
    # The control-plane tier (tests/cluster/, one worker: chartkit.cluster.scheduling): its warm time.
    suite_wall("control-plane tier (one control plane, kwok)", [*base, "tests/cluster"])


def suite_wall(label: str, cmd: list[str]) -> None:
    """Run `cmd` twice; print the second (warm) run's wall time and its summary line."""
    walls = []
    for _ in range(2):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:])
            raise SystemExit("the suite failed; no timing reported")
    summary = proc.stdout.strip().splitlines()[-1]
    print(f"{label}, warm: {walls[-1]:.1f} s wall (first run {walls[0]:.1f} s) -- {summary}")


if __name__ == "__main__":
    main()

"""`make mutants`: mutation testing of every chart under helm/.

For each chart, each template file (NOTES.txt and templates/tests/ included)
gets the mutants of `chartkit.mutation.operators`. A seeded sample of at most --max per
file is run, round-robin across files, until --budget seconds are spent:

1. The mutant is written into a private copy of helm/ (never the real files).
2. Equivalence: the mutated chart is rendered (helm4, Kubernetes 1.37, NOTES
   included through `chartkit.rendering.notes`' probe) over the chart's value sets
   (`value_sets`) and compared with the unmutated renders, errors included
   (without positions; the unmutated chart is rendered twice, and a leaf
   that differs between the two, like a generated password, is compared by
   its length only). No change anywhere: equivalent, skipped. A parse error, or a failure on
   every value set the original renders: "fails to render", counted apart.
3. Otherwise the tests (`chartkit.mutation.owners`: the template's own first, then
   every other test CI runs on the chart) run in a fresh pytest
   process (`-x -q -p no:cacheprovider`) with CHARTKIT_CHART_ROOT pointing at
   the mutated copy, so no render cache outlives a mutant. A failure kills
   the mutant; a hang past --timeout counts as killed too (CI would fail).

Score = killed / (killed + survived), per file and per chart."""
from __future__ import annotations

import argparse
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from chartkit.charts import CHART_ROOT_ENV, ROOT, Chart, chart_names, charts_root
from chartkit.mutation.equivalence import CHANGED, Where, baseline_of, classify, outcome
from chartkit.mutation.operators import Mutant, mutants_of
from chartkit.mutation.owners import files_testing
from chartkit.mutation.valuesets import ValueSet, value_sets
from chartkit.rendering.notes import add_notes_probe
from chartkit.rendering.render import SHARED_RENDERS_ENV

NOTES = "templates/NOTES.txt"


KILLED, SURVIVED, TIMEOUT, ERROR, UNFINISHED = "killed", "survived", "killed (timeout)", "error", "not run"


DEFAULT_MAX = 15


class Workspace:
    """A private copy of helm/ (what the tests see) plus, per chart, a probe
    copy whose NOTES.txt renders as a ConfigMap (what the equivalence check sees)."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(charts_root(), root / "helm")
        for name in chart_names():
            probe = self.probe(name)
            shutil.copytree(self.chart(name), probe)
            if (probe / NOTES).exists():
                add_notes_probe(probe)

    def chart(self, name: str) -> Path:
        return self.root / "helm" / name

    def probe(self, name: str) -> Path:
        return self.root / "probe" / name

    def _write(self, chart: str, file: str, text: str) -> None:
        (self.chart(chart) / file).write_text(text)
        if file == NOTES:
            add_notes_probe(self.probe(chart), text)
        else:
            (self.probe(chart) / file).write_text(text)

    @contextmanager
    def mutated(self, chart: str, mutant: Mutant) -> Iterator[None]:
        original = (self.chart(chart) / mutant.file).read_text()
        self._write(chart, mutant.file, mutant.apply(original))
        try:
            yield
        finally:
            self._write(chart, mutant.file, original)


def run_tests(root: Path, files: list[Path], timeout: float, workers: int = 0) -> tuple[str, str]:
    """Run pytest on `files` against the charts under root/helm, in its own
    process group; (verdict, output tail)."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *map(str, files)]
    if workers:
        cmd += ["-n", str(workers)]
    # Never the renders of a run this one was started from: a mutant changes a chart under the same path.
    env = {**{k: v for k, v in os.environ.items() if k != SHARED_RENDERS_ENV}, CHART_ROOT_ENV: str(root / "helm")}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=max(timeout, 1))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return TIMEOUT, out[-2000:]
    verdict = {0: SURVIVED, 1: KILLED, 2: KILLED}.get(proc.returncode, ERROR)
    return verdict, out[-2000:]


@dataclass
class Job:
    chart: str
    mutant: Mutant
    verdict: str = UNFINISHED
    detail: str = ""
    seconds: tuple[float, float] = (0.0, 0.0)  # equivalence check, tests


@dataclass
class Plan:
    chart: str
    files: dict[str, list[Mutant]]  # every mutant, by template file
    sample: dict[str, list[Mutant]] = field(default_factory=dict)


def plan(chart: str, seed: int, max_per_file: int, only: str | None) -> Plan:
    root = Chart(chart).path
    files = {}
    for path in sorted((root / "templates").rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_file() and (only is None or only in rel):
            files[rel] = mutants_of(path.read_text(), rel)
    p = Plan(chart, files)
    for rel, mutants in files.items():
        picked = list(mutants)
        random.Random(f"{seed}:{chart}:{rel}").shuffle(picked)
        p.sample[rel] = picked[:max_per_file] if max_per_file else picked
    return p


def round_robin(plans: list[Plan]) -> list[Job]:
    """Interleave files, so a run cut short by the budget still samples each."""
    queues = [[Job(p.chart, m) for m in ms] for p in plans for ms in p.sample.values()]
    jobs = []
    for i in range(max((len(q) for q in queues), default=0)):
        jobs += [q[i] for q in queues if i < len(q)]
    return jobs


class Runner:
    def __init__(self, args: argparse.Namespace, workspaces: queue.Queue[Workspace]):
        self.args = args
        self.workspaces = workspaces
        self.deadline = time.monotonic() + args.budget
        self.sets: dict[str, list[ValueSet]] = {}
        self.baseline: dict[str, list[str]] = {}
        self.volatile: dict[str, list[frozenset[Where]]] = {}

    def prepare(self, chart: str, pool: ThreadPoolExecutor) -> None:
        ws = self.workspaces.get()
        try:
            self.sets[chart] = value_sets(chart)
            first, second = (list(pool.map(lambda vs: outcome(ws.probe(chart), vs), self.sets[chart]))
                             for _ in range(2))
            self.baseline[chart], self.volatile[chart] = baseline_of(first, second)
        finally:
            self.workspaces.put(ws)

    def run(self, job: Job) -> Job:
        if time.monotonic() > self.deadline:
            return job
        ws = self.workspaces.get()
        try:
            with ws.mutated(job.chart, job.mutant):
                self._judge(job, ws)
        finally:
            self.workspaces.put(ws)
        if self.args.verbose:
            check, tests = job.seconds
            print(f"  {job.verdict:<16} {check:5.1f}s {tests:5.1f}s {job.mutant.describe()}", file=sys.stderr,
                  flush=True)
        return job

    def _judge(self, job: Job, ws: Workspace) -> None:
        started = time.monotonic()
        job.verdict = classify(ws.probe(job.chart), self.sets[job.chart], self.baseline[job.chart],
                               self.volatile[job.chart])
        job.seconds = (time.monotonic() - started, 0.0)
        if job.verdict != CHANGED:
            return
        files = files_testing(job.chart, job.mutant.file)
        if not files:
            job.verdict, job.detail = ERROR, "no test owns this template"
            return
        left = self.deadline - time.monotonic()
        verdict, job.detail = run_tests(ws.root, files, min(self.args.timeout, left))
        job.seconds = (job.seconds[0], time.monotonic() - started - job.seconds[0])
        job.verdict = UNFINISHED if verdict == TIMEOUT and left < self.args.timeout else verdict

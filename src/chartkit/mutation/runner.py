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

Score = killed / (killed + survived), per file and per chart.
"""
from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from chartkit.charts import CHART_ROOT_ENV, ROOT, Chart, chart_names, charts_root
from chartkit.mutation.operators import Mutant, mutants_of
from chartkit.mutation.owners import files_testing
from chartkit.profile import profile
from chartkit.rendering.helm import run_helm
from chartkit.rendering.notes import add_notes_probe
from chartkit.rendering.render import KUBE_VERSIONS, YamlLoader, values_file, values_with

NOTES = "templates/NOTES.txt"
EQUIVALENT, BROKEN, CHANGED = "equivalent", "fails to render", "changed"
KILLED, SURVIVED, TIMEOUT, ERROR, UNFINISHED = "killed", "survived", "killed (timeout)", "error", "not run"
DEFAULT_MAX = 15
LONG_RELEASE = "mail-" + "x" * 48  # 53 characters: helm's longest release name
DIGIT_RELEASE = "2024"  # valid for helm; the base chart refuses it (its Service name would start with a digit)
BOOLEAN_RELEASE = "on"  # a valid release name that YAML 1.1 (helm's parser) reads as true unless quoted


@dataclass(frozen=True)
class ValueSet:
    name: str
    values: dict[str, Any]
    release: str = "release"
    namespace: str = "default"
    api_versions: tuple[str, ...] = ()


def value_sets(chart: str) -> list[ValueSet]:
    """What the equivalence check renders, from the chart's profile
    (chartkit.profile): its scenarios (else the defaults), its examples and
    edge cases, the first scenario under another release and namespace,
    under a 53-character release name (helm's longest), under one YAML reads
    as a boolean and one starting with a digit, then every guard case and
    near miss. The profile's APIs apply to every render of the chart but the
    guard cases, which render on the APIs each names; its required values
    are laid under the guard cases and near misses."""
    p = profile(chart)
    apis, required, ns = p.api_versions, dict(p.required), p.namespace
    scenarios = {**(p.scenarios() or {"defaults": {}}),
                 **{f"example-{k}": v for k, v in Chart(chart).examples().items()},
                 **p.edge_cases()}
    sets = [ValueSet(name, values, p.release, ns, apis) for name, values in scenarios.items()]
    sets.append(ValueSet(f"{sets[0].name}-as-mx", sets[0].values, "mx", "mx-prod", apis))
    sets.append(ValueSet(f"{sets[0].name}-as-long-release", sets[0].values, LONG_RELEASE, ns, apis))
    sets.append(ValueSet(f"{sets[0].name}-as-yaml-bool-release", sets[0].values, BOOLEAN_RELEASE, ns, apis))
    sets.append(ValueSet(f"{sets[0].name}-as-digit-release", sets[0].values, DIGIT_RELEASE, ns, apis))
    for case in p.guards():  # each on the APIs its case names (a missing one fires)
        sets.append(ValueSet(f"guard-{case.id}", values_with(required, case.values), p.release, ns,
                             tuple(case.api_versions)))
    for name, values in p.allowed():
        sets.append(ValueSet(f"allowed-{name}", values_with(required, values), p.release, ns, apis))
    return sets


def outcome(chart_dir: Path, vs: ValueSet) -> str:
    """The render of one value set as a comparable string: the objects as
    sorted JSON, or `error: ` and helm's message without positions (line and
    column numbers of template files, `line N` of YAML errors)."""
    with values_file(vs.values) as path:
        args = ["template", vs.release, str(chart_dir), "-n", vs.namespace, "-f", path,
                "--kube-version", KUBE_VERSIONS[-1]]
        for api in vs.api_versions:
            args += ["--api-versions", api]
        proc = run_helm("helm4", *args)
    if proc.returncode != 0:
        return "error: " + without_positions(proc.stderr.replace(str(chart_dir), "<chart>"))
    try:
        docs = [d for d in yaml.load_all(proc.stdout, Loader=YamlLoader) if d]
    except yaml.YAMLError as exc:
        return f"error: unparseable output: {exc}"
    return json.dumps(docs, sort_keys=True, default=str)


def without_positions(message: str) -> str:
    """helm's message without positions: line and column numbers after a
    template file, in "(file:line:col)" and in an include trace, and YAML's
    `line N`. They move with any deleted line and are not what the chart
    tells the operator."""
    message = re.sub(r"(templates/[\w./-]+):\d+(?::\d+)?", r"\1", message)
    return re.sub(r"\bline \d+", "line N", message)


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


Where = tuple[str | int, ...]  # a leaf's path in the rendered documents


def volatile_paths(a: Any, b: Any, at: Where = ()) -> set[Where] | None:
    """The leaves where two renders of the same values differ (helm's random
    functions: a generated password); None when their shapes differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return None
        pairs: list[tuple[Any, Any, Where]] = [(a[k], b[k], (*at, k)) for k in a]
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return None
        pairs = [(x, y, (*at, i)) for i, (x, y) in enumerate(zip(a, b, strict=True))]
    else:
        return set() if a == b else {at}
    out: set[Where] = set()
    for x, y, where in pairs:
        sub = volatile_paths(x, y, where)
        if sub is None:
            return None
        out |= sub
    return out


def masked(text: str, paths: frozenset[Where]) -> str:
    """An outcome with each volatile leaf replaced by its length alone (a
    random password's length still tells mutants apart; errors stay as they are)."""
    if not paths or text.startswith("error:"):
        return text
    docs = json.loads(text)
    for where in paths:
        node = docs
        try:
            for key in where[:-1]:
                node = node[key]
            node[where[-1]] = f"<random, {_length(node[where[-1]])} characters>"
        except (KeyError, IndexError, TypeError):
            pass  # the mutant moved or removed that leaf: the rest of the comparison tells
    return json.dumps(docs, sort_keys=True)


def _length(value: Any) -> int:
    """A random leaf's length: of what it encodes when it is base64 (a Secret's data)."""
    try:
        return len(base64.b64decode(str(value), validate=True))
    except (binascii.Error, ValueError):
        return len(str(value))


def baseline_of(first: list[str], second: list[str]) -> tuple[list[str], list[frozenset[Where]]]:
    """The baseline from two renders of every value set on the unmutated
    chart: the leaves that differ between the two are volatile, masked on
    both sides of every later comparison; (baseline, volatile leaves)."""
    volatile = []
    for a, b in zip(first, second, strict=True):
        paths = None if a.startswith("error:") or b.startswith("error:") else volatile_paths(json.loads(a),
                                                                                              json.loads(b))
        volatile.append(frozenset(paths or ()))
    return [masked(a, v) for a, v in zip(first, volatile, strict=True)], volatile


def classify(probe: Path, sets: list[ValueSet], baseline: list[str],
             volatile: list[frozenset[Where]] | None = None) -> str:
    """EQUIVALENT, BROKEN or CHANGED (stops at the first proof of a change)."""
    differs = renders = False
    for i, (vs, before) in enumerate(zip(sets, baseline, strict=True)):
        after = masked(outcome(probe, vs), volatile[i] if volatile else frozenset())
        if after.startswith("error:") and "parse error" in after:
            return BROKEN  # the template no longer parses: no value set can render it
        renders |= not after.startswith("error:") and not before.startswith("error:")
        differs |= after != before
        if differs and renders:
            return CHANGED
    if not differs:
        return EQUIVALENT
    return CHANGED if renders or all(b.startswith("error:") for b in baseline) else BROKEN


def run_tests(root: Path, files: list[Path], timeout: float, workers: int = 0) -> tuple[str, str]:
    """Run pytest on `files` against the charts under root/helm, in its own
    process group; (verdict, output tail)."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *map(str, files)]
    if workers:
        cmd += ["-n", str(workers)]
    env = {**os.environ, CHART_ROOT_ENV: str(root / "helm")}
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


def score(counts: Counter[str]) -> str:
    killed = counts[KILLED] + counts[TIMEOUT]
    tested = killed + counts[SURVIVED]
    return f"{100 * killed / tested:5.1f}%" if tested else "    -"


def report(plans: list[Plan], jobs: list[Job], elapsed: float, args: argparse.Namespace) -> None:
    header = (f"{'file':<42} {'mutants':>7} {'run':>4} {'equiv':>5} {'broken':>6} {'killed':>6} "
              f"{'surv':>4} {'score':>6}")
    for p in plans:
        print(f"\nchart {p.chart}: seed {args.seed}, at most {args.max or 'all'} mutants per file")
        print(header)
        total: Counter[str] = Counter()
        for rel, mutants in p.files.items():
            counts = Counter(j.verdict for j in jobs if j.chart == p.chart and j.mutant.file == rel)
            total.update(counts)
            total["mutants"] += len(mutants)
            run = sum(counts.values()) - counts[UNFINISHED]
            print(f"{rel:<42} {len(mutants):>7} {run:>4} {counts[EQUIVALENT]:>5} {counts[BROKEN]:>6} "
                  f"{counts[KILLED] + counts[TIMEOUT]:>6} {counts[SURVIVED]:>4} {score(counts):>6}")
        run = sum(v for k, v in total.items() if k not in ("mutants", UNFINISHED))
        print(f"{'all files':<42} {total['mutants']:>7} {run:>4} {total[EQUIVALENT]:>5} {total[BROKEN]:>6} "
              f"{total[KILLED] + total[TIMEOUT]:>6} {total[SURVIVED]:>4} {score(total):>6}")
    survivors = [j for j in jobs if j.verdict == SURVIVED]
    print(f"\nsurviving mutants ({len(survivors)}):")
    for j in sorted(survivors, key=lambda j: (j.chart, j.mutant.file, j.mutant.start)):
        print(f"  helm/{j.chart}/{j.mutant.describe()}")
    for j in jobs:
        if j.verdict == ERROR:
            print(f"error: helm/{j.chart}/{j.mutant.describe()}: {j.detail.strip()[-500:]}")
    unfinished = sum(j.verdict == UNFINISHED for j in jobs)
    print(f"\n{date.today().isoformat()}: {elapsed:.0f} s on {args.jobs} jobs (budget {args.budget:.0f} s)"
          + (f"; {unfinished} sampled mutants not run within the budget" if unfinished else ""))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m chartkit.mutation.runner", description=__doc__.split("\n\n")[0])
    ap.add_argument("--chart", action="append", help="chart folder under helm/ (repeatable; default: all)")
    ap.add_argument("--seed", type=int, default=1, help="sampling seed (default 1)")
    ap.add_argument("--max", type=int, default=DEFAULT_MAX, help=f"mutants per file, 0 = all (default {DEFAULT_MAX})")
    ap.add_argument("--budget", type=float, default=840, help="seconds before no new mutant starts (default 840)")
    ap.add_argument("--timeout", type=float, default=900,
                    help="seconds one mutant's tests may take before it counts as a hang (default 900)")
    ap.add_argument("--jobs", type=int, default=2, help="mutants run in parallel (default 2)")
    ap.add_argument("--file", help="only template files whose path contains this")
    ap.add_argument("--list", action="store_true", help="print the sampled mutants and exit")
    ap.add_argument("--no-baseline", action="store_true", help="skip the green run of the tests on the unmutated copy")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each verdict as it comes")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    charts = args.chart or chart_names()
    unknown = sorted(set(charts) - set(chart_names()))
    if unknown:
        print(f"unknown chart(s) {', '.join(unknown)}; charts: {', '.join(chart_names())}", file=sys.stderr)
        return 2
    plans = [plan(c, args.seed, args.max, args.file) for c in charts]
    jobs = round_robin(plans)
    if args.list:
        for j in jobs:
            print(f"helm/{j.chart}/{j.mutant.describe()}")
        return 0
    with tempfile.TemporaryDirectory(prefix="chartkit-mutants-") as tmp:
        workspaces: queue.Queue[Workspace] = queue.Queue()
        for i in range(args.jobs):
            workspaces.put(Workspace(Path(tmp, f"w{i}")))
        runner = Runner(args, workspaces)
        with ThreadPoolExecutor(args.jobs) as pool:
            for p in plans:
                runner.prepare(p.chart, pool)
                if not args.no_baseline and not baseline_green(p, runner, args):
                    return 2
            print(f"{len(jobs)} mutants sampled; running with {args.jobs} jobs", file=sys.stderr, flush=True)
            jobs = list(pool.map(runner.run, jobs))
    report(plans, jobs, time.monotonic() - started, args)
    return 0


def baseline_green(p: Plan, runner: Runner, args: argparse.Namespace) -> bool:
    """The tests the run uses must pass on the unmutated copy, or every
    mutant would look killed."""
    files = sorted({f for rel in p.sample for f in files_testing(p.chart, rel)})
    if not files:
        return True
    ws = runner.workspaces.get()
    try:
        verdict, out = run_tests(ws.root, files, runner.deadline - time.monotonic(), workers=args.jobs)
    finally:
        runner.workspaces.put(ws)
    if verdict != SURVIVED:
        why = "did not finish within the budget" if verdict == TIMEOUT else "are not green on the unmutated chart"
        print(f"the tests of chart {p.chart} {why}:\n{out}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())

"""The mutation run's command line, its scores per file and per chart, and the report it prints."""
from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from chartkit.charts import chart_names
from chartkit.mutation.equivalence import BROKEN, EQUIVALENT
from chartkit.mutation.owners import files_testing
from chartkit.mutation.runner import (
    DEFAULT_MAX,
    ERROR,
    KILLED,
    SURVIVED,
    TIMEOUT,
    UNFINISHED,
    Job,
    Plan,
    Runner,
    Workspace,
    plan,
    round_robin,
    run_tests,
)


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
    ap = argparse.ArgumentParser(prog="python -m chartkit.mutation", description=__doc__.split("\n\n")[0])
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

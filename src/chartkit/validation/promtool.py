"""Run the pinned promtool (Debian's `prometheus` package, installed by
`make promtool`) on rule groups, rule unit tests and bare PromQL queries.

Each call writes its files into a fresh temporary folder, so parallel test
workers never share one.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PROMTOOL_VERSION = "2.42.0"  # Debian prometheus 2.42.0+ds-5+deb12u1 (Makefile: PROMETHEUS_DEB)


class PromtoolUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Result:
    ok: bool
    output: str  # promtool's stdout and stderr


@cache
def promtool_path() -> str:
    """promtool on PATH, refusing any version but the pinned one."""
    path = shutil.which("promtool")
    if path is None:
        raise PromtoolUnavailable("promtool is not on PATH: run `make promtool` (as root, or apt-get it yourself)")
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"version (\S+)", out.stdout + out.stderr)
    if found is None or found.group(1).split("+")[0] != PROMTOOL_VERSION:
        raise PromtoolUnavailable(f"{path} is not promtool {PROMTOOL_VERSION}: {(out.stdout + out.stderr).strip()}")
    return path


def _run(folder: Path, *args: str) -> Result:
    proc = subprocess.run([promtool_path(), *args], capture_output=True, text=True, cwd=folder, check=False)
    return Result(proc.returncode == 0, (proc.stdout + proc.stderr).strip())


def _write(folder: Path, name: str, content: Any) -> str:
    (folder / name).write_text(yaml.safe_dump(content, sort_keys=False))
    return name


def check_rules(groups: list[dict[str, Any]]) -> Result:
    """`promtool check rules` on a rules file holding `groups`."""
    with tempfile.TemporaryDirectory(prefix="promtool-") as tmp:
        return _run(Path(tmp), "check", "rules", _write(Path(tmp), "rules.yaml", {"groups": groups}))


def test_rules(groups: list[dict[str, Any]], tests: dict[str, Any]) -> Result:
    """`promtool test rules`: `tests` is a promtool test file without `rule_files`, run against `groups`.

    Each test group is run against only the alerts it names (in one promtool
    run, one test file per set of alerts): alerts do not depend on each other,
    and promtool evaluates every rule of its file at every step, so this keeps
    the unit tests fast without changing what they assert.
    """
    by_alerts: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for group in tests["tests"]:
        names = tuple(sorted({case["alertname"] for case in group.get("alert_rule_test", [])}))
        by_alerts.setdefault(names, []).append(group)
    known = {r.get("alert") for g in groups for r in g["rules"]}
    if unknown := {n for names in by_alerts for n in names} - known:
        raise ValueError(f"tests name alerts the rules do not have: {sorted(unknown)}")
    settings = {k: v for k, v in tests.items() if k != "tests"}
    with tempfile.TemporaryDirectory(prefix="promtool-") as tmp:
        files = []
        for i, (names, test_groups) in enumerate(by_alerts.items()):
            subset = [{**g, "rules": [r for r in g["rules"] if r.get("alert") in names]} for g in groups]
            rules = _write(Path(tmp), f"rules-{i}.yaml", {"groups": [g for g in subset if g["rules"]]})
            test_file = {"rule_files": [rules], **settings, "tests": test_groups}
            files.append(_write(Path(tmp), f"tests-{i}.yaml", test_file))
        return _run(Path(tmp), "test", "rules", *files)


test_rules.__test__ = False  # type: ignore[attr-defined]  # a library function, not a pytest test


def check_queries(queries: list[str]) -> Result:
    """Parse bare PromQL queries with promtool, as the expressions of recording rules."""
    rules = [{"record": f"query_{i}", "expr": q} for i, q in enumerate(queries)]
    return check_rules([{"name": "queries", "rules": rules}])

"""Which tests own which template: the rule the mutation run uses.

For a chart `C`, the tests live in `tests/C/`. A test file
- owns a template when the first line of its module docstring names it
  (a docstring reading `templates/service.yaml`; several paths may be listed), or when it
  is named `test_<stem>.py` after the template (`-` read as `_`, a leading
  `_` dropped: `templates/pdb.yaml` -> `test_pdb.py`);
- is a whole-chart test when that first line starts with "Whole-chart".
A mutant of a template meets every test CI would run on it: the template's
owners first (they fail fastest, and pytest stops at the first failure), then
the whole-chart tests, then the chart's other test files, then the system
and release tests, which read every chart (the release tests carry the
migrations' messages and the upgrade checks). A template no file owns (such as
`_helpers.tpl`, whose helpers feed every template) starts with the whole-chart
tests. So no test is out of a mutant's reach because of how its docstring
reads (a guard test that named no template once let a deleted `include` of
the validating helper survive).
"""
from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from chartkit.charts import ROOT

TESTS = ROOT / "tests"
TEMPLATE_PATH = re.compile(r"templates/[\w./-]+\w")


@cache  # read once per run: every template asks about every test file
def _first_docstring_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    return doc.splitlines()[0] if doc else ""


def chart_test_files(chart: str) -> list[Path]:
    return sorted((TESTS / chart).glob("test_*.py"))


def whole_chart_tests(chart: str) -> list[Path]:
    """The chart's own whole-chart test files, then the checks every chart keeps
    (tests/test_charts.py: restricted pods, checkov, lint, schema and values)."""
    own = [p for p in chart_test_files(chart) if _first_docstring_line(p).startswith("Whole-chart")]
    return own + [TESTS / "test_charts.py"]


def owning_tests(chart: str, template: str) -> list[Path]:
    """Test files that own `template` (a path inside the chart, e.g. templates/NOTES.txt)."""
    stem = Path(template).stem.replace("-", "_").lstrip("_")
    return [p for p in chart_test_files(chart)
            if template in TEMPLATE_PATH.findall(_first_docstring_line(p)) or p.name == f"test_{stem}.py"]


def every_chart_tests() -> list[Path]:
    """tests/system (both charts together), then tests/release (every chart's releases)."""
    return sorted((TESTS / "system").glob("test_*.py")) + sorted((TESTS / "release").glob("test_*.py"))


def files_testing(chart: str, template: str) -> list[Path]:
    """Owners, whole-chart tests, the chart's other tests, the system and release tests."""
    ordered = owning_tests(chart, template) + whole_chart_tests(chart) + chart_test_files(chart) + every_chart_tests()
    return list(dict.fromkeys(ordered))

"""Which tests own which template: the rule the mutation run uses.

For a chart `C`, the tests live in `tests/C/`. A test file
- owns a template when the first line of its module docstring names it
  (a docstring reading `templates/service.yaml`; several paths may be listed), or when it
  is named `test_<stem>.py` after the template (`-` read as `_`, a leading
  `_` dropped: `templates/pdb.yaml` -> `test_pdb.py`);
- is a whole-chart test when that first line starts with "Whole-chart".
A template's tests are its owners, then the whole-chart tests. A template no
file owns (such as `_helpers.tpl`, whose helpers feed every template) is
tested by the owners of every other template, then the whole-chart tests.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from .charts import ROOT, Chart

TESTS = ROOT / "tests"
TEMPLATE_PATH = re.compile(r"templates/[\w./-]+\w")


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


def files_testing(chart: str, template: str) -> list[Path]:
    """Owners first (they fail fastest), then the whole-chart tests."""
    owners = owning_tests(chart, template)
    if not owners:
        root = Chart(chart).path
        templates = [str(t.relative_to(root)) for t in sorted((root / "templates").rglob("*")) if t.is_file()]
        owners = sorted({p for t in templates for p in owning_tests(chart, t)})
    return owners + [p for p in whole_chart_tests(chart) if p not in owners]

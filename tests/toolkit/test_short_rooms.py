"""Short rooms: no Python module of the toolchain or the tests, and no template of any chart,
is longer than 300 lines (a longer one is split by concern, as the guards and the contract are)."""
from __future__ import annotations

from pathlib import Path

from chartkit.charts import ROOT, present

LIMIT = 300
FILES = sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py"),
                *(f for c in present() for f in (c.path / "templates").rglob("*") if f.is_file())])


def lines_of(path: Path) -> int:
    return len(path.read_text().splitlines())


def test_no_file_is_over_the_limit() -> None:
    over = {str(f.relative_to(ROOT)): n for f in FILES if (n := lines_of(f)) > LIMIT}
    assert not over, f"over {LIMIT} lines, split them by concern: {over}"


def test_the_check_sees_the_templates_and_the_modules(tmp_path: Path) -> None:
    assert any(f.suffix == ".tpl" for f in FILES) and any(f.suffix == ".py" for f in FILES)
    long = tmp_path / "long.py"
    long.write_text("x = 1\n" * (LIMIT + 1))
    assert lines_of(long) > LIMIT

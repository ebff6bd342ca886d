"""Files generated from one source (README tables, the platform's alert rules
and dashboard): write them, or check that none is stale. One command-line
shape for every generator (`--write` / `--check`)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from chartkit.charts import ROOT

Generated = dict[Path, Callable[[], str]]


def stale(files: Generated) -> list[Path]:
    return [path for path, text in files.items() if not path.exists() or path.read_text() != text()]


def write_or_check(files: Generated, description: str, argv: list[str] | None = None) -> int:
    """`--write` regenerates every file; `--check` exits 1 naming the stale ones."""
    parser = argparse.ArgumentParser(description=description)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate the files")
    mode.add_argument("--check", action="store_true", help="fail when a file is stale")
    args = parser.parse_args(argv)
    if args.write:
        for path, text in files.items():
            path.parent.mkdir(exist_ok=True)
            path.write_text(text())
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if paths := stale(files):
        print(f"{', '.join(str(p.relative_to(ROOT)) for p in paths)} out of date: run `make docs`", file=sys.stderr)
        return 1
    return 0

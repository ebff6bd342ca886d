"""Write or check the chart files generated from Python: helm/platform's
alert rules (chartkit.alerts) and Grafana dashboard (chartkit.dashboard).

    python -m chartkit.observability --write   # regenerate them (`make docs` does)
    python -m chartkit.observability --check   # exit 1 when one is stale
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .alerts import rules_file
from .charts import PLATFORM, ROOT
from .dashboard import dashboard_file

GENERATED: dict[Path, Callable[[], str]] = {
    PLATFORM.path / "files" / "prometheus-rules.yaml": rules_file,
    PLATFORM.path / "files" / "dashboard.json": dashboard_file,
}


def stale() -> list[Path]:
    return [path for path, text in GENERATED.items() if not path.exists() or path.read_text() != text()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate the files")
    mode.add_argument("--check", action="store_true", help="fail when a file is stale")
    args = parser.parse_args(argv)
    if args.write:
        for path, text in GENERATED.items():
            path.parent.mkdir(exist_ok=True)
            path.write_text(text())
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if paths := stale():
        print(f"{', '.join(str(p.relative_to(ROOT)) for p in paths)} out of date: run `make docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

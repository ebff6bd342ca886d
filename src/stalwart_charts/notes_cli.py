"""`make notes`: print a chart's NOTES offline for given values, as
`helm install` would print them (chartkit.rendering.notes renders them through the
pinned helm; no cluster is needed, and `lookup` finds nothing, as on a fresh
namespace).

    python -m stalwart_charts.notes_cli [--chart base] [--helm helm4] [-f a.yaml ...] [--host mail.example.com]
                                 [--namespace mail] [--release stalwart] [--upgrade]
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

import yaml

from chartkit.rendering.notes import render_notes
from chartkit.rendering.render import RenderError, values_with
from stalwart_charts.charts import NAMESPACE, RELEASE


def values_of(files: list[str], host: str | None, chart: str) -> dict[str, Any]:
    """The values files merged in order (later files win), then the hostname, as `make render` passes them."""
    values: dict[str, Any] = {}
    for path in files:
        with open(path, encoding="utf-8") as fh:
            values = values_with(values, yaml.safe_load(fh) or {})
    if host:
        values = values_with(values, {"gateway": {"hostnames": [host]}})
    if chart == "platform":
        values = values_with(values, {"skipApiCheck": True})  # as `make render CHART=platform`
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make notes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chart", default="base")
    parser.add_argument("--helm", default="helm4")
    parser.add_argument("-f", "--values", action="append", default=[])
    parser.add_argument("--host")
    parser.add_argument("--namespace", default=NAMESPACE)
    parser.add_argument("--release", default=RELEASE)
    parser.add_argument("--upgrade", action="store_true", help="NOTES of an upgrade instead of an install")
    args = parser.parse_args(argv)
    try:
        text = render_notes(values_of(args.values, args.host, args.chart), args.helm, namespace=args.namespace,
                            chart=args.chart, upgrade=args.upgrade, release=args.release)
    except RenderError as refused:
        print(str(refused).strip(), file=sys.stderr)
        return 1
    print(text.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())

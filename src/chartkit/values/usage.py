"""Which values a chart's templates read (chartkit.values.template_reader reads them),
which values.yaml keys no template reads, and which paths the templates read that
values.yaml lacks."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from chartkit.values.template_reader import Path_, Reader, Usage


def template_usage(texts: list[str]) -> Usage:
    reader = Reader()
    for text in texts:
        reader.read_template(text)
    return reader.usage


def chart_usage(chart_dir: Path) -> Usage:
    # files/ holds text the templates render through `tpl` (the platform's alert rules), which reads values too
    files = sorted(p for folder in ("templates", "files") for p in (chart_dir / folder).rglob("*") if p.is_file())
    return template_usage([p.read_text() for p in files])


def nodes(values: Any, path: Path_ = ()) -> dict[Path_, Any]:
    """Every path in values.yaml (descending into maps) and its value."""
    out: dict[Path_, Any] = {}
    if isinstance(values, dict):
        for key, sub in values.items():
            out[path + (str(key),)] = sub
            out.update(nodes(sub, path + (str(key),)))
    return out


def _matches(pattern: Path_, path: Path_) -> bool:
    return len(pattern) == len(path) and all(p in ("*", q) for p, q in zip(pattern, path, strict=True))


def unused(values: dict[str, Any], usage: Usage) -> list[str]:
    """values.yaml leaves no template uses."""
    leaves = [p for p, v in nodes(values).items() if not (isinstance(v, dict) and v)]
    out = []
    for leaf in leaves:
        covered = any(_matches(u, leaf[:len(u)]) if len(u) <= len(leaf) else _matches(u[:len(leaf)], leaf)
                      for u in usage.used)
        if not covered:
            out.append(".".join(leaf))
    return sorted(out)


def undefined(values: dict[str, Any], usage: Usage) -> list[str]:
    """Paths templates read that values.yaml does not define (reading into a list or an
    empty map, like `strategy.type` of `strategy: {}`, is defined)."""
    all_nodes = nodes(values)
    containers = [p for p, v in all_nodes.items() if isinstance(v, list) or v == {}]
    out = []
    for path in usage.read:
        if not path or any(_matches(path, n) for n in all_nodes):
            continue
        if any(len(c) < len(path) and _matches(path[:len(c)], c) for c in containers):
            continue
        out.append(".".join(path))
    return sorted(out)

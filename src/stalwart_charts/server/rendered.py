"""What a render of the base chart gives Stalwart (its config.json and the bootstrap
plan's lines), checked against Stalwart's schema; `make check-plan` runs it over values files."""
from __future__ import annotations

import json
from typing import Any

from stalwart_charts.server.schema import validate_config, validate_ndjson, validate_plan


def config_json(objs: list[dict[str, Any]]) -> Any:
    """The config.json a render carries in its config Secret, parsed (None without one)."""
    import base64

    for obj in objs:
        data = obj.get("data") or {}
        if obj["kind"] == "Secret" and "config.json" in data:
            return json.loads(base64.b64decode(data["config.json"]))
    return None


def plan_lines(objs: list[dict[str, Any]]) -> list[str]:
    """The lines of a render's plan.ndjson ([] without a plan ConfigMap)."""
    for obj in objs:
        if obj["kind"] == "ConfigMap" and "plan.ndjson" in (obj.get("data") or {}):
            return obj["data"]["plan.ndjson"].splitlines()
    return []


def rendered_problems(objs: list[dict[str, Any]], plan: list[Any]) -> list[str]:
    """Problems of a render's config.json and plan. The operator's own
    operations (`plan`, which the chart copies verbatim before its final
    ReloadSettings line) are named bootstrap.plan[i]; the chart's lines by
    their place in plan.ndjson."""
    problems: list[str] = []
    config = config_json(objs)
    if config is not None:
        problems += validate_config(config)
    lines = plan_lines(objs)
    if lines:
        first_own = len(lines) - 1 - len(plan)
        generated = lines[:first_own] + [""] * len(plan) + lines[-1:]
        problems += validate_ndjson("\n".join(generated))
        problems += validate_plan(plan)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Render the base chart with values files and check the rendered
    config.json and plan: `python -m stalwart_charts.server.schema -f values.yaml`."""
    import argparse

    import yaml

    from chartkit.rendering.render import render, values_with

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("-f", "--values", action="append", default=[], help="values file (repeatable)")
    args = parser.parse_args(argv)
    values = values_with(*(yaml.safe_load(open(path)) or {} for path in args.values))
    problems = rendered_problems(render(values), (values.get("bootstrap") or {}).get("plan") or [])
    print("\n".join(problems) or "config.json and the plan match Stalwart's schema")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Hypothesis strategies for chart values, derived from values.schema.json.

`valid_values()` draws overlays the schema accepts; `mutated_values()` takes
such an overlay and breaks one field the way operators do (a wrong type, an
out-of-range number, a bad enum, an unknown key, a malformed string).
Pass-through Kubernetes structures (probes, affinity, containers, …) keep
their defaults: the schema checks only their outer type, so random content
there would only test Kubernetes, not the chart.
"""
from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from hypothesis import strategies as st

from chartkit import CACHE
from chartkit.charts import Chart
from chartkit.profile import resolve
from chartkit.values.formats import effective_schema

STATS_DIR = CACHE / "fuzz"


def _prune(schema: dict[str, Any], skip: frozenset[str], path: str = "") -> dict[str, Any]:
    """The schema without the profile's `fuzz_skip` paths (pass-through Kubernetes structures)."""
    schema = copy.deepcopy(schema)
    props = schema.get("properties")
    if isinstance(props, dict):
        schema["properties"] = {
            k: _prune(v, skip, f"{path}.{k}".lstrip(".")) for k, v in props.items()
            if f"{path}.{k}".lstrip(".") not in skip and not v.get("deprecated")  # migrations refuse these
        }
        schema.pop("required", None)  # the chart's defaults fill every omitted key
    return schema


def _bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """Keep generated maps and lists small so one example renders quickly."""
    if isinstance(schema, dict):
        out = {k: _bounded(v) for k, v in schema.items()}
        if out.get("type") == "array" or "items" in out:
            out["maxItems"] = min(out.get("maxItems", 3), 3)
        if "additionalProperties" in out and isinstance(out["additionalProperties"], dict):
            out["maxProperties"] = min(out.get("maxProperties", 3), 3)
        return out
    if isinstance(schema, list):
        return [_bounded(v) for v in schema]
    return schema


@cache
def generation_schema(chart: str | None = None) -> dict[str, Any]:
    """The chart's values schema, pruned of pass-through structures and bounded in size."""
    p = resolve(chart)
    return _bounded(_prune(effective_schema(p.name), p.fuzz_skip))


ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for the JSON Schema subset values.schema.json uses.

    (hypothesis-jsonschema would be the library for this, but its 0.23.1
    release breaks on current hypothesis internals.) Strings are ASCII, as
    helm's Go regexes treat \\d and \\w as ASCII only.
    """
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "oneOf" in schema:
        return st.one_of([from_schema(sub) for sub in schema["oneOf"]])
    kind = schema.get("type", "object" if "properties" in schema else None)
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        low = schema.get("minimum", -5)
        return st.integers(min_value=low, max_value=schema.get("maximum", low + 100))
    if kind == "string":
        return _strings(schema)
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {"type": "string"})), min_size=schema.get("minItems", 0),
                        max_size=schema.get("maxItems", 3), unique_by=(lambda v: json.dumps(v, sort_keys=True))
                        if schema.get("uniqueItems") else None)
    if kind == "object":
        return _objects(schema)
    return st.just({})


def _strings(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    max_len = schema.get("maxLength", 40)
    if "pattern" in schema:
        base = st.from_regex(schema["pattern"], fullmatch=True, alphabet=ASCII)
    else:
        base = st.text(ASCII, min_size=schema.get("minLength", 0), max_size=max_len)
    return base.filter(lambda v: schema.get("minLength", 0) <= len(v) <= max_len)


def _objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties") or {}
    required = set(schema.get("required", []))
    fixed = st.fixed_dictionaries({k: from_schema(v) for k, v in props.items() if k in required},
                                  optional={k: from_schema(v) for k, v in props.items() if k not in required})
    extra = schema.get("additionalProperties")
    if not isinstance(extra, dict):
        return fixed
    keys = _strings({"type": "string", **schema.get("propertyNames", {})}).filter(lambda k: k not in props)
    more = st.dictionaries(keys, from_schema(extra), max_size=schema.get("maxProperties", 2))
    return st.builds(lambda a, b: {**b, **a}, fixed, more)


def _leaf_schemas(schema: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], dict]]:
    out = [(path, schema)] if path else []
    for key, sub in (schema.get("properties") or {}).items():
        out += _leaf_schemas(sub, path + (key,))
    return out


def _breakers(schema: dict[str, Any]) -> list[Any]:
    """Values that violate `schema` in the ways operators get wrong."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    out: list[Any] = []
    if "integer" in kinds:
        out += ["8080" if "string" not in kinds else [], 1.5]
        if "minimum" in schema:
            out.append(schema["minimum"] - 1)
        if "maximum" in schema:
            out.append(schema["maximum"] + 1)
    if "string" in kinds:
        out.append(42)
        if "enum" in schema:
            out.append(str(schema["enum"][-1]).upper() + "x")
        if "pattern" in schema:
            out += ["Not A Valid Value!", "UPPER_case"]
    if "boolean" in kinds:
        out += ["yes", 1]
    if "array" in kinds:
        out.append("not-a-list")
    if "object" in kinds:
        out.append(["not", "a", "map"])
    if schema.get("additionalProperties") is False:
        out.append({"bogusKey": 1})
    return [v for v in out if v != []]


@cache
def _mutations(chart: str | None = None) -> list[tuple[tuple[str, ...], Any]]:
    """(path, value) pairs where the value really breaks that path's schema
    (a candidate that happens to be valid, like an upper-case image tag, is dropped)."""
    import jsonschema

    p = resolve(chart)
    leaves = _leaf_schemas(_prune(effective_schema(p.name), p.fuzz_skip))
    return [(path, bad) for path, sub in leaves for bad in _breakers(sub)
            if not jsonschema.Draft7Validator(sub).is_valid(bad)]


def _set(values: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(values)
    node = out
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if isinstance(value, dict) and value.get("bogusKey") == 1 and isinstance(node.get(path[-1]), dict):
        node[path[-1]] = {**node[path[-1]], "bogusKey": 1}
    else:
        node[path[-1]] = value
    return out


@cache  # one strategy per chart: hypothesis works out a new strategy's properties over the whole schema
def valid_values(chart: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid overlays, half of them repaired by the chart's profile to pass its guards too."""
    raw = from_schema(generation_schema(chart))
    repair = resolve(chart).repair
    return st.one_of(raw, raw.map(repair)) if repair else raw


def renderable_values(chart: Chart) -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid overlays repaired to pass the guards where the chart's profile has a repair:
    value sets that mostly render, for comparing renders."""
    raw = from_schema(generation_schema(chart.name))
    repair = resolve(chart.name).repair
    return raw.map(repair) if repair else raw


@st.composite
def mutated_values(draw: st.DrawFn, chart: str | None = None) -> tuple[dict[str, Any], str]:
    """(values, description of the mutation) with one field broken."""
    values = draw(valid_values(chart))
    path, bad = draw(st.sampled_from(_mutations(chart)))
    return _set(values, path, bad), f"{'.'.join(path)} = {bad!r}"


def record_stats(name: str, outcomes: dict[str, int]) -> None:
    """Keep a run's outcome counts for `python -m chartkit.values.fuzz` to report."""
    STATS_DIR.mkdir(parents=True, exist_ok=True)
    (STATS_DIR / f"{name}.json").write_text(json.dumps(dict(outcomes), sort_keys=True))


def main() -> None:
    for path in sorted(STATS_DIR.glob("*.json")):
        stats = json.loads(path.read_text())
        tried = stats.get("rendered", 0) + stats.get("refused", 0)
        fields = sum(1 for k in stats if k.startswith("field: "))
        print(f"{path.stem}: {tried} examples, {stats.get('rendered', 0)} rendered valid objects, "
              f"{stats.get('refused', 0)} refused with a value path"
              + (f"; {fields} distinct fields broken" if fields else ""))


if __name__ == "__main__":
    main()

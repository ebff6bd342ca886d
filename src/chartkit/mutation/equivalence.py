"""Is a mutant equivalent? Renders of the mutated chart over every value set,
compared with the unmutated ones (errors without positions; leaves that
differ between two unmutated renders compared by their length only)."""
from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path
from typing import Any

import yaml

from chartkit.mutation.valuesets import ValueSet
from chartkit.rendering.helm import run_helm
from chartkit.rendering.render import KUBE_VERSIONS, YamlLoader, values_file

EQUIVALENT, BROKEN, CHANGED = "equivalent", "fails to render", "changed"


def outcome(chart_dir: Path, vs: ValueSet) -> str:
    """The render of one value set as a comparable string: the objects as
    sorted JSON, or `error: ` and helm's message without positions (line and
    column numbers of template files, `line N` of YAML errors)."""
    with values_file(vs.values) as path:
        args = ["template", vs.release, str(chart_dir), "-n", vs.namespace, "-f", path,
                "--kube-version", KUBE_VERSIONS[-1]]
        for api in vs.api_versions:
            args += ["--api-versions", api]
        proc = run_helm("helm4", *args)
    if proc.returncode != 0:
        return "error: " + without_positions(proc.stderr.replace(str(chart_dir), "<chart>"))
    try:
        docs = [d for d in yaml.load_all(proc.stdout, Loader=YamlLoader) if d]
    except yaml.YAMLError as exc:
        return f"error: unparseable output: {exc}"
    return json.dumps(docs, sort_keys=True, default=str)


def without_positions(message: str) -> str:
    """helm's message without positions: line and column numbers after a
    template file, in "(file:line:col)" and in an include trace, and YAML's
    `line N`. They move with any deleted line and are not what the chart
    tells the operator."""
    message = re.sub(r"(templates/[\w./-]+):\d+(?::\d+)?", r"\1", message)
    return re.sub(r"\bline \d+", "line N", message)


Where = tuple[str | int, ...]  # a leaf's path in the rendered documents


def volatile_paths(a: Any, b: Any, at: Where = ()) -> set[Where] | None:
    """The leaves where two renders of the same values differ (helm's random
    functions: a generated password); None when their shapes differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return None
        pairs: list[tuple[Any, Any, Where]] = [(a[k], b[k], (*at, k)) for k in a]
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return None
        pairs = [(x, y, (*at, i)) for i, (x, y) in enumerate(zip(a, b, strict=True))]
    else:
        return set() if a == b else {at}
    out: set[Where] = set()
    for x, y, where in pairs:
        sub = volatile_paths(x, y, where)
        if sub is None:
            return None
        out |= sub
    return out


def masked(text: str, paths: frozenset[Where]) -> str:
    """An outcome with each volatile leaf replaced by its length alone (a
    random password's length still tells mutants apart; errors stay as they are)."""
    if not paths or text.startswith("error:"):
        return text
    docs = json.loads(text)
    for where in paths:
        node = docs
        try:
            for key in where[:-1]:
                node = node[key]
            node[where[-1]] = f"<random, {_length(node[where[-1]])} characters>"
        except (KeyError, IndexError, TypeError):
            pass  # the mutant moved or removed that leaf: the rest of the comparison tells
    return json.dumps(docs, sort_keys=True)


def _length(value: Any) -> int:
    """A random leaf's length: of what it encodes when it is base64 (a Secret's data)."""
    try:
        return len(base64.b64decode(str(value), validate=True))
    except (binascii.Error, ValueError):
        return len(str(value))


def baseline_of(first: list[str], second: list[str]) -> tuple[list[str], list[frozenset[Where]]]:
    """The baseline from two renders of every value set on the unmutated
    chart: the leaves that differ between the two are volatile, masked on
    both sides of every later comparison; (baseline, volatile leaves)."""
    volatile = []
    for a, b in zip(first, second, strict=True):
        paths = None if a.startswith("error:") or b.startswith("error:") else volatile_paths(json.loads(a),
                                                                                              json.loads(b))
        volatile.append(frozenset(paths or ()))
    return [masked(a, v) for a, v in zip(first, volatile, strict=True)], volatile


def classify(probe: Path, sets: list[ValueSet], baseline: list[str],
             volatile: list[frozenset[Where]] | None = None) -> str:
    """EQUIVALENT, BROKEN or CHANGED (stops at the first proof of a change)."""
    differs = renders = False
    for i, (vs, before) in enumerate(zip(sets, baseline, strict=True)):
        after = masked(outcome(probe, vs), volatile[i] if volatile else frozenset())
        if after.startswith("error:") and "parse error" in after:
            return BROKEN  # the template no longer parses: no value set can render it
        renders |= not after.startswith("error:") and not before.startswith("error:")
        differs |= after != before
        if differs and renders:
            return CHANGED
    if not differs:
        return EQUIVALENT
    return CHANGED if renders or all(b.startswith("error:") for b in baseline) else BROKEN

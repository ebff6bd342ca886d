"""Render a chart's last release and its working tree with the same values,
for the upgrade checks (upgrade_checks.py) and the migration test.

The value sets: every example of the working tree and of the release
archive (the values operators have), the base chart's named scenarios, and a
seeded sample of the fuzzer's valid values, projected onto the release's
schema so the old chart accepts their keys. Each (chart, values) render is
cached on disk under .cache/upgrade/, keyed by the chart's content digest,
so a warm suite renders nothing and each old/new pair is rendered once.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import hypothesis
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from chartkit import CACHE
from chartkit.charts import Chart
from chartkit.profile import profiles, resolve
from chartkit.release.changelog import Section
from chartkit.release.changelog import parse as parse_changelog
from chartkit.release.migrations import Move, migrated, of_chart
from chartkit.release.migrations import parse as parse_moves
from chartkit.release.package import archive_meta, last_release, members
from chartkit.rendering.helm import HELMS
from chartkit.rendering.render import KUBE_VERSIONS, Obj, RenderError, parse, template

HELM, KUBE = "helm4", KUBE_VERSIONS[-1]


@cache
def api_versions() -> tuple[str, ...]:
    """What one cluster serves for every chart: each profile's operator APIs, and the Gateway API."""
    apis = [a for p in profiles() for a in p.api_versions]
    return tuple(dict.fromkeys([*apis, "gateway.networking.k8s.io/v1"]))
FUZZ_SAMPLE = int(os.environ.get("UPGRADE_FUZZ_SAMPLE", "20"))
FUZZ_SEED = 20261124
CACHE_DIR = CACHE / "upgrade"


class NoRelease(LookupError):
    pass


@dataclass(frozen=True)
class Outcome:
    objs: tuple[Obj, ...] | None  # None when helm refused
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.objs is not None


@dataclass(frozen=True)
class Pair:
    name: str
    values: dict[str, Any]
    old: Outcome
    new: Outcome


@dataclass(frozen=True)
class Release:
    """A chart's last release archive, read once."""
    path: Path
    digest: str
    files: dict[str, bytes]

    @property
    def meta(self) -> dict[str, Any]:
        return archive_meta(self.path)

    @property
    def version(self) -> str:
        return str(self.meta["version"])

    def values(self) -> dict[str, Any]:
        return yaml.safe_load(self.files["values.yaml"]) or {}

    def schema(self) -> dict[str, Any]:
        return json.loads(self.files.get("values.schema.json", b"{}"))

    def examples(self) -> dict[str, dict[str, Any]]:
        return {Path(n).stem: yaml.safe_load(data) or {} for n, data in sorted(self.files.items())
                if n.startswith("examples/") and n.endswith((".yaml", ".yml"))}

    def moves(self) -> list[Move]:
        return parse_moves(self.files.get("migrations.yaml"))

    def changelog(self) -> list[Section]:
        return parse_changelog(self.files.get("CHANGELOG.md", b"").decode())


@cache
def release(chart_name: str) -> Release:
    path = last_release(Chart(chart_name))
    if path is None:
        raise NoRelease(f"helm/{chart_name} has no release in releases/: cut its first one with "
                        f"`make release CHART={chart_name}`")
    data = path.read_bytes()
    return Release(path, hashlib.sha256(data).hexdigest(), members(data))


def render_cached(chart_ref: Path, digest: str, values: dict[str, Any]) -> Outcome:
    """`helm template` of a chart folder or archive, remembered on disk by content digest and values."""
    values_json = json.dumps(values, sort_keys=True)
    p = resolve(None)  # every chart renders under the default profile's release and namespace
    ident = json.dumps(["objs-v1", digest, values_json, HELM, HELMS[HELM].version, KUBE, p.release, p.namespace,
                        api_versions()])
    path = CACHE_DIR / f"{hashlib.sha256(ident.encode()).hexdigest()}.json"
    if path.exists():
        stored = json.loads(path.read_text())
    else:
        try:
            manifests = template(str(chart_ref), values_json, HELM, KUBE, (), p.release, p.namespace, api_versions())
            stored = {"objs": list(parse(manifests))}  # stored parsed: JSON loads far faster than YAML
        except RenderError as exc:
            stored = {"error": exc.stderr}
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=CACHE_DIR, delete=False, suffix=".tmp") as fh:
            json.dump(stored, fh, default=str)
        os.replace(fh.name, path)  # atomic: parallel workers never read half a file
    if "error" in stored:
        return Outcome(None, stored["error"])
    return Outcome(tuple(stored["objs"]))


def project(values: Any, schema: dict[str, Any]) -> Any:
    """`values` without the keys a (closed) schema does not declare: what an operator of the older
    release could have set."""
    if not isinstance(values, dict) or not isinstance(schema, dict):
        return values
    props = schema.get("properties") or {}
    extra = schema.get("additionalProperties", True)
    out = {}
    for k, v in values.items():
        if k in props:
            out[k] = project(v, props[k])
        elif isinstance(extra, dict):
            out[k] = project(v, extra)
        elif extra is not False:
            out[k] = v
    return out


def fuzz_sample(chart: Chart, n: int = FUZZ_SAMPLE, seed: int = FUZZ_SEED) -> list[dict[str, Any]]:
    """`n` of the fuzzer's valid value sets, the same ones on every run (a fixed seed), cached on disk."""
    from chartkit.values import fuzz

    # the sample changes with the schema, the strategies' and the profile's repair code, and hypothesis itself
    repair = resolve(chart.name).repair
    repair_code = Path(inspect.getsourcefile(repair) or "").read_text() if repair else ""
    ident = json.dumps([chart.schema(), Path(fuzz.__file__).read_text(), repair_code, hypothesis.__version__, seed,
                        n], sort_keys=True)
    path = CACHE_DIR / f"sample-{chart.name}-{hashlib.sha256(ident.encode()).hexdigest()[:24]}.json"
    if path.exists():
        return json.loads(path.read_text())
    drawn: list[dict[str, Any]] = []

    @hypothesis_seed(seed)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(fuzz.renderable_values(chart))
    def collect(values: dict[str, Any]) -> None:
        drawn.append(values)

    collect()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=CACHE_DIR, delete=False, suffix=".tmp") as fh:
        json.dump(drawn, fh)
    os.replace(fh.name, path)
    return drawn


def value_sets(chart: Chart) -> dict[str, dict[str, Any]]:
    """Every value set the upgrade is checked with, by name; duplicates dropped."""
    old = release(chart.name)
    sets: dict[str, dict[str, Any]] = {}
    sets.update({f"release-example-{k}": v for k, v in old.examples().items()})
    sets.update({f"example-{k}": v for k, v in chart.examples().items()})
    if chart.name == resolve(None).name:  # the default chart's scenarios too, as before the profiles
        sets.update({f"scenario-{k}": v for k, v in resolve(chart.name).scenarios().items()})
    old_schema = old.schema()
    sets.update({f"fuzz-{i}": project(v, old_schema) for i, v in enumerate(fuzz_sample(chart))})
    unique: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for name, values in sets.items():
        ident = json.dumps(values, sort_keys=True)
        if ident not in seen:
            seen.add(ident)
            unique[name] = values
    return unique


@cache
def pairs(chart_name: str, tree_digest: str) -> tuple[Pair, ...]:
    chart = Chart(chart_name)
    old = release(chart_name)
    found = [Pair(name, values, render_cached(old.path, old.digest, values),
                  render_cached(chart.path, tree_digest, values))
             for name, values in value_sets(chart).items()]
    # A released example that sets a moved value, upgraded as its operator would after the refusal:
    # the old values on the old side, migrated (migrations.yaml) on the new.
    moves = of_chart(chart)
    for name, values in old.examples().items():
        new_values = migrated(values, moves)
        if new_values != values:
            found.append(Pair(f"release-example-{name}-migrated", new_values,
                              render_cached(old.path, old.digest, values),
                              render_cached(chart.path, tree_digest, new_values)))
    return tuple(found)


def upgrade_pairs(chart: Chart) -> tuple[Pair, ...]:
    return pairs(chart.name, chart.digest())


GUARD_PATH = re.compile(r"execution error at \([^)]*\): ([A-Za-z][\w.\-/\[\]]*):")
SCHEMA_PATH = re.compile(r"at '(/[^']*)'")


def refusal_path(stderr: str) -> str | None:
    """The value path a helm refusal starts with (a guard's message or a schema error's pointer)."""
    match = GUARD_PATH.search(stderr)
    if match:
        return re.sub(r"\[\d+\]", "", match.group(1))  # tests.tcpPorts[0] is the value tests.tcpPorts
    match = SCHEMA_PATH.search(stderr)
    return match.group(1).strip("/").replace("/", ".") if match else None

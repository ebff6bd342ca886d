"""Render NOTES.txt offline under either helm.

`helm template` never prints NOTES, and Helm 3's `install --dry-run` needs a
reachable cluster. So the chart is copied once per session with NOTES.txt
wrapped in a named template and emitted through a ConfigMap: the same
engine, values and functions produce the same text. Helm 4 can also render
real NOTES offline (`install --dry-run=client`), which the tests use to prove
the two agree.
"""
from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from chartkit import CACHE
from chartkit.charts import Chart
from chartkit.profile import resolve
from chartkit.rendering.helm import run_helm
from chartkit.rendering.render import RenderError, values_file

PROBE_TEMPLATE = "templates/zz-chartkit-notes.yaml"
PROBE = """{{- define "chartkit.notes" }}%s{{- end }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: chartkit-notes
data:
  notes: {{ include "chartkit.notes" . | toJson }}
"""


def add_notes_probe(chart: Path, notes_text: str | None = None) -> None:
    """Turn a chart copy's NOTES.txt (or `notes_text`) into a template that
    emits the NOTES as the ConfigMap `chartkit-notes` (PROBE_TEMPLATE)."""
    notes = chart / "templates" / "NOTES.txt"
    if notes_text is None:
        notes_text = notes.read_text()
    (chart / PROBE_TEMPLATE).write_text(PROBE % notes_text)
    notes.unlink(missing_ok=True)


@cache
def _probe_chart(name: str) -> Path:
    CACHE.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(dir=CACHE, prefix="notes-chart-"))
    atexit.register(shutil.rmtree, root, True)
    source = Chart(name)
    chart = root / source.meta()["name"]
    shutil.copytree(source.path, chart)
    add_notes_probe(chart)
    return chart


def render_notes(values: dict[str, Any], helm: str, namespace: str | None = None, chart: str | None = None,
                 api_versions: tuple[str, ...] = (), upgrade: bool = False, release: str | None = None) -> str:
    """NOTES for an install, or with `upgrade` for an upgrade (`.Release.IsUpgrade`;
    `lookup` finds nothing offline, as for a release whose objects are all new)."""
    p = resolve(chart)
    namespace, release, chart = namespace or p.namespace, release or p.release, p.name
    with values_file(values) as path:
        args = ["template", release, str(_probe_chart(chart)), "-n", namespace, "-f", path,
                "--show-only", PROBE_TEMPLATE, *(["--is-upgrade"] if upgrade else [])]
        for api in api_versions:
            args += ["--api-versions", api]
        proc = run_helm(helm, *args)
    if proc.returncode != 0:
        raise RenderError(proc.stderr, [])
    return yaml.safe_load(proc.stdout)["data"]["notes"]


def real_notes_helm4(values: dict[str, Any], namespace: str | None = None, chart: str | None = None) -> str:
    """NOTES as `helm install --dry-run=client` prints them (Helm 4, offline)."""
    p = resolve(chart)
    with values_file(values) as path:
        proc = run_helm("helm4", "install", p.release, str(Chart(p.name).path), "-n", namespace or p.namespace,
                        "-f", path,
                        "--dry-run=client")
    if proc.returncode != 0:
        raise RenderError(proc.stderr, [])
    return proc.stdout.split("NOTES:\n", 1)[1]


@cache
def _lines(values_json: str, chart: str, api_versions: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(render_notes(json.loads(values_json), "helm4", chart=chart, api_versions=api_versions).splitlines())


def notes_lines(values: dict[str, Any], chart: str | None = None,
                api_versions: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The install NOTES' lines under Helm 4, cached per process (block tests
    render each side of many conditions, often the same values)."""
    return _lines(json.dumps(values, sort_keys=True), resolve(chart).name, tuple(api_versions))


def block_problems(shown: tuple[str, ...], hidden: tuple[str, ...], lines: list[str]) -> list[str]:
    """What is wrong with a conditional block of NOTES: each of its exact
    `lines` must be a line of `shown` (the condition holds) and of no line of
    `hidden` (it does not)."""
    return ([f"missing where the condition holds: {line!r}" for line in lines if line not in shown]
            + [f"present where it does not: {line!r}" for line in lines if line in hidden])

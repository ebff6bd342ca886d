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
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import CACHE
from .charts import BASE
from .helm import run_helm
from .render import NAMESPACE, RELEASE, RenderError, values_file

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
def _probe_chart() -> Path:
    CACHE.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(dir=CACHE, prefix="notes-chart-"))
    atexit.register(shutil.rmtree, root, True)
    chart = root / "stalwart"
    shutil.copytree(BASE.path, chart)
    add_notes_probe(chart)
    return chart


def render_notes(values: dict[str, Any], helm: str, namespace: str = NAMESPACE, release: str = RELEASE) -> str:
    with values_file(values) as path:
        proc = run_helm(helm, "template", release, str(_probe_chart()), "-n", namespace, "-f", path,
                        "--show-only", PROBE_TEMPLATE)
    if proc.returncode != 0:
        raise RenderError(proc.stderr, [])
    return yaml.safe_load(proc.stdout)["data"]["notes"]


def real_notes_helm4(values: dict[str, Any], namespace: str = NAMESPACE) -> str:
    """NOTES as `helm install --dry-run=client` prints them (Helm 4, offline)."""
    with values_file(values) as path:
        proc = run_helm("helm4", "install", RELEASE, str(BASE.path), "-n", namespace, "-f", path, "--dry-run=client")
    if proc.returncode != 0:
        raise RenderError(proc.stderr, [])
    return proc.stdout.split("NOTES:\n", 1)[1]

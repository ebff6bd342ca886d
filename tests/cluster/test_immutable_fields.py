"""A change to an immutable field is refused by the real API server, and the
offline upgrade check (chartkit.upgrade_checks.immutable_changes) flags the
same change, so the suite catches it before a cluster does: a Deployment
selector planted into a copy of the chart, and a PVC's StorageClass changed
through values."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chartkit.release.upgrade_checks import immutable_changes
from chartkit.rendering.render import parse
from stalwart_charts.charts import BASE

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster

HELM = "helm4"


def _objs(h, chart: Path, namespace: str, *args: str) -> list[dict]:
    return list(parse(h.ok("template", "stalwart", str(chart), "-n", namespace, *args)))


def test_a_planted_selector_change_is_refused_by_the_server_and_flagged_offline(cluster, namespace,
                                                                               tmp_path: Path) -> None:
    h, example = cluster.helm(HELM), str(BASE.example_path("minimal"))
    planted = tmp_path / "base"
    shutil.copytree(BASE.path, planted)
    helpers = planted / "templates" / "_helpers.tpl"
    text = helpers.read_text()
    anchor = 'app.kubernetes.io/instance: {{ .Release.Name | quote }}\n{{- end }}'
    assert text.count(anchor) >= 1
    helpers.write_text(text.replace(anchor, anchor.replace("\n{{- end }}", "\nplanted: selector\n{{- end }}"), 1))
    flagged = immutable_changes(_objs(h, BASE.path, namespace, "-f", example),
                                _objs(h, planted, namespace, "-f", example))
    assert any("Deployment/stalwart" in f and "selector" in f for f in flagged), flagged
    assert h.install("stalwart", BASE.path, namespace, example).returncode == 0
    upgrade = h.upgrade("stalwart", planted, namespace, example)
    assert upgrade.returncode != 0
    assert "field is immutable" in upgrade.stderr and "selector" in upgrade.stderr, upgrade.stderr[-3000:]


def test_a_claims_storage_class_change_is_refused_by_the_server_and_flagged_offline(cluster, namespace) -> None:
    h, example = cluster.helm(HELM), str(BASE.example_path("minimal"))
    other = ("--set", "persistence.data.storageClass=other")
    flagged = immutable_changes(_objs(h, BASE.path, namespace, "-f", example),
                                _objs(h, BASE.path, namespace, "-f", example, *other))
    assert any("PersistentVolumeClaim" in f for f in flagged), flagged
    assert h.install("stalwart", BASE.path, namespace, example).returncode == 0
    upgrade = h.upgrade("stalwart", BASE.path, namespace, example, extra=other)
    assert upgrade.returncode != 0
    assert "PersistentVolumeClaim" in upgrade.stderr and "immutable" in upgrade.stderr, upgrade.stderr[-3000:]

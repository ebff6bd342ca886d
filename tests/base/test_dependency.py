"""The base chart as a subchart: a parent chart carries it under charts/ with
an alias, and Helm hands it the parent's `global` values, which the strict
schema must accept."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from chartkit.rendering.helm import run_helm
from chartkit.rendering.matrix import MATRIX, MATRIX_IDS
from chartkit.rendering.render import find, values_file
from chartkit.validation.invariants import all_errors
from stalwart_charts.base.scenarios import HOST
from stalwart_charts.charts import CHART, NAMESPACE

ALIAS = "mail"
RELEASE = "umbrella"
PARENT_VALUES = {
    "global": {"imageRegistry": "registry.example.com", "storageClass": "fast"},
    ALIAS: {"gateway": {"hostnames": [HOST]}, "commonLabels": {"team": "mail"}},
}


@pytest.fixture(scope="module")
def parent_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parent") / "umbrella"
    shutil.copytree(CHART, root / "charts" / "stalwart")
    meta = yaml.safe_load((CHART / "Chart.yaml").read_text())
    (root / "Chart.yaml").write_text(yaml.safe_dump({
        "apiVersion": "v2", "name": "umbrella", "version": "1.0.0",
        "dependencies": [{"name": meta["name"], "version": meta["version"], "alias": ALIAS}],
    }))
    return root


@pytest.mark.parametrize("helm,kube", MATRIX, ids=MATRIX_IDS)
def test_renders_under_an_alias_with_global_values(parent_chart: Path, helm: str, kube: str) -> None:
    with values_file(PARENT_VALUES) as path:
        proc = run_helm(helm, "template", RELEASE, str(parent_chart), "-n", NAMESPACE, "-f", path,
                        "--kube-version", kube)
    assert proc.returncode == 0, proc.stderr
    objs = [o for o in yaml.safe_load_all(proc.stdout) if o]
    assert all_errors(objs, kube, RELEASE, NAMESPACE) == []
    deploy = find(objs, "Deployment")
    # Helm renames an aliased subchart, so its objects carry the alias.
    assert deploy["metadata"]["name"] == f"{RELEASE}-{ALIAS}"
    assert deploy["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == ALIAS
    assert find(objs, "HTTPRoute")["spec"]["hostnames"] == [HOST]
    assert deploy["metadata"]["labels"]["team"] == "mail"  # values under the alias reach the chart


def test_schema_still_refuses_unknown_keys_next_to_global(parent_chart: Path) -> None:
    values = {**PARENT_VALUES, ALIAS: {**PARENT_VALUES[ALIAS], "replicas": 2}}
    with values_file(values) as path:
        proc = run_helm("helm4", "template", RELEASE, str(parent_chart), "-f", path)
    assert proc.returncode != 0 and "replicas" in proc.stderr, proc.stderr

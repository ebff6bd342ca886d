"""A chart bump that changes nothing in the pod must not restart Stalwart:
the pod template never carries the chart version."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from chartkit.rendering.helm import run_helm
from chartkit.rendering.render import find, values_file
from stalwart_charts.base.scenarios import SCENARIOS
from stalwart_charts.charts import CHART, NAMESPACE, RELEASE


@pytest.fixture(scope="module")
def bumped_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the chart whose Chart.yaml differs only in its version."""
    copy = tmp_path_factory.mktemp("bump") / "stalwart"
    shutil.copytree(CHART, copy)
    meta = copy / "Chart.yaml"
    text, count = re.subn(r"(?m)^version: .+$", "version: 99.0.0", meta.read_text())
    assert count == 1
    meta.write_text(text)
    return copy


def deployment(chart: Path, helm: str, values: dict) -> dict:
    with values_file(values) as path:
        proc = run_helm(helm, "template", RELEASE, str(chart), "-n", NAMESPACE, "-f", path)
    assert proc.returncode == 0, proc.stderr
    return find([o for o in yaml.safe_load_all(proc.stdout) if o], "Deployment")


@pytest.mark.parametrize("scenario", ["default", "all-features"])
def test_pod_template_is_identical_across_a_chart_version_bump(bumped_chart: Path, helm: str, scenario: str) -> None:
    before = deployment(CHART, helm, SCENARIOS[scenario])
    after = deployment(bumped_chart, helm, SCENARIOS[scenario])
    assert before["metadata"]["labels"]["helm.sh/chart"] != after["metadata"]["labels"]["helm.sh/chart"]
    assert before["spec"]["template"] == after["spec"]["template"]

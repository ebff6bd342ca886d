"""`helm upgrade` from each chart's last release (releases/<name>-<version>.tgz)
to the working tree, over every example that release ships, applies on a real
API server (immutable fields, defaulting, admission) and reaches `deployed`;
`helm rollback` to the release then applies too. An example the working tree
refuses for a renamed value (migrations.yaml) is upgraded with its values
migrated, as its operator would (the platform's database example: in-tree
Barman to the Barman Cloud plugin's ObjectStore)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chartkit.charts import Chart
from chartkit.cluster.helmops import release_status
from chartkit.release.breaking import refused_on_purpose
from chartkit.release.migrations import migrated, of_chart
from chartkit.release.upgrade import NoRelease, refusal_path, release, render_cached
from stalwart_charts.charts import BASE, PLATFORM

# One xdist worker runs the whole tier (chartkit.cluster.scheduling), on one control plane.
pytestmark = pytest.mark.cluster

HELM = "helm4"  # both helms install every example (test_examples_install.py); one upgrades


def _cases() -> list[tuple[Chart, str]]:
    cases = []
    for chart in (BASE, PLATFORM):
        try:
            cases += [(chart, name) for name in release(chart.name).examples()]
        except NoRelease:
            continue
    return cases


CASES = _cases()


@pytest.mark.parametrize(("chart", "example"), CASES, ids=[f"{c.name}-{n}" for c, n in CASES])
def test_upgrade_from_the_last_release_then_rollback(cluster, namespace, tmp_path: Path, chart: Chart,
                                                     example: str) -> None:
    h, last = cluster.helm(HELM), release(chart.name)
    values = tmp_path / f"{example}.yaml"
    values.write_bytes(last.files[f"examples/{example}.yaml"])
    name = "stalwart" if chart is BASE else "stalwart-platform"
    new_values = values
    now = render_cached(chart.path, chart.digest(), yaml.safe_load(values.read_text()) or {})
    if not now.ok and refused_on_purpose(chart, now.error):
        fixed = migrated(yaml.safe_load(values.read_text()) or {}, of_chart(chart))
        now = render_cached(chart.path, chart.digest(), fixed)
        new_values = tmp_path / f"{example}-migrated.yaml"
        new_values.write_text(yaml.safe_dump(fixed))
    if not now.ok and refused_on_purpose(chart, now.error):
        pytest.skip(f"the working tree refuses release example {example} on purpose (a **Breaking:** changelog "
                    f"entry names {refusal_path(now.error)}); upgrading it needs the value that entry names")
    old = h.install(name, last.path, namespace, values)
    assert old.returncode == 0, f"the release {last.version} refused its own example: {old.stderr[-3000:]}"
    new = h.upgrade(name, chart.path, namespace, new_values)
    assert new.returncode == 0, new.stderr[-4000:]
    assert release_status(h.status(name, namespace)) == "deployed"
    back = h.run("rollback", name, "1", "-n", namespace, "--wait", "--timeout", "180s")
    assert back.returncode == 0, back.stderr[-4000:]
    history = h.history(name, namespace)
    assert [(r["revision"], r["status"]) for r in history] == [(1, "superseded"), (2, "superseded"), (3, "deployed")]
    package = f"{last.meta['name']}-"
    assert [r["chart"] for r in history] == [package + last.version, package + chart.version, package + last.version]

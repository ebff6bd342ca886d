"""The RocksDB restore walk-through (examples/backup/rocksdb-restore.yaml with
helm/base/examples/restore-rocksdb.yaml), as far as it goes offline: the
snapshot is of the claim the chart makes, the restored claim comes from that
snapshot and is the one the restore values mount; the snapshot is one the
chart's schedule (backup.snapshots) creates. The claim is validated against
the Kubernetes schema; the VolumeSnapshot against external-snapshotter's
released CRD (fetched by `make crds`; skipped naming it where absent)."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from chartkit import ROOT
from chartkit.reference import ReferenceMissing
from chartkit.rendering.matrix import KUBE_VERSIONS
from chartkit.rendering.render import find, kinds, render, values_with
from chartkit.validation.crd import crd_errors
from chartkit.validation.k8s_schema import schema_errors
from stalwart_charts.charts import BASE

MANIFESTS = ROOT / "examples" / "backup" / "rocksdb-restore.yaml"


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict]:
    return {d["kind"]: d for d in yaml.safe_load_all(MANIFESTS.read_text()) if d}


def test_snapshot_is_of_the_claim_the_chart_makes(manifests) -> None:
    objs = render(BASE.examples()["declarative"])
    claim = find(objs, "PersistentVolumeClaim", "stalwart-data")
    snapshot = manifests["VolumeSnapshot"]
    assert snapshot["spec"]["source"]["persistentVolumeClaimName"] == claim["metadata"]["name"]
    assert snapshot["metadata"]["namespace"] == claim["metadata"]["namespace"]


def test_restored_claim_comes_from_the_snapshot_and_is_mounted(manifests) -> None:
    restored, snapshot = manifests["PersistentVolumeClaim"], manifests["VolumeSnapshot"]
    assert restored["spec"]["dataSource"] == {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot",
                                              "name": snapshot["metadata"]["name"]}
    existing = BASE.examples()["restore-rocksdb"]["persistence"]["data"]["existingClaim"]
    assert restored["metadata"]["name"] == existing != snapshot["spec"]["source"]["persistentVolumeClaimName"]


@pytest.mark.parametrize("kube", KUBE_VERSIONS)
def test_restored_claim_validates(manifests, kube: str) -> None:
    assert schema_errors(manifests["PersistentVolumeClaim"], kube) == []


def test_volume_snapshot_validates(manifests) -> None:
    snapshot = manifests["VolumeSnapshot"]
    broken = {**snapshot, "spec": {"source": {"persistentVolumeClaimName": 3}}}
    try:
        assert crd_errors(snapshot, KUBE_VERSIONS[-1]) == []
        errors = crd_errors(broken, KUBE_VERSIONS[-1])
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    assert any("3 is not of type 'string'" in e for e in errors), errors


# The schedule (backup.snapshots, helm/base/examples/rocksdb-snapshots.yaml) in the walk.
SCHEDULE = BASE.examples()["rocksdb-snapshots"]


def _cron_env(objs: list[dict]) -> dict[str, str]:
    spec = find(objs, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return {e["name"]: e["value"] for e in spec["containers"][0]["env"]}


def _body(objs: list[dict]) -> str:
    return find(objs, "ConfigMap", find(objs, "CronJob")["metadata"]["name"])["data"]["volumesnapshot.json"]


def test_snapshot_is_one_the_schedule_creates(manifests) -> None:
    """The walk's VolumeSnapshot is the CronJob's body under one of the names
    its script gives: of the chart's claim, with the labels it prunes by."""
    objs = render(SCHEDULE)
    snapshot = manifests["VolumeSnapshot"]
    name = snapshot["metadata"]["name"]
    assert re.fullmatch(re.escape(_cron_env(objs)["PREFIX"]) + r"-\d{8}-\d{6}", name)
    assert json.loads(_body(objs).replace("__NAME__", name)) == snapshot
    claim = find(objs, "PersistentVolumeClaim", "stalwart-data")
    assert snapshot["spec"]["source"]["persistentVolumeClaimName"] == claim["metadata"]["name"]
    selector = dict(p.split("=", 1) for p in _cron_env(objs)["SELECTOR"].split(","))
    assert selector == snapshot["metadata"]["labels"]


def test_restore_values_mount_a_claim_from_a_scheduled_snapshot(manifests) -> None:
    """Step 3 with the schedule kept on: the pod mounts the restored claim,
    whose dataSource is the scheduled snapshot; the schedule now snapshots
    that claim, under the same names, so pruning goes on."""
    restored = manifests["PersistentVolumeClaim"]
    objs = render(values_with(SCHEDULE, BASE.examples()["restore-rocksdb"]))
    pod = find(objs, "Deployment", "stalwart")["spec"]["template"]["spec"]
    data, = [v for v in pod["volumes"] if v["name"] == "data"]
    assert data["persistentVolumeClaim"]["claimName"] == restored["metadata"]["name"]
    assert restored["spec"]["dataSource"]["kind"] == "VolumeSnapshot"
    assert restored["spec"]["dataSource"]["name"] == manifests["VolumeSnapshot"]["metadata"]["name"]
    assert "PersistentVolumeClaim/stalwart-data" not in kinds(objs)
    assert _cron_env(objs)["CLAIM"] == restored["metadata"]["name"]
    assert _cron_env(objs)["PREFIX"] == _cron_env(render(SCHEDULE))["PREFIX"]
    assert json.loads(_body(objs))["spec"]["source"] == {"persistentVolumeClaimName": restored["metadata"]["name"]}

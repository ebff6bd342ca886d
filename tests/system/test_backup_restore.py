"""The RocksDB restore walk-through (examples/backup/rocksdb-restore.yaml with
helm/base/examples/restore-rocksdb.yaml), as far as it goes offline: the
snapshot is of the claim the chart makes, the restored claim comes from that
snapshot and is the one the restore values mount. The claim is validated
against the Kubernetes schema; the VolumeSnapshot against external-snapshotter's
released CRD (fetched by `make crds`; skipped naming it where absent)."""
from __future__ import annotations

import pytest
import yaml

from chartkit import ROOT
from chartkit.reference import ReferenceMissing
from chartkit.rendering.matrix import KUBE_VERSIONS
from chartkit.rendering.render import find, render
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

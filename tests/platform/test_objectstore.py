"""templates/objectstore.yaml: the Barman Cloud plugin's ObjectStore
(barmancloud.cnpg.io/v1), the default backup method's destination, rendered
from postgresql.backup.objectStore, the same values the legacy in-tree
barmanObjectStore reads. Every render here is validated by the renderer
against the plugin's released CRD (`make crds`; no npm model exists)."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import find, kinds
from chartkit.validation.crd import crd_errors
from stalwart_charts.platform.scenarios import ALL_FEATURES, LEGACY_BACKUP

OWN = {"postgresql": {"backup": {"plugin": {"objectStoreName": "minio-store"}}}}


@pytest.fixture(scope="module")
def store(request) -> dict:
    from chartkit.rendering.matrix import Renderer

    return find(Renderer("helm4", "1.37", chart="platform")(ALL_FEATURES), "ObjectStore")


def test_object_store_from_the_same_values_as_the_legacy_store(rp, store) -> None:
    legacy = find(rp(LEGACY_BACKUP), "Cluster")["spec"]["backup"]
    assert store["metadata"]["name"] == "stalwart-backup"
    assert store["spec"]["configuration"] == legacy["barmanObjectStore"]
    assert store["spec"]["configuration"]["endpointCA"] == {"name": "s3-ca", "key": "ca.crt"}
    # Retention lives in the ObjectStore with the plugin, in the Cluster with in-tree Barman.
    assert store["spec"]["retentionPolicy"] == legacy["retentionPolicy"] == "30d"


def test_kept_on_uninstall_with_the_cluster(rp, store) -> None:
    assert store["metadata"]["annotations"] == {"helm.sh/resource-policy": "keep"}
    off = {**ALL_FEATURES, "postgresql": {**ALL_FEATURES["postgresql"], "keepOnUninstall": False}}
    assert "annotations" not in find(rp(off), "ObjectStore")["metadata"]


def test_not_rendered_for_an_own_store_or_the_legacy_method(rp) -> None:
    assert not [k for k in kinds(rp(ALL_FEATURES, OWN)) if k.startswith("ObjectStore/")]
    assert not [k for k in kinds(rp(LEGACY_BACKUP)) if k.startswith("ObjectStore/")]
    assert not [k for k in kinds(rp({"postgresql": {"enabled": True}})) if k.startswith("ObjectStore/")]


def test_the_released_crd_refuses_a_misspelt_field(store) -> None:
    from chartkit.reference import ReferenceMissing

    broken = {**store, "spec": {**store["spec"], "retentionPolicy": "30 days"}}
    broken["spec"]["configuration"] = {**store["spec"]["configuration"], "endpointUrl": "https://x"}
    try:
        errors = "\n".join(crd_errors(broken, "1.37"))
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    assert "'endpointUrl' was unexpected" in errors and "does not match" in errors, errors

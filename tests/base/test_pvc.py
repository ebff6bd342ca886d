"""templates/pvc.yaml"""
from __future__ import annotations

from chartkit.rendering.render import find


def claims(objs) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in objs if o["kind"] == "PersistentVolumeClaim"}


def test_two_claims_with_spec_defaults(r) -> None:
    pvcs = claims(r())
    assert set(pvcs) == {"stalwart-config", "stalwart-data"}
    assert {n: p["metadata"]["labels"]["app.kubernetes.io/component"] for n, p in pvcs.items()} == \
        {"stalwart-config": "config", "stalwart-data": "data"}
    assert pvcs["stalwart-config"]["spec"]["resources"]["requests"]["storage"] == "1Gi"
    assert pvcs["stalwart-data"]["spec"]["resources"]["requests"]["storage"] == "20Gi"
    for pvc in pvcs.values():
        assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]
        assert "storageClassName" not in pvc["spec"]  # "" = cluster default


def test_claims_are_kept_on_uninstall_by_default(r) -> None:
    for pvc in claims(r()).values():
        assert pvc["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"


def test_keep_can_be_opted_out_per_claim(r) -> None:
    pvcs = claims(r({"persistence": {"data": {"keepOnUninstall": False, "annotations": {"x": "y"}}}}))
    assert pvcs["stalwart-data"]["metadata"]["annotations"] == {"x": "y"}
    assert pvcs["stalwart-config"]["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"


def test_storage_class_cluster_default_explicit_none_and_named(r) -> None:
    pvcs = claims(r({"persistence": {"config": {"storageClass": "-"},
                                     "data": {"storageClass": "fast-ssd", "size": "50Gi"}}}))
    assert pvcs["stalwart-config"]["spec"]["storageClassName"] == ""
    assert pvcs["stalwart-data"]["spec"]["storageClassName"] == "fast-ssd"
    assert pvcs["stalwart-data"]["spec"]["resources"]["requests"]["storage"] == "50Gi"


def test_existing_claim_and_disabled_skip_creation(r) -> None:
    pvcs = claims(r({"persistence": {"config": {"existingClaim": "old"}, "data": {"enabled": False}}}))
    assert pvcs == {}


def test_access_mode(r) -> None:
    pvc = find(r({"persistence": {"data": {"accessMode": "ReadWriteMany"}}}), "PersistentVolumeClaim",
               "stalwart-data")
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]


def test_default_sizes_agree_with_the_values_comments_and_readme(r) -> None:
    from chartkit.docs.tables import documented_keys
    from stalwart_charts.charts import CHART

    docs, readme = documented_keys(), (CHART / "README.md").read_text()
    mounts = {"config": "/etc/stalwart", "data": "/var/lib/stalwart"}
    for name, pvc in claims(r()).items():
        volume = name.removeprefix("stalwart-")
        size = pvc["spec"]["resources"]["requests"]["storage"]
        assert f'"" requests {size}.' in docs[f"persistence.{volume}.size"]
        assert f"| {volume} | `{mounts[volume]}` | {size} |" in readme


def test_explicit_size(r) -> None:
    pvc = find(r({"persistence": {"config": {"size": "2Gi"}}}), "PersistentVolumeClaim", "stalwart-config")
    assert pvc["spec"]["resources"]["requests"]["storage"] == "2Gi"

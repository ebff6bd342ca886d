"""templates/cluster.yaml: the CloudNativePG Cluster behind Stalwart's data store."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.platform.scenarios import ALL_FEATURES, LEGACY_BACKUP

PG = {"postgresql": {"enabled": True}}


def test_defaults_give_database_stalwart_owned_by_stalwart(rp) -> None:
    objs = rp(PG)
    assert kinds(objs) == ["Cluster/stalwart-db"]
    spec = find(objs, "Cluster")["spec"]
    assert spec["bootstrap"] == {"initdb": {"database": "stalwart", "owner": "stalwart"}}
    assert spec["instances"] == 1 and spec["enableSuperuserAccess"] is False
    assert spec["storage"] == {"size": "10Gi"}
    assert "walStorage" not in spec and "backup" not in spec and "imageName" not in spec
    assert spec["affinity"] == {"enablePodAntiAffinity": True, "topologyKey": "kubernetes.io/hostname",
                                "podAntiAffinityType": "preferred"}


def test_every_knob_reaches_the_spec(rp) -> None:
    spec = find(rp(ALL_FEATURES), "Cluster")["spec"]
    pg = ALL_FEATURES["postgresql"]
    assert spec["instances"] == 3 and spec["imageName"] == pg["imageName"]
    assert spec["storage"] == {"size": "50Gi", "storageClass": "fast-ssd"}
    assert spec["walStorage"] == {"size": "10Gi", "storageClass": "fast-ssd"}
    assert spec["topologySpreadConstraints"] == [{**pg["topologySpreadConstraints"][0],
                                                  "labelSelector": {"matchLabels": {"cnpg.io/cluster": "stalwart-db",
                                                                                    "cnpg.io/podRole": "instance"}}}]
    # PostgreSQL takes string parameters only; a number in values becomes one
    assert spec["postgresql"]["parameters"] == {"max_connections": "200", "shared_buffers": "256MB"}
    assert spec["resources"]["limits"]["memory"] == spec["resources"]["requests"]["memory"]


def test_uninstall_keeps_the_cluster_and_its_volumes(rp) -> None:
    annotations = find(rp(PG), "Cluster")["metadata"]["annotations"]
    assert annotations["helm.sh/resource-policy"] == "keep"
    assert "annotations" not in find(rp({"postgresql": {"enabled": True, "keepOnUninstall": False}}),
                                     "Cluster")["metadata"]


def test_name_follows_the_base_release(rp) -> None:
    names = {"base": {"release": "mail", "nameOverride": "mx"}}
    assert kinds(rp(PG, names)) == ["Cluster/mail-mx-db"]
    long = {"base": {"release": "r", "fullnameOverride": "a" * 63}}
    name = find(rp(PG, long), "Cluster")["metadata"]["name"]
    assert len(name + "-pooler-rw") <= 63 and name.endswith("-db")


def test_default_backup_archives_through_the_plugin_into_the_charts_object_store(rp) -> None:
    spec = find(rp(ALL_FEATURES), "Cluster")["spec"]
    assert "backup" not in spec  # no in-tree Barman, no Cluster-level retentionPolicy
    assert spec["plugins"] == [{"name": "barman-cloud.cloudnative-pg.io", "isWALArchiver": True,
                                "parameters": {"barmanObjectName": "stalwart-backup"}}]


def test_env_reaches_the_cluster_for_both_methods(rp) -> None:
    """The Cluster's env: the postgres container's, which the plugin's sidecar inherits."""
    for values in (ALL_FEATURES, LEGACY_BACKUP):
        assert find(rp(values), "Cluster")["spec"]["env"] == ALL_FEATURES["postgresql"]["env"]
    assert "env" not in find(rp(PG), "Cluster")["spec"]


def test_legacy_barman_object_store_backup_reads_credentials_from_the_secret(rp) -> None:
    backup = find(rp(LEGACY_BACKUP), "Cluster")["spec"]["backup"]
    assert backup["retentionPolicy"] == "30d"
    store = backup["barmanObjectStore"]
    assert store["destinationPath"] == "s3://stalwart-backups/db"
    assert store["endpointURL"] == "https://s3.example.com"
    assert store["endpointCA"] == {"name": "s3-ca", "key": "ca.crt"}
    assert store["s3Credentials"] == {
        "accessKeyId": {"name": "stalwart-db-backup", "key": "ACCESS_KEY_ID"},
        "secretAccessKey": {"name": "stalwart-db-backup", "key": "ACCESS_SECRET_KEY"},
        "region": {"name": "stalwart-db-backup", "key": "REGION"},
    }
    assert store["wal"] == {"compression": "gzip"} and store["data"] == {"compression": "gzip"}


def test_iam_role_backup_carries_no_keys(rp) -> None:
    values = {"postgresql": {"enabled": True, "backup": {"enabled": True, "method": "barmanObjectStore",
                                                         "objectStore": {"destinationPath": "s3://b/p",
                                                                         "compression": "", "s3Credentials": {
                                                                             "inheritFromIAMRole": True}}}}}
    store = find(rp(values), "Cluster")["spec"]["backup"]["barmanObjectStore"]
    assert store == {"destinationPath": "s3://b/p", "s3Credentials": {"inheritFromIAMRole": True}}


def test_plugin_backup_names_the_object_store_and_no_in_tree_backup(rp) -> None:
    values = {"postgresql": {"enabled": True, "backup": {"enabled": True, "method": "plugin",
                                                         "plugin": {"objectStoreName": "minio-store"}}}}
    spec = find(rp(values), "Cluster")["spec"]
    assert "backup" not in spec
    assert spec["plugins"] == [{"name": "barman-cloud.cloudnative-pg.io", "isWALArchiver": True,
                                "parameters": {"barmanObjectName": "minio-store"}}]


def test_crd_validation_refuses_an_unknown_field(rp) -> None:
    """The strict CRD validator that every render passes through is not a no-op."""
    from chartkit.validation.crd import crd_errors

    cluster = find(rp(PG), "Cluster")
    cluster["spec"]["storage"]["sise"] = "1Gi"
    assert any("sise" in e for e in crd_errors(cluster, rp.kube_version))


def test_a_spread_constraint_with_its_own_selector_keeps_it(rp) -> None:
    own = {"maxSkew": 2, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule",
           "labelSelector": {"matchLabels": {"tier": "db"}}}
    spec = find(rp({"postgresql": {"enabled": True, "topologySpreadConstraints": [own]}}), "Cluster")["spec"]
    assert spec["topologySpreadConstraints"] == [own]

"""postgresql.recovery (issue 21): a NEW CloudNativePG Cluster bootstrapped
from the backups postgresql.backup writes (bootstrap.recovery from the external
cluster "origin", the backed-up Cluster's serverName, through the same Barman
Cloud plugin ObjectStore the backups went to, or the legacy in-tree store),
everything named after the new Cluster, and a base release that follows it
keeps every link."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import find, kinds
from stalwart_charts.platform.scenarios import ALL_FEATURES, LEGACY_BACKUP
from stalwart_charts.system.contract import problems
from stalwart_charts.system.pairs import Pair

RESTORED = "stalwart-db-restored"
RECOVERY = {"postgresql": {"recovery": {"enabled": True, "clusterName": RESTORED}}}


def test_initdb_without_recovery(rp) -> None:
    spec = find(rp(ALL_FEATURES), "Cluster")["spec"]
    assert "initdb" in spec["bootstrap"] and "externalClusters" not in spec


def test_recovery_from_the_plugins_object_store(rp) -> None:
    """The default: the restored Cluster reads the source's backups from the ObjectStore the backups
    went to, and archives into that same store under its own name."""
    objs = rp(ALL_FEATURES, RECOVERY)
    cluster = find(objs, "Cluster")
    assert cluster["metadata"]["name"] == RESTORED
    assert cluster["spec"]["bootstrap"] == {"recovery": {"source": "origin", "database": "stalwart",
                                                         "owner": "stalwart"}}
    store = find(objs, "ObjectStore")["metadata"]["name"]
    assert store == find(rp(ALL_FEATURES), "ObjectStore")["metadata"]["name"]  # the same store as before
    assert cluster["spec"]["externalClusters"] == [{"name": "origin", "plugin": {
        "name": "barman-cloud.cloudnative-pg.io", "parameters": {"barmanObjectName": store,
                                                                 "serverName": "stalwart-db"}}}]
    assert cluster["spec"]["plugins"][0]["parameters"] == {"barmanObjectName": store}
    assert find(objs, "ScheduledBackup")["spec"]["cluster"] == {"name": RESTORED}
    assert "Cluster/stalwart-db" not in kinds(objs)


def test_recovery_from_the_legacy_in_tree_store(rp) -> None:
    objs = rp(LEGACY_BACKUP, RECOVERY)
    cluster = find(objs, "Cluster")
    origin, = cluster["spec"]["externalClusters"]
    backup = cluster["spec"]["backup"]["barmanObjectStore"]
    assert origin["name"] == "origin" and origin["barmanObjectStore"]["serverName"] == "stalwart-db"
    # The same store, read: what the backup section writes to.
    for key in ("destinationPath", "endpointURL", "endpointCA", "s3Credentials"):
        assert origin["barmanObjectStore"][key] == backup[key]
    # The new Cluster's own backups go under its own serverName (its name), next to the old ones.
    assert find(objs, "ScheduledBackup")["spec"]["cluster"] == {"name": RESTORED}


def test_point_in_time_and_plugin_source(rp) -> None:
    values = {"postgresql": {"enabled": True, "backup": {"enabled": True, "method": "plugin",
                                                         "plugin": {"objectStoreName": "minio-store"}},
                             "recovery": {"enabled": True, "clusterName": RESTORED, "sourceServerName": "old-db",
                                          "targetTime": "2026-01-01T03:00:00Z"}}}
    spec = find(rp(values), "Cluster")["spec"]
    assert spec["bootstrap"]["recovery"]["recoveryTarget"] == {"targetTime": "2026-01-01T03:00:00Z"}
    assert spec["externalClusters"] == [{"name": "origin", "plugin": {
        "name": "barman-cloud.cloudnative-pg.io",
        "parameters": {"barmanObjectName": "minio-store", "serverName": "old-db"}}}]


@pytest.fixture(scope="module")
def restored_pair() -> Pair:
    """The production pair after a restore: the base follows the new Cluster's names."""
    base = Pair.example("production")
    env = [e if e["name"] != "STALWART_DB_PASSWORD" else
           {"name": e["name"], "valueFrom": {"secretKeyRef": {"name": f"{RESTORED}-app", "key": "password"}}}
           for e in base.base_values["env"]]
    return base.with_changes(platform=RECOVERY, base={
        "env": env, "config": {"dataStore": {"host": f"{RESTORED}-pooler-rw"}},
        "tls": {"trustedCAs": [{"name": f"{RESTORED}-ca", "key": "ca.crt"}]}})


def test_restored_pair_keeps_every_link(restored_pair: Pair) -> None:
    assert problems(restored_pair.bundle("helm4", "1.37")) == []


def test_base_left_on_the_old_cluster_is_caught() -> None:
    broken = Pair.example("production").with_changes(platform=RECOVERY)
    found = problems(broken.bundle("helm4", "1.37"))
    assert any(p.startswith("database-host:") and "stalwart-db-pooler-rw" in p for p in found)
    assert any(p.startswith("key-refs:") and "'stalwart-db-app'" in p for p in found)

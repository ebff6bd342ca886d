"""templates/scheduledbackup.yaml: base backups on a schedule."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.platform.scenarios import ALL_FEATURES, LEGACY_BACKUP


def test_absent_without_backup(rp) -> None:
    assert "ScheduledBackup/stalwart-db" not in kinds(rp({"postgresql": {"enabled": True}}))


def test_scheduled_backup_of_the_cluster_through_the_plugin_by_default(rp) -> None:
    spec = find(rp(ALL_FEATURES), "ScheduledBackup")["spec"]
    assert spec == {"cluster": {"name": "stalwart-db"}, "schedule": "0 0 3 * * *", "immediate": True,
                    "backupOwnerReference": "self", "method": "plugin",
                    "pluginConfiguration": {"name": "barman-cloud.cloudnative-pg.io"}}


def test_legacy_in_tree_method(rp) -> None:
    spec = find(rp(LEGACY_BACKUP), "ScheduledBackup")["spec"]
    assert spec["method"] == "barmanObjectStore" and "pluginConfiguration" not in spec


def test_plugin_method(rp) -> None:
    values = {"postgresql": {"enabled": True, "backup": {
        "enabled": True, "method": "plugin", "immediate": False, "schedule": "@weekly",
        "plugin": {"objectStoreName": "minio-store"}}}}
    spec = find(rp(values), "ScheduledBackup")["spec"]
    assert spec["method"] == "plugin" and spec["immediate"] is False and spec["schedule"] == "@weekly"
    assert spec["pluginConfiguration"] == {"name": "barman-cloud.cloudnative-pg.io"}

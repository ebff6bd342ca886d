"""Guard cases of templates/_validate_snapshot.tpl (`stalwart.validate.snapshot`):
scheduled VolumeSnapshots of the data claim (backup.snapshots) only where that
claim holds Stalwart's store, as data like `guards.GUARDS`, which includes them."""
from __future__ import annotations

from typing import Any

from chartkit.testing.guards import GuardCase
from stalwart_charts.base.overlays import POSTGRES, ROCKSDB, SHARED_DATA, STATELESS

SNAPSHOTS: dict[str, Any] = {"backup": {"snapshots": {"enabled": True, "volumeSnapshotClassName": "csi-snapclass"}}}
OFF = "Set backup.snapshots.enabled=false and back up the stores themselves"


def _with(**snapshots: Any) -> dict[str, Any]:
    return {"backup": {"snapshots": {**SNAPSHOTS["backup"]["snapshots"], **snapshots}}}


SNAPSHOT_GUARDS: list[GuardCase] = [
    GuardCase("snapshots-without-data-claim", "backup.snapshots with persistence.data disabled",
              {**SNAPSHOTS, "persistence": {"data": {"enabled": False}}},
     ["backup.snapshots.enabled: there is no data claim to snapshot", "persistence.data.enabled is false", OFF]),
    GuardCase("snapshots-of-an-external-store", "backup.snapshots while config.dataStore is PostgreSQL on a claim",
              {**POSTGRES, **SNAPSHOTS, "persistence": {"data": {"enabled": True}}},
     ["backup.snapshots.enabled: config.dataStore is PostgreSql", "not on the data claim",
      "platform chart's postgresql.backup", OFF]),
    # Wizard mode and an embedded config.dataStore refuse several pods already; config.json from a Secret
    # names its store where the chart cannot see it.
    GuardCase("snapshots-of-a-shared-volume", "backup.snapshots with several pods on a ReadWriteMany data volume",
              {**SNAPSHOTS, **SHARED_DATA, "config": {"existingSecret": "stalwart-config"},
               "bootstrap": STATELESS["bootstrap"], "replicaCount": 2},
     ["backup.snapshots.enabled: replicaCount=2 shares the data volume", "ReadWriteMany",
      "RocksDB opens in one process only", OFF]),
    GuardCase("snapshots-without-class", "backup.snapshots without volumeSnapshotClassName",
              {**ROCKSDB, **_with(volumeSnapshotClassName="")},
     ["backup.snapshots.volumeSnapshotClassName: is empty while backup.snapshots.enabled is true",
      "kubectl get volumesnapshotclass", "--set backup.snapshots.volumeSnapshotClassName=csi-snapclass"]),
    GuardCase("snapshots-bad-schedule", "backup.snapshots.schedule not a cron schedule",
              {**ROCKSDB, **_with(schedule="every night")},
     ["backup.snapshots.schedule: \"every night\" is not a cron schedule", "\"0 3 * * *\"", "@daily"]),
    GuardCase("snapshots-schedule-with-time-zone", "backup.snapshots.schedule with a TZ= prefix",
              {**ROCKSDB, **_with(schedule="TZ=Europe/Paris 0 3 * * *")},
     ["backup.snapshots.schedule: \"TZ=Europe/Paris 0 3 * * *\" is not a cron schedule", "no time zone prefix"]),
    GuardCase("snapshots-schedule-six-fields", "backup.snapshots.schedule with a seconds field",
              {**ROCKSDB, **_with(schedule="0 0 3 * * *")},
     ["backup.snapshots.schedule: \"0 0 3 * * *\" is not a cron schedule", "five fields"]),
]

SNAPSHOT_ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("snapshots-rocksdb", {**ROCKSDB, **SNAPSHOTS}),
    ("snapshots-wizard-mode", SNAPSHOTS),
    ("snapshots-existing-claim", {**ROCKSDB, **SNAPSHOTS, "persistence": {"data": {"existingClaim": "mail-data"}}}),
    ("snapshots-macro-schedule", {**ROCKSDB, **_with(schedule="@daily", keep=1, suspend=True)}),
    ("snapshots-ranges-and-steps", {**ROCKSDB, **_with(schedule="*/30 1-5 * JAN,JUL mon-fri")}),
    ("snapshots-off-on-postgres", {**POSTGRES, "backup": {"snapshots": {"enabled": False}}}),
]

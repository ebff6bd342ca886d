{{/*
Scheduled VolumeSnapshots (backup.snapshots): only where the data claim holds
Stalwart's store, with a class and a schedule the API server takes.
Called from stalwart.validate (_validate.tpl); the first refusal wins.
*/}}
{{- define "stalwart.validate.snapshot" -}}
{{- $v := .Values }}
{{- $s := $v.backup.snapshots }}
{{- if $s.enabled }}
{{- $off := "Set backup.snapshots.enabled=false and back up the stores themselves (README \"Backup and restore\": PostgreSQL with the platform chart's postgresql.backup, S3 with bucket versioning and replication)." }}
{{- $store := toString (get $v.config.dataStore "@type") }}
{{- $maxReplicas := include "stalwart.maxReplicas" . | int }}
{{- if not $v.persistence.data.enabled }}
{{- fail (printf "backup.snapshots.enabled: there is no data claim to snapshot (persistence.data.enabled is false: /var/lib/stalwart is an emptyDir and every store is external). %s" $off) }}
{{- end }}
{{- if and $v.config.dataStore (not (has $store (list "RocksDb" "Sqlite"))) }}
{{- fail (printf "backup.snapshots.enabled: config.dataStore is %s, so Stalwart's data is not on the data claim and a snapshot of it restores no account or mailbox. %s" $store $off) }}
{{- end }}
{{- if gt $maxReplicas 1 }}
{{- fail (printf "backup.snapshots.enabled: %s shares the data volume (persistence.data.accessMode %s) between pods, but RocksDB opens in one process only, so the store is not on that volume and its snapshot is no backup of it. %s" (ternary (printf "autoscaling.maxReplicas=%d" $maxReplicas) (printf "replicaCount=%d" $maxReplicas) $v.autoscaling.enabled) $v.persistence.data.accessMode $off) }}
{{- end }}
{{- if not $s.volumeSnapshotClassName }}
{{- fail "backup.snapshots.volumeSnapshotClassName: is empty while backup.snapshots.enabled is true. Set it to a VolumeSnapshotClass of the data claim's CSI driver (kubectl get volumesnapshotclass), e.g. --set backup.snapshots.volumeSnapshotClassName=csi-snapclass." }}
{{- end }}
{{- $field := "[0-9A-Za-z*?,/-]+" }}
{{- $cron := printf "^(%s\\s+){4}%s$" $field $field }}
{{- if not (or (regexMatch $cron (trim $s.schedule)) (has $s.schedule (list "@yearly" "@annually" "@monthly" "@weekly" "@daily" "@midnight" "@hourly"))) }}
{{- fail (printf "backup.snapshots.schedule: %q is not a cron schedule. Use five fields, minute hour day-of-month month day-of-week (e.g. \"0 3 * * *\" for 03:00 every day), or one of @hourly, @daily, @weekly, @monthly, @yearly; no time zone prefix (TZ=, CRON_TZ=): the schedule runs in the controller's time zone." $s.schedule) }}
{{- end }}
{{- end }}
{{- end }}

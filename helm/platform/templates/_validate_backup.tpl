{{/*
PostgreSQL backups: the schedule's six fields, the object store's destination
and credentials when the chart renders the store (the plugin's ObjectStore, or
legacy in-tree barmanObjectStore), and the Cluster's env without a plain
secret (it would sit in the Cluster spec and in `helm get values`).
*/}}
{{- define "stalwart-platform.validate.backup" -}}
{{- $pg := .Values.postgresql }}
{{- if $pg.enabled }}
{{- range $i, $e := $pg.env }}
{{- if and (hasKey $e "value") (regexMatch "(?i)(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)" $e.name) }}
{{- fail (printf "postgresql.env[%d]: %s looks like a secret but has a plain value, which would sit in the Cluster spec and in `helm get values`. Put it in a Secret and use valueFrom.secretKeyRef (name, key) instead of value." $i $e.name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $pg.enabled $pg.backup.enabled }}
{{- $b := $pg.backup }}
{{- if not (regexMatch "^@" $b.schedule) }}
{{- $fields := len (splitList " " (regexReplaceAll "\\s+" (trim $b.schedule) " ")) }}
{{- if ne $fields 6 }}
{{- fail (printf "postgresql.backup.schedule: %q has %d fields; CloudNativePG's schedule has six, seconds first (\"0 0 3 * * *\" is 03:00 daily), unlike a Kubernetes CronJob." $b.schedule $fields) }}
{{- end }}
{{- end }}
{{- if or (eq $b.method "barmanObjectStore") (not $b.plugin.objectStoreName) }}
{{- $for := ternary "the legacy in-tree barmanObjectStore" (printf "the plugin's ObjectStore %s" (include "stalwart-platform.postgresql.objectStoreName" $)) (eq $b.method "barmanObjectStore") }}
{{- if not $b.objectStore.destinationPath }}
{{- fail (printf "postgresql.backup.objectStore.destinationPath: required for %s, e.g. s3://my-backups/stalwart (or, with method plugin, set postgresql.backup.plugin.objectStoreName to an ObjectStore you manage)." $for) }}
{{- end }}
{{- $cred := $b.objectStore.s3Credentials }}
{{- if and (not $cred.secretName) (not $cred.inheritFromIAMRole) }}
{{- fail "postgresql.backup.objectStore.s3Credentials.secretName: backups need credentials. Name the Secret holding the access key id and secret access key, or set s3Credentials.inheritFromIAMRole=true to use the pods' cloud identity." }}
{{- end }}
{{- if and $cred.secretName $cred.inheritFromIAMRole }}
{{- fail "postgresql.backup.objectStore.s3Credentials.inheritFromIAMRole: set together with s3Credentials.secretName; use keys from the Secret or the cloud identity, not both." }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

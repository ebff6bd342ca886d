{{/*
GitOps guards (issue 21): one definition of the recovery admin. With
externalSecrets.adminSecret the platform writes the base's admin Secret; the
same login as STALWART_RECOVERY_ADMIN in the contract Secret would be a second
definition, and a declarative base sets that variable in env, which wins over
envFrom: the store's value would be silently ignored.
*/}}
{{- define "stalwart-platform.validate.gitops" -}}
{{- include "stalwart-platform.validate.recovery" . }}
{{- $v := .Values }}
{{- $es := $v.externalSecrets }}
{{- if $es.adminSecret.enabled }}
{{- if not $es.secretStoreRef.name }}
{{- fail (printf "externalSecrets.secretStoreRef.name: required by externalSecrets.adminSecret.enabled: the %s the admin password is read from, e.g. --set externalSecrets.secretStoreRef.name=vault." $es.secretStoreRef.kind) }}
{{- end }}
{{- if and (or $es.enabled $v.secret.existingSecret) (has "STALWART_RECOVERY_ADMIN" $v.secret.keys) }}
{{- fail (printf "secret.keys: STALWART_RECOVERY_ADMIN defines the recovery admin a second time, beside externalSecrets.adminSecret (Secret %s); a declarative base sets that variable from its admin Secret in env, which wins over envFrom, so one of the two is silently ignored. Remove STALWART_RECOVERY_ADMIN from secret.keys (if it is the only key, set externalSecrets.enabled=false and secret.existingSecret=\"\"), or disable externalSecrets.adminSecret for a base in wizard mode." (include "stalwart-platform.adminSecretName" .)) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
PostgreSQL restore guards: a source to read (the backup's object store) and a
new Cluster name (a restored Cluster archiving into the backed-up one's WAL
would overwrite the backups it came from).
*/}}
{{- define "stalwart-platform.validate.recovery" -}}
{{- $pg := .Values.postgresql }}
{{- if and $pg.recovery.enabled (not $pg.enabled) }}
{{- fail "postgresql.recovery.enabled: there is no Cluster to restore into while postgresql.enabled is false. Enable postgresql, or disable postgresql.recovery." }}
{{- end }}
{{- if and $pg.enabled $pg.recovery.enabled }}
{{- if not $pg.backup.enabled }}
{{- fail "postgresql.recovery.enabled: the backups are read from postgresql.backup's object store, which is not configured. Set postgresql.backup.enabled=true with the store the backups are in (objectStore.destinationPath and credentials, or plugin.objectStoreName)." }}
{{- end }}
{{- $source := include "stalwart-platform.postgresql.sourceServerName" . }}
{{- if not $pg.recovery.clusterName }}
{{- fail (printf "postgresql.recovery.clusterName: required: a name for the NEW Cluster, different from the backed-up %s (e.g. %s-restored); then point the base release at <clusterName>-rw (or -pooler-rw), <clusterName>-app and, in tls.trustedCAs, <clusterName>-ca." $source $source) }}
{{- end }}
{{- if eq $pg.recovery.clusterName $source }}
{{- fail (printf "postgresql.recovery.clusterName: %s is the Cluster whose backups are restored (sourceServerName); the restored Cluster would archive its WAL over them. Choose a new name, e.g. %s-restored." $source $source) }}
{{- end }}
{{- end }}
{{- end }}

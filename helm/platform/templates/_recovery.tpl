{{/*
PostgreSQL restore (README "Backup and restore"): the Cluster's
bootstrap.recovery from the object store postgresql.backup writes to, read as
the external cluster "origin" with the backed-up Cluster's serverName. The
object store is the one cluster.yaml archives to: the plugin's ObjectStore
(the same one the restored Cluster then archives into under its new name) or,
legacy, the in-tree barmanObjectStore settings.
*/}}
{{- define "stalwart-platform.postgresql.recovery" -}}
recovery:
  # The base backup and WAL of {{ include "stalwart-platform.postgresql.sourceServerName" . }}; CloudNativePG
  # writes the owner's password to Secret {{ include "stalwart-platform.postgresql.clusterName" . }}-app.
  source: origin
  database: stalwart
  owner: stalwart
  {{- with .Values.postgresql.recovery.targetTime }}
  recoveryTarget:
    targetTime: {{ . | quote }}
  {{- end }}
{{- end }}

{{- define "stalwart-platform.postgresql.externalClusters" -}}
{{- $b := .Values.postgresql.backup }}
{{- $source := include "stalwart-platform.postgresql.sourceServerName" . }}
externalClusters:
  - name: origin
    {{- if eq $b.method "barmanObjectStore" }}
    {{- $store := $b.objectStore }}
    barmanObjectStore:
      serverName: {{ $source | quote }}
      destinationPath: {{ $store.destinationPath | quote }}
      {{- include "stalwart-platform.barman.connection" $store | trim | nindent 6 }}
    {{- else }}
    plugin:
      name: {{ include "stalwart-platform.barman.pluginName" . }}
      parameters:
        barmanObjectName: {{ include "stalwart-platform.postgresql.objectStoreName" . | quote }}
        serverName: {{ $source | quote }}
    {{- end }}
{{- end }}

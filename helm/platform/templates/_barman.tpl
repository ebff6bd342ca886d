{{/*
Where a Barman object store is and how to log in to it (its endpointURL,
endpointCA and s3Credentials), from postgresql.backup.objectStore: one block
for the plugin's ObjectStore, the legacy in-tree Cluster backups and the
recovery's in-tree externalClusters source.
*/}}
{{- define "stalwart-platform.barman.connection" -}}
{{- $cred := .s3Credentials }}
{{- with .endpointURL }}
endpointURL: {{ . | quote }}
{{- end }}
{{- with .endpointCA }}
{{- if .secretName }}
endpointCA:
  name: {{ .secretName | quote }}
  key: {{ .key | quote }}
{{- end }}
{{- end }}
s3Credentials:
  {{- if $cred.inheritFromIAMRole }}
  inheritFromIAMRole: true
  {{- else }}
  accessKeyId:
    name: {{ $cred.secretName | quote }}
    key: {{ $cred.accessKeyIdKey | quote }}
  secretAccessKey:
    name: {{ $cred.secretName | quote }}
    key: {{ $cred.secretAccessKeyKey | quote }}
  {{- with $cred.regionKey }}
  region:
    name: {{ $cred.secretName | quote }}
    key: {{ . | quote }}
  {{- end }}
  {{- end }}
{{- end }}

{{/*
The Barman Cloud plugin's ObjectStore the Cluster archives to and recovers
from: plugin.objectStoreName (one you manage) or the chart's own,
<prefix>-backup. Not derived from the Cluster's name, so a restored Cluster
(postgresql.recovery, a new name) reads and writes the same store.
*/}}
{{- define "stalwart-platform.postgresql.objectStoreName" -}}
{{- .Values.postgresql.backup.plugin.objectStoreName | default (printf "%s-backup" (include "stalwart-platform.prefix" .)) }}
{{- end }}

{{/*
The plugin entry of the Cluster's spec.plugins and of a ScheduledBackup.
*/}}
{{- define "stalwart-platform.barman.pluginName" -}}
barman-cloud.cloudnative-pg.io
{{- end }}

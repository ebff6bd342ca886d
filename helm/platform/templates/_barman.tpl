{{/*
Where a Barman object store is and how to log in to it (its endpointURL and
s3Credentials), from a postgresql.backup.barmanObjectStore map: one block for
the Cluster's backups and for the recovery's externalClusters source.
*/}}
{{- define "stalwart-platform.barman.connection" -}}
{{- $cred := .s3Credentials }}
{{- with .endpointURL }}
endpointURL: {{ . | quote }}
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

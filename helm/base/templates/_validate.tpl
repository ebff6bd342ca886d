{{/*
Every cross-field rule the values schema cannot express. Each message starts
with the value path and says how to fix it. Included once, from validate.yaml,
so a refusal reads `templates/validate.yaml`, not the Deployment.
*/}}
{{- define "stalwart.validate" -}}
{{- /* Renamed or removed values first: their message names the new key. */}}
{{- include "stalwart.migrations" . }}
{{- include "stalwart.validate.formats" . }}
{{- include "stalwart.validate.security" . }}
{{- include "stalwart.validate.roles" . }}
{{- include "stalwart.validate.gitops" . }}
{{- include "stalwart.validate.runtime" . }}
{{- include "stalwart.validate.operator" . }}
{{- /* Names: a Service name is a DNS-1035 label, so it starts with a letter */}}
{{- $fullname := include "stalwart.fullname" . }}
{{- if not (regexMatch "^[a-z]" $fullname) }}
{{- fail (printf "fullnameOverride: the release name %q names the objects %q, but a Service name must start with a lowercase letter. Install under a release name that starts with a letter, or set fullnameOverride (e.g. stalwart-%s)." .Release.Name $fullname .Release.Name) }}
{{- end }}
{{- include "stalwart.validate.storage" . }}
{{- include "stalwart.validate.network" . }}
{{- include "stalwart.validate.pod" . }}
{{- include "stalwart.validate.proxy" . }}
{{- include "stalwart.validate.declarative" . }}
{{- include "stalwart.validate.accounts" . }}
{{- include "stalwart.validate.labels" . }}
{{- include "stalwart.validate.clientip" . }}
{{- include "stalwart.validate.snapshot" . }}
{{- end }}

{{/*
Rotation (README "GitOps"): the Secrets the Stalwart pod reads that this
chart does not render, as a JSON list of names in first-seen order: envFrom,
env secretKeyRefs, the declarative shortcuts' and the admin's Secrets, an
existing config Secret, extraVolumes, the tls-reload sidecar's
tls.reload.existingSecret, and the TLS Secret unless the sidecar reloads
it in place (a restart there would only drop connections). Stakater Reloader watches exactly these
(rotation.reloader); the chart's own Secrets roll the pods through
checksum annotations instead.
*/}}
{{- define "stalwart.externalSecrets" -}}
{{- $v := .Values }}
{{- $names := list }}
{{- range $v.envFrom }}{{ with .secretRef }}{{ $names = append $names .name }}{{ end }}{{ end }}
{{- range $v.env }}{{ with dig "valueFrom" "secretKeyRef" "name" "" . }}{{ $names = append $names . }}{{ end }}{{ end }}
{{- if include "stalwart.declarative" . }}
{{- range include "stalwart.shortcutSecrets" . | fromJsonArray }}{{ with .name }}{{ $names = append $names . }}{{ end }}{{ end }}
{{- with $v.admin.existingSecret }}{{ $names = append $names . }}{{ end }}
{{- with $v.config.existingSecret }}{{ $names = append $names . }}{{ end }}
{{- end }}
{{- range $v.extraVolumes }}{{ with dig "secret" "secretName" "" . }}{{ $names = append $names . }}{{ end }}{{ end }}
{{- if and $v.tls.secretName (not (include "stalwart.tlsReload" .)) }}{{ $names = append $names $v.tls.secretName }}{{ end }}
{{- /* the tls-reload sidecar reads its password only at start */}}
{{- if include "stalwart.tlsReload" . }}{{ with $v.tls.reload.existingSecret }}{{ $names = append $names . }}{{ end }}{{ end }}
{{- toJson (uniq $names) }}
{{- end }}

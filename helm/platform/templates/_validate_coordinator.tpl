{{/*
The NATS coordinator's cross-field rules.
*/}}
{{- define "stalwart-platform.validate.coordinator" -}}
{{- $v := .Values }}
{{- if and $v.coordinator.enabled (not $v.externalSecrets.enabled) (not $v.secret.existingSecret) }}
{{- fail (printf "coordinator.enabled: the NATS servers read their password from the key contract's Secret, and this release provides none. Set externalSecrets.enabled=true (with externalSecrets.secretStoreRef.name), or secret.existingSecret to a Secret you create with the key STALWART_NATS_PASSWORD;%s" (ternary " it is already in secret.keys." " and add STALWART_NATS_PASSWORD to secret.keys." (has "STALWART_NATS_PASSWORD" $v.secret.keys))) }}
{{- else if and $v.coordinator.enabled (not (has "STALWART_NATS_PASSWORD" $v.secret.keys)) }}
{{- fail (printf "secret.keys: coordinator.enabled is true, but STALWART_NATS_PASSWORD is not among the keys, so the NATS servers would start with no password. Add STALWART_NATS_PASSWORD to secret.keys (and to %s)." (ternary (printf "your Secret %q" $v.secret.existingSecret) "the secret store behind externalSecrets.remoteKey" (ne $v.secret.existingSecret ""))) }}
{{- end }}
{{- end }}

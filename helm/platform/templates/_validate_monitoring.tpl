{{/*
Monitoring: the ServiceMonitor's Basic-auth keys are in the Secret it reads.
prometheus-operator drops the whole ServiceMonitor when its Secret or a key
is missing (pkg/prometheus/resource_selector.go), silently for the operator.
*/}}
{{- define "stalwart-platform.validate.monitoring" -}}
{{- $v := .Values }}
{{- $auth := $v.serviceMonitor.basicAuth }}
{{- if and $v.serviceMonitor.enabled $auth.enabled (not $auth.secretName) (or $v.externalSecrets.enabled $v.secret.existingSecret) }}
{{- $missing := list }}
{{- range $key := list $auth.usernameKey $auth.passwordKey }}
{{- if not (has $key $v.secret.keys) }}
{{- $missing = append $missing $key }}
{{- end }}
{{- end }}
{{- if $missing }}
{{- fail (printf "serviceMonitor.basicAuth: the ServiceMonitor reads %s from Secret %s, which carries only secret.keys (%s); prometheus-operator then drops the whole ServiceMonitor and nothing is scraped. Add %s to secret.keys (and to the store it comes from), or set serviceMonitor.basicAuth.secretName to a Secret that has them." (join ", " $missing) (include "stalwart-platform.secretName" .) (join ", " $v.secret.keys) (join ", " $missing)) }}
{{- end }}
{{- end }}
{{- end }}

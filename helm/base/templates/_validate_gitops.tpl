{{/*
GitOps guards (issue 21): one definition of every variable the chart owns.
Kubernetes lets `env` win over `envFrom` and keeps the last of two `env`
entries with one name, so a second definition is silently lost: refuse it.
The chart cannot read an envFrom Secret's keys offline; the contract check
(chartkit.contract, link env-shadowing) catches that clash on example pairs,
and the platform chart refuses STALWART_RECOVERY_ADMIN in secret.keys when
it writes the admin Secret.
*/}}
{{- define "stalwart.validate.gitops" -}}
{{- $v := .Values }}
{{- if $v.recoveryMode.enabled }}
{{- range $i, $e := $v.env }}
{{- if has $e.name (list "STALWART_RECOVERY_MODE" "STALWART_RECOVERY_MODE_PORT") }}
{{- fail (printf "env[%d].name: %s is also set by the chart from recoveryMode.enabled; Kubernetes keeps only one of the two, silently. Remove env[%d]." $i $e.name $i) }}
{{- end }}
{{- end }}
{{- if and (include "stalwart.declarative" .) $v.bootstrap.enabled }}
{{- fail "recoveryMode.enabled: the bootstrap Job would apply the plan to a server in recovery mode, which runs no mail listeners or services and is there for repairs by hand. Set bootstrap.enabled=false for the repair, and back to true with recoveryMode.enabled=false." }}
{{- end }}
{{- end }}
{{- if $v.tls.trustedCAs }}
{{- range $i, $e := $v.env }}
{{- if has $e.name (list "SSL_CERT_FILE" "SSL_CERT_DIR") }}
{{- fail (printf "env[%d].name: %s is also set by the chart from tls.trustedCAs; Kubernetes keeps only one of the two, silently. Remove env[%d] and list the CA's Secret in tls.trustedCAs instead." $i $e.name $i) }}
{{- end }}
{{- end }}
{{- end }}
{{- if include "stalwart.declarative" . }}
{{- /* CONFIG_PATH and the recovery admin's variables: _validate.tpl. */}}
{{- $owned := dict }}
{{- range $s := include "stalwart.shortcutSecrets" . | fromJsonArray }}
{{- if $s.name }}{{ $_ := set $owned $s.var $s.path }}{{ end }}
{{- end }}
{{- range $i, $e := $v.env }}
{{- with get $owned $e.name }}
{{- fail (printf "env[%d].name: %s is also set by the chart from %s; Kubernetes keeps only one of the two, silently. Remove env[%d] and change %s instead." $i $e.name . $i .) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

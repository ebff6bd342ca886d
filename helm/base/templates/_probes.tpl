{{/*
Probes (README "Probes"). Stalwart rate-limits and bans by client address,
/healthz included (crates/http/src/request.rs:525-528), and exempts only
allowed addresses, loopback always (crates/common/src/network/security.rs:151-162,
auth/rate_limit.rs:68-70). So the default probes exec the image's curl
against 127.0.0.1 inside the container: never limited, never banned, and no
kubelet address shares the anonymous budget with real clients.
*/}}

{{/*
The probe handlers the chart knows; a probe value carrying one is passed verbatim.
*/}}
{{- define "stalwart.probeHandlers" -}}
{{- toJson (list "exec" "httpGet" "tcpSocket" "grpc") }}
{{- end }}

{{/*
Wizard mode with setup.privateUntilConfigured: not Ready until config.json exists.
*/}}
{{- define "stalwart.setupGate" -}}
{{- if and (not (include "stalwart.declarative" .)) .Values.setup.privateUntilConfigured }}true{{ end }}
{{- end }}

{{/*
One probe: .ctx (root), .name (startupProbe, livenessProbe, readinessProbe),
.path (/healthz/live or /healthz/ready), .gate (only Ready once config.json exists).
Renders the probe's YAML, or nothing when the value is null.
*/}}
{{- define "stalwart.probe" -}}
{{- $v := .ctx.Values }}
{{- $spec := dict }}
{{- range $key, $value := index $v .name | default dict }}
{{- if not (kindIs "invalid" $value) }}{{- $_ := set $spec $key $value }}{{- end }}
{{- end }}
{{- if index $v .name }}
{{- $own := false }}
{{- range include "stalwart.probeHandlers" . | fromJsonArray }}
{{- if index $spec . }}{{- $own = true }}{{- end }}
{{- end }}
{{- if not $own }}
{{- $timeout := int ($spec.timeoutSeconds | default 1) }}
{{- $url := printf "http://127.0.0.1:%d%s" (int (index $v.containerPorts "http" | default 8080)) .path }}
{{- $curl := list "curl" "-fsS" "--max-time" (toString $timeout) "-o" "/dev/null" "-H" "X-Forwarded-For: 127.0.0.1" $url }}
{{- if .gate }}
{{- $_ := set $spec "exec" (dict "command" (list "/bin/bash" "-c" (printf "test -f /etc/stalwart/config.json && exec %s" (include "stalwart.shellWords" $curl)))) }}
{{- else }}
{{- $_ := set $spec "exec" (dict "command" $curl) }}
{{- end }}
{{- end }}
{{- if and (eq .name "startupProbe") (not (hasKey $spec "failureThreshold")) }}
{{- $period := int ($spec.periodSeconds | default 10) }}
{{- $_ := set $spec "failureThreshold" (div (add (int $.ctx.Values.startupWindowSeconds) $period -1) $period) }}
{{- end }}
{{- toYaml $spec }}
{{- end }}
{{- end }}

{{/*
A list of words as one shell command line, each single-quoted.
*/}}
{{- define "stalwart.shellWords" -}}
{{- $out := list }}
{{- range . }}
{{- $out = append $out (printf "'%s'" (replace "'" "'\\''" (toString .))) }}
{{- end }}
{{- join " " $out }}
{{- end }}

{{/*
Client IP addresses on the mail listeners and the web: PROXY protocol trust and X-Forwarded-For.
Called, in this order, from stalwart.validate (_validate.tpl); the first refusal wins.
*/}}
{{- define "stalwart.validate.proxy" -}}
{{- $v := .Values }}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- /* Client IP addresses */}}
{{- $trusted := $v.bootstrap.listeners.proxyTrustedNetworks }}
{{- /* Catch-all and private-network ranges: templates/_validate_security.tpl */}}
{{- if $trusted }}
{{- $proxied := dict }}
{{- range $row := include "stalwart.mailListeners" . | fromJsonArray }}
{{- $name := index $row 0 }}
{{- if and (hasKey $ports $name) (hasKey $v.containerPorts $name) }}
{{- $_ := set $proxied $name true }}
{{- $_ := set $proxied (toString (int (index $v.containerPorts $name))) true }}
{{- end }}
{{- end }}
{{- range $probe := list "startupProbe" "livenessProbe" "readinessProbe" }}
{{- $spec := index $v $probe | default dict }}
{{- range $handler := list "httpGet" "tcpSocket" "grpc" }}
{{- $port := dig "port" "" (index $spec $handler | default dict) }}
{{- if and (ne (toString $port) "") (hasKey $proxied (toString $port)) }}
{{- fail (printf "%s.%s.port: %v is a mail listener that trusts bootstrap.listeners.proxyTrustedNetworks, so it expects a PROXY header the kubelet never sends; when the kubelet's address is in those ranges the probe is dropped and the pod restarts. Probe the http port (the default), which never trusts proxies." $probe $handler $port) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if $v.bootstrap.http.useXForwarded }}
{{- if and (hasKey $ports "http") (ne $v.service.type "ClusterIP") }}
{{- fail (printf "bootstrap.http.useXForwarded: true trusts X-Forwarded-For from any peer, but service.type %s publishes the http port outside the Gateway, so anyone can forge client IPs. Keep service.type ClusterIP (publish mail ports with externalService) or leave useXForwarded off." $v.service.type) }}
{{- end }}
{{- if and $v.externalService.enabled (has "http" $v.externalService.ports) }}
{{- fail "bootstrap.http.useXForwarded: true trusts X-Forwarded-For from any peer, but externalService.ports publishes http outside the Gateway, so anyone can forge client IPs. Remove http from externalService.ports or leave useXForwarded off." }}
{{- end }}
{{- if not $v.gateway.enabled }}
{{- fail "bootstrap.http.useXForwarded: true trusts X-Forwarded-For from any peer, which is only safe when the Gateway is the one way to the http port, but gateway.enabled is false. Enable the gateway or leave useXForwarded off." }}
{{- end }}
{{- end }}
{{- end }}

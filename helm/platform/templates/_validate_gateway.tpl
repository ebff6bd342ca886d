{{/*
The parent Gateway (gateway.yaml, httproute-redirect.yaml): a class to run
it, an HTTPS listener the base release's parentRefs can name, and the
platform's Certificate for its TLS (the Secret lives in this namespace, as a
listener's certificateRefs need without a ReferenceGrant).
*/}}
{{- define "stalwart-platform.validate.gateway" -}}
{{- $g := .Values.gateway }}
{{- if $g.enabled }}
{{- if not $g.className }}
{{- fail "gateway.className: required with gateway.enabled: the GatewayClass of your Gateway API implementation (kubectl get gatewayclass), e.g. --set gateway.className=eg." }}
{{- end }}
{{- if not $g.listenerName }}
{{- fail "gateway.listenerName: required with gateway.enabled: the name of the HTTPS listener, which the base release's gateway.parentRefs[].sectionName names. Set gateway.listenerName=https, the base chart's default sectionName." }}
{{- end }}
{{- if eq $g.listenerName "http" }}
{{- fail "gateway.listenerName: \"http\" is the Gateway's redirect listener (plain HTTP on port 80); the base release's HTTPRoute attaches to the HTTPS one. Set gateway.listenerName=https, the base chart's default sectionName." }}
{{- end }}
{{- if not .Values.certificate.enabled }}
{{- fail (printf "gateway.enabled: the HTTPS listener terminates TLS with the platform's Certificate (Secret %s), but certificate.enabled is false. Set certificate.enabled=true with certificate.issuerRef.name, and list the base release's gateway.hostnames in certificate.dnsNames." (include "stalwart-platform.certificate.secretName" .)) }}
{{- end }}
{{- end }}
{{- end }}

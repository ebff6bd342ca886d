{{/*
Guards for client addresses behind the Gateway (README "Client IP
addresses"), included once from stalwart.validate. Cases:
src/chartkit/guards_clientip.py.
*/}}
{{- define "stalwart.validate.clientip" -}}
{{- $v := .Values }}
{{- $ca := $v.gateway.clientAddress }}
{{- $declarative := include "stalwart.declarative" . }}
{{- if $ca.proxyProtocolFrom }}
{{- range $i, $cidr := $ca.proxyProtocolFrom }}
{{- if hasSuffix "/0" $cidr }}
{{- fail (printf "gateway.clientAddress.proxyProtocolFrom[%d]: %s trusts PROXY headers from every peer, so any pod that reaches the http-proxy port can claim to be 127.0.0.1 and skip every ban and limit. List only the Gateway data plane's source ranges (e.g. its pods' node-local CIDRs, or the addresses your Gateway's docs give)." $i $cidr) }}
{{- end }}
{{- end }}
{{- if not $declarative }}
{{- fail "gateway.clientAddress.proxyProtocolFrom: only applies in declarative mode (the chart then creates the PROXY listener), but neither config.dataStore nor config.existingSecret is set, so the setup wizard configures Stalwart and the route would point at a port nothing listens on. Set config.dataStore (see README, Declarative mode), or clear proxyProtocolFrom and add the Gateway's addresses as Allowed IPs in the admin UI (README \"Client IP addresses\")." }}
{{- end }}
{{- if not $v.gateway.enabled }}
{{- fail "gateway.clientAddress.proxyProtocolFrom: is set but gateway.enabled is false, so no route sends PROXY headers to the http-proxy listener. Clear gateway.clientAddress.proxyProtocolFrom, or set gateway.enabled=true." }}
{{- end }}
{{- if not $v.bootstrap.enabled }}
{{- fail "gateway.clientAddress.proxyProtocolFrom: the http-proxy listener is created by the bootstrap plan, but bootstrap.enabled is false, so the route would point at a port nothing listens on. Set bootstrap.enabled=true, or clear gateway.clientAddress.proxyProtocolFrom." }}
{{- end }}
{{- if $v.bootstrap.http.useXForwarded }}
{{- fail "bootstrap.http.useXForwarded: true replaces the PROXY header's client address with the leftmost X-Forwarded-For entry, which a client writes itself (request.rs:697-757), so gateway.clientAddress.proxyProtocolFrom would gain nothing. Set bootstrap.http.useXForwarded=false." }}
{{- end }}
{{- range $name, $port := $v.containerPorts }}
{{- if eq ($port | int) ($ca.proxyPort | int) }}
{{- fail (printf "gateway.clientAddress.proxyPort: %d is already containerPorts.%s. Choose a free port (the default is 8081)." ($ca.proxyPort | int) $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $v.bootstrap.http.useXForwarded (not $v.bootstrap.http.forwardedSpoofingAcknowledged) }}
{{- fail "bootstrap.http.useXForwarded: true makes Stalwart take the client address from the leftmost X-Forwarded-For entry (or a Forwarded for=) of any peer, unchecked (request.rs:697-757). Most gateways append to X-Forwarded-For, so a client that sends X-Forwarded-For: 127.0.0.1 is taken for loopback and skips every ban and rate limit, or frames another address for a ban. Prefer gateway.clientAddress.proxyProtocolFrom (PROXY v2 from the Gateway) and useXForwarded=false; keep it only if your Gateway overwrites X-Forwarded-For, and then set bootstrap.http.forwardedSpoofingAcknowledged=true (the route already strips Forwarded)." }}
{{- end }}
{{- end }}

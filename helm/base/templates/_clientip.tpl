{{/*
Client addresses behind the Gateway (README "Client IP addresses").

Read in Stalwart v0.16.18:
- a connection from a listener's PROXY-trusted network must start with a
  PROXY header (else it is dropped) and takes its address from it
  (crates/common/src/network/listen.rs:130-160); bans are checked on that
  address (listen.rs:248-257);
- only the global SystemSettings.proxyTrustedNetworks become allowed
  addresses, not a listener's overrideProxyTrustedNetworks
  (crates/common/src/network/security.rs:115-126), so the Gateway's ranges
  are written as AllowedIp entries, which exempt them from every ban and
  from the anonymous limit (security.rs:377-392, auth/rate_limit.rs:68-90);
- one request to a scan path bans the peer at once and, by default, for
  good (security.rs:201-209,258-268,316-330; crates/http/src/request.rs:669).
*/}}

{{/*
"proxy" (the Gateway sends PROXY v2 to the http-proxy listener),
"forwarded" (Http.useXForwarded, acknowledged), "shared" (every web client
is the Gateway's address), or "" when no Gateway route is rendered or the
chart does not configure Stalwart (wizard mode).
*/}}
{{- define "stalwart.clientAddressMode" -}}
{{- if and .Values.gateway.enabled (include "stalwart.declarative" .) }}
{{- if .Values.gateway.clientAddress.proxyProtocolFrom }}proxy
{{- else if .Values.bootstrap.http.useXForwarded }}forwarded
{{- else }}shared
{{- end }}
{{- end }}
{{- end }}

{{/*
Stalwart's default Security.scanBanPaths (its schema's defaults, 0.16.19;
crates/registry/src/schema/structs_impl.rs:35380-35393 in v0.16.18).
tests/base/test_clientip.py compares this list with the schema.
*/}}
{{- define "stalwart.defaultScanBanPaths" -}}
{{- toJson (list "*.php*" "*.cgi*" "*.asp*" "*/wp-*" "*/php*" "*/cgi-bin*" "*xmlrpc*" "*../*" "*/..*" "*joomla*" "*wordpress*" "*drupal*") }}
{{- end }}

{{/*
The plan operations for client addresses, as a JSON list (declarative mode):
- proxy: a NetworkListener http-proxy on gateway.clientAddress.proxyPort
  trusting PROXY only from gateway.clientAddress.proxyProtocolFrom, and an
  AllowedIp entry for each of those ranges (a Gateway connection without a
  client address in its PROXY header never bans everyone);
- Security.scanBanPaths: empty in shared mode (one scan request would ban
  every web user), Stalwart's defaults otherwise. Written every run, so a
  change of mode converges; a bootstrap.plan line after it still wins.
*/}}
{{- define "stalwart.clientAddressOps" -}}
{{- $mode := include "stalwart.clientAddressMode" . }}
{{- $ca := .Values.gateway.clientAddress }}
{{- $ops := list }}
{{- if eq $mode "proxy" }}
{{- $trusted := dict }}
{{- range $ca.proxyProtocolFrom }}
{{- $_ := set $trusted . true }}
{{- end }}
{{- $listener := dict "name" "http-proxy" "protocol" "http" "bind" (dict (printf "[::]:%d" ($ca.proxyPort | int)) true) "useTls" false "overrideProxyTrustedNetworks" $trusted }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "NetworkListener" "matchOn" (list "name") "value" (dict "http-proxy" $listener)) }}
{{- $allowed := dict }}
{{- range $i, $cidr := $ca.proxyProtocolFrom }}
{{- $_ := set $allowed (printf "gateway-%d" $i) (dict "address" $cidr "reason" "Gateway data plane (gateway.clientAddress.proxyProtocolFrom)") }}
{{- end }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "AllowedIp" "matchOn" (list "address") "value" $allowed) }}
{{- end }}
{{- $paths := dict }}
{{- if ne $mode "shared" }}
{{- range include "stalwart.defaultScanBanPaths" . | fromJsonArray }}
{{- $_ := set $paths . true }}
{{- end }}
{{- end }}
{{- $ops = append $ops (dict "@type" "update" "object" "Security" "value" (dict "scanBanPaths" $paths)) }}
{{- toJson $ops }}
{{- end }}

{{/*
The Service port the HTTPRoute sends to: the PROXY listener's in proxy mode,
else service.ports.http.
*/}}
{{- define "stalwart.routePort" -}}
{{- if eq (include "stalwart.clientAddressMode" .) "proxy" }}
{{- .Values.gateway.clientAddress.proxyPort | int }}
{{- else }}
{{- .Values.service.ports.http | int }}
{{- end }}
{{- end }}

{{/*
A rule's filters with `Forwarded` removed from the request (JSON list). With
Http.useXForwarded Stalwart takes the first `for=` of a Forwarded header
before X-Forwarded-For (crates/http/src/request.rs:706-741), and most
gateways pass Forwarded through untouched. Gateway API allows one
RequestHeaderModifier per rule, so an existing one gets the removal added.
*/}}
{{- define "stalwart.stripForwarded" -}}
{{- $filters := list }}
{{- $merged := false }}
{{- range .filters }}
{{- $f := deepCopy . }}
{{- if eq (toString $f.type) "RequestHeaderModifier" }}
{{- $mod := $f.requestHeaderModifier | default dict }}
{{- $remove := $mod.remove | default list }}
{{- if not (has "Forwarded" $remove) }}
{{- $remove = append $remove "Forwarded" }}
{{- end }}
{{- $_ := set $mod "remove" $remove }}
{{- $_ := set $f "requestHeaderModifier" $mod }}
{{- $merged = true }}
{{- end }}
{{- $filters = append $filters $f }}
{{- end }}
{{- if not $merged }}
{{- $filters = append $filters (dict "type" "RequestHeaderModifier" "requestHeaderModifier" (dict "remove" (list "Forwarded"))) }}
{{- end }}
{{- toJson $filters }}
{{- end }}

{{/*
Helpers of the security guards and the route's deny rule (issue 25).
*/}}

{{/*
Path prefixes the HTTPRoute answers without reaching Stalwart, as a JSON list:
gateway.deniedPaths, plus /admin and /api when gateway.publicAdmin is false.
*/}}
{{- define "stalwart.gatewayDeniedPaths" -}}
{{- $paths := .Values.gateway.deniedPaths | default list }}
{{- if not .Values.gateway.publicAdmin }}
{{- $paths = concat $paths (list "/admin" "/api") }}
{{- end }}
{{- toJson ($paths | uniq) }}
{{- end }}

{{/*
An IP address as its bits: 32 (IPv4) or 128 (IPv6) characters of 0 and 1.
Takes the address without a prefix, as the values schema admits it (IPv4 in
dotted quads without leading zeros; IPv6 in hex groups with at most one "::").
*/}}
{{- define "stalwart.ipBits" -}}
{{- if contains "." . }}
{{- range splitList "." . }}{{ printf "%08b" (atoi .) }}{{ end }}
{{- else }}
{{- $halves := splitList "::" (lower .) }}
{{- $left := list }}
{{- $right := list }}
{{- if first $halves }}{{ $left = splitList ":" (first $halves) }}{{ end }}
{{- if and (gt (len $halves) 1) (index $halves 1) }}{{ $right = splitList ":" (index $halves 1) }}{{ end }}
{{- $groups := $left }}
{{- range until (int (sub 8 (add (len $left) (len $right)))) }}{{ $groups = append $groups "0" }}{{ end }}
{{- $groups = concat $groups $right }}
{{- $nibbles := dict "0" "0000" "1" "0001" "2" "0010" "3" "0011" "4" "0100" "5" "0101" "6" "0110" "7" "0111" "8" "1000" "9" "1001" "a" "1010" "b" "1011" "c" "1100" "d" "1101" "e" "1110" "f" "1111" }}
{{- range $groups }}{{ range splitList "" (printf "%4s" . | replace " " "0") }}{{ index $nibbles . }}{{ end }}{{ end }}
{{- end }}
{{- end }}

{{/*
Why a trusted PROXY network is dangerous, or "" when it is not: a JSON object
{"catchAll": bool, "covers": "<private block>"}. A range "covers" a block when
its prefix is no longer than the block's and their first prefix bits agree.
The blocks are where pods and nodes get their addresses: RFC 1918, the shared
address space 100.64.0.0/10 (CGNAT, used for pods by several CNIs), IPv6 ULA
fc00::/7 (and its used half fd00::/8), and the same IPv4 blocks written as IPv4-mapped IPv6.
*/}}
{{- define "stalwart.cidrRisk" -}}
{{- $parts := splitList "/" . }}
{{- $addr := first $parts }}
{{- $v4 := contains "." $addr }}
{{- $width := ternary 32 128 $v4 }}
{{- $prefix := $width }}
{{- if gt (len $parts) 1 }}{{ $prefix = atoi (index $parts 1) }}{{ end }}
{{- $bits := include "stalwart.ipBits" $addr }}
{{- $blocks := ternary (list "10.0.0.0/8" "172.16.0.0/12" "192.168.0.0/16" "100.64.0.0/10") (list "fc00::/7" "fd00::/8" "::ffff:a00:0/104" "::ffff:ac10:0/108" "::ffff:c0a8:0/112" "::ffff:6440:0/106") $v4 }}
{{- $out := dict "catchAll" (or (eq $prefix 0) (and (eq (len $parts) 1) (not (contains "1" $bits)))) "covers" "" }}
{{- range $blocks }}
{{- $b := splitList "/" . }}
{{- $bPrefix := atoi (index $b 1) }}
{{- if and (not $out.covers) (le $prefix $bPrefix) (eq (substr 0 $prefix $bits) (substr 0 $prefix (include "stalwart.ipBits" (first $b)))) }}
{{- $_ := set $out "covers" . }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
Image of the bootstrap Job's rollout step: repository:tag, or
repository:tag@digest when pinned (the values schema checks the digest).
*/}}
{{- define "stalwart.rolloutImage" -}}
{{- include "stalwart.imageRef" .Values.bootstrap.rollout.image }}
{{- end }}

{{/*
Hook annotations of the rollout's RBAC objects (ServiceAccount, Role,
RoleBinding, admission policy): created just before the bootstrap Job (weight
0), deleted once the hooks of the release event succeed or fail, so the patch
right exists only while the Job runs. The argument is the hook weight.
*/}}
{{- define "stalwart.bootstrapHookAnnotations" -}}
helm.sh/hook: post-install,post-upgrade
helm.sh/hook-weight: {{ . | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded,hook-failed
{{- end }}

{{/*
Name of the rollout's admission policy and binding: cluster-scoped, so the
namespace is part of it.
*/}}
{{- define "stalwart.rolloutPolicyName" -}}
{{- printf "%s-%s-rollout" .Release.Namespace (include "stalwart.bootstrapName" .) | trunc 253 | trimSuffix "-" }}
{{- end }}

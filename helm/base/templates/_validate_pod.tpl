{{/*
Claims the chart does not create, pod settings, the restricted profile over every container, the Gateway, the public URL and mail TLS.
Called, in this order, from stalwart.validate (_validate.tpl); the first refusal wins.
*/}}
{{- define "stalwart.validate.pod" -}}
{{- $v := .Values }}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- /* Persistence: an existing claim has its own size and class */}}
{{- range $name := list "config" "data" }}
{{- $p := index $v.persistence $name }}
{{- if and $p.enabled $p.existingClaim }}
{{- range $key := list "size" "storageClass" }}
{{- if index $p $key }}
{{- fail (printf "persistence.%s.%s: %q would be ignored: persistence.%s.existingClaim (%s) mounts a claim that already has its size and class. Remove persistence.%s.%s, or remove existingClaim to let the chart create the claim." $name $key (index $p $key) $name $p.existingClaim $name $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- /* Pod settings */}}
{{- if and (eq (toString $v.dnsPolicy) "None") (not (dig "nameservers" (list) ($v.dnsConfig | default dict))) }}
{{- fail "dnsPolicy: None takes every resolver from dnsConfig, which lists no nameservers, so the pod could resolve nothing. Set dnsConfig.nameservers, or another dnsPolicy." }}
{{- end }}
{{- range $key := list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" "app.kubernetes.io/part-of" "app.kubernetes.io/component" "helm.sh/chart" }}
{{- if hasKey ($v.commonLabels | default dict) $key }}
{{- fail (printf "commonLabels.%s: is one of the chart's own labels; setting it on every object would detach pods from their Deployment and Services or misname the objects. Remove it from commonLabels." $key) }}
{{- end }}
{{- end }}
{{- /* Pod Security "restricted", over every container */}}
{{- if or (not (hasKey $v "restrictedPodSecurity")) $v.restrictedPodSecurity }}
{{- with include "stalwart.restrictedViolations" . | fromJsonArray }}
{{- fail (printf "%s (README \"Security\" explains the profile.)" (first .)) }}
{{- end }}
{{- end }}
{{- /* Gateway */}}
{{- if $v.gateway.enabled }}
{{- if not $v.gateway.hostnames }}
{{- fail "gateway.hostnames: the HTTPRoute needs at least one hostname, or it would capture every host on a shared Gateway. Set one, e.g. --set gateway.hostnames[0]=mail.example.com, or gateway.enabled=false." }}
{{- end }}
{{- if not (hasKey $ports "http") }}
{{- fail "service.ports.http: removed while gateway.enabled is true, so the HTTPRoute would have no backend. Keep service.ports.http or set gateway.enabled=false." }}
{{- end }}
{{- end }}
{{- /* Public URL */}}
{{- if $v.gateway.enabled }}
{{- $explicit := "" }}
{{- range $e := $v.env }}
{{- if and (eq $e.name "STALWART_PUBLIC_URL") (hasKey $e "value") }}{{ $explicit = toString $e.value }}{{ end }}
{{- end }}
{{- if $explicit }}
{{- $host := (urlParse $explicit).hostname }}
{{- $matches := false }}
{{- range $h := $v.gateway.hostnames }}
{{- if or (eq $h $host) (and (hasPrefix "*." $h) (hasSuffix (trimPrefix "*" $h) $host)) }}{{ $matches = true }}{{ end }}
{{- end }}
{{- if not $matches }}
{{- fail (printf "env: STALWART_PUBLIC_URL=%s names host %q, which is not in gateway.hostnames (%s); JMAP session URLs, OAuth redirects and discovery would send clients to a host the HTTPRoute does not serve. Use one of gateway.hostnames (e.g. https://%s) or add the host there." $explicit $host (join ", " $v.gateway.hostnames) (first $v.gateway.hostnames)) }}
{{- end }}
{{- else if and $v.gateway.hostnames (hasPrefix "*" (first $v.gateway.hostnames)) }}
{{- fail (printf "gateway.hostnames[0]: %s is a wildcard, so the chart cannot derive STALWART_PUBLIC_URL from it. List the concrete hostname first, or set env STALWART_PUBLIC_URL (e.g. https://mail%s)." (first $v.gateway.hostnames) (trimPrefix "*" (first $v.gateway.hostnames))) }}
{{- end }}
{{- end }}
{{- /* Mail TLS */}}
{{- if $v.tls.secretName }}
{{- $dir := include "stalwart.tlsDir" . }}
{{- range $i, $vol := $v.extraVolumes }}
{{- if eq (toString $vol.name) "tls" }}
{{- fail (printf "extraVolumes[%d]: a volume named \"tls\" collides with the one tls.secretName (%s) mounts. Remove it (tls.secretName replaces the extraVolumes mount) or rename it." $i $v.tls.secretName) }}
{{- end }}
{{- end }}
{{- range $i, $m := $v.extraVolumeMounts }}
{{- if eq (clean (toString $m.mountPath)) $dir }}
{{- fail (printf "extraVolumeMounts[%d]: mounts %s, where tls.secretName (%s) is mounted. Remove the extra mount; tls.secretName replaces it." $i $dir $v.tls.secretName) }}
{{- end }}
{{- end }}
{{- if and $v.tls.reload.enabled (not (include "stalwart.reloadSecretName" .)) }}
{{- fail "tls.reload.existingSecret: is empty and there is no recovery admin outside declarative mode, so the reload sidecar has no credentials to ask Stalwart for ReloadTlsCertificates. Create an account in the admin UI whose permissions are only authenticate, sysActionCreate and actionReloadTlsCertificates (README \"Accounts as code\"), a Secret with its keys username and password (an API key's secret as password works), and name it here, or set tls.reload.enabled=false and reload by hand after each renewal." }}
{{- end }}
{{- end }}
{{- end }}

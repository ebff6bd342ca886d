{{/*
Every operation of the bootstrap plan, as a JSON list: the shortcuts first
(mail TLS and Http.useXForwarded last), then bootstrap.plan verbatim, then a
ReloadSettings Action.
*/}}
{{- define "stalwart.planOps" -}}
{{- $b := .Values.bootstrap }}
{{- $vars := include "stalwart.shortcutVariables" . | fromJson }}
{{- $ops := list }}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- if and $b.domain $b.hostname }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "Domain" "matchOn" (list "name") "value" (dict "default-domain" (dict "name" $b.domain))) }}
{{- $ops = append $ops (dict "@type" "update" "object" "SystemSettings" "value" (dict "defaultHostname" $b.hostname "defaultDomainId" "#default-domain")) }}
{{- end }}
{{- $trusted := dict }}
{{- range $b.listeners.proxyTrustedNetworks }}
{{- $_ := set $trusted . true }}
{{- end }}
{{- $listeners := dict }}
{{- range $row := include "stalwart.mailListeners" . | fromJsonArray }}
{{- $name := index $row 0 }}
{{- $missing := index $row 3 }}
{{- if and (hasKey $ports $name) (or (and $missing $b.listeners.addMissing) (and (not $missing) $trusted)) }}
{{- $port := index $.Values.containerPorts $name | int }}
{{- $body := dict "name" $name "protocol" (index $row 1) "bind" (dict (printf "[::]:%d" $port) true) "useTls" true "tlsImplicit" (index $row 2) }}
{{- if $trusted }}
{{- $_ := set $body "overrideProxyTrustedNetworks" $trusted }}
{{- end }}
{{- $_ := set $listeners $name $body }}
{{- end }}
{{- end }}
{{- if $listeners }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "NetworkListener" "matchOn" (list "name") "value" $listeners) }}
{{- end }}
{{- if $b.consoleLog.enabled }}
{{- /* Every Tracer goes in the CLI's destroy pass, which runs before any
create or ReloadSettings; the console tracer is then created. A reconcile
deleted the old tracers only in its cleanup pass, after ReloadSettings, which
refused two console tracers ("Only one console tracer is allowed"). */}}
{{- $ops = append $ops (dict "@type" "destroy" "object" "Tracer") }}
{{- $ops = append $ops (dict "@type" "create" "object" "Tracer" "value" (dict "console" (dict "@type" "Stdout" "level" $b.consoleLog.level "ansi" false "enable" true))) }}
{{- end }}
{{- if $b.metrics.enabled }}
{{- $auth := dict "@type" "EnvironmentVariable" "variableName" $vars.metrics }}
{{- $ops = append $ops (dict "@type" "update" "object" "Metrics" "value" (dict "prometheus" (dict "@type" "Enabled" "authUsername" $b.metrics.username "authSecret" $auth))) }}
{{- end }}
{{- $s3 := $b.blobStore.s3 }}
{{- $claim := include "stalwart.bucketClaim" . }}
{{- $slots := include "stalwart.bucketClaimSlots" . | fromJson }}
{{- if $s3.enabled }}
{{- $region := dict }}
{{- if $claim }}
{{- $region = dict "@type" "Custom" "customEndpoint" (printf "%s://%s:%s" $s3.claimScheme $slots.BUCKET_HOST $slots.BUCKET_PORT) "customRegion" $slots.BUCKET_REGION }}
{{- else if $s3.endpoint }}
{{- $region = dict "@type" "Custom" "customEndpoint" $s3.endpoint "customRegion" $s3.region }}
{{- else }}
{{- $variant := "" }}
{{- range splitList "-" $s3.region }}
{{- $variant = print $variant (title .) }}
{{- end }}
{{- $region = dict "@type" $variant }}
{{- end }}
{{- $store := dict "@type" "S3" "bucket" (ternary $slots.BUCKET_NAME $s3.bucket (not (empty $claim))) "region" $region }}
{{- if $s3.keyPrefix }}
{{- $_ := set $store "keyPrefix" $s3.keyPrefix }}
{{- end }}
{{- if $s3.allowInvalidCerts }}
{{- $_ := set $store "allowInvalidCerts" true }}
{{- end }}
{{- if or $claim $s3.accessKeySecret.name $s3.secretKeySecret.name }}
{{- $_ := set $store "accessKey" (dict "@type" "EnvironmentVariable" "variableName" $vars.s3AccessKey) }}
{{- $_ := set $store "secretKey" (dict "@type" "EnvironmentVariable" "variableName" $vars.s3SecretKey) }}
{{- end }}
{{- $ops = append $ops (dict "@type" "update" "object" "BlobStore" "value" $store) }}
{{- end }}
{{- if $b.inMemoryStore.redisUrl }}
{{- $ops = append $ops (dict "@type" "update" "object" "InMemoryStore" "value" (dict "@type" "Redis" "url" $b.inMemoryStore.redisUrl)) }}
{{- end }}
{{- with $b.coordinator }}
{{- if eq .type "Default" }}
{{- $ops = append $ops (dict "@type" "update" "object" "Coordinator" "value" (dict "@type" "Default")) }}
{{- else if eq .type "Redis" }}
{{- $ops = append $ops (dict "@type" "update" "object" "Coordinator" "value" (dict "@type" "Redis" "url" .redisUrl)) }}
{{- else if eq .type "Nats" }}
{{- $addresses := dict }}
{{- range .nats.addresses }}
{{- $_ := set $addresses . true }}
{{- end }}
{{- $nats := dict "@type" "Nats" "addresses" $addresses }}
{{- if .nats.username }}
{{- $_ := set $nats "authUsername" .nats.username }}
{{- $_ := set $nats "authSecret" (dict "@type" "EnvironmentVariable" "variableName" $vars.nats) }}
{{- end }}
{{- $ops = append $ops (dict "@type" "update" "object" "Coordinator" "value" $nats) }}
{{- end }}
{{- end }}
{{- range include "stalwart.tlsPlanOps" . | fromJsonArray }}
{{- $ops = append $ops . }}
{{- end }}
{{- range include "stalwart.roles.planOps" . | fromJsonArray }}
{{- $ops = append $ops . }}
{{- end }}
{{- range include "stalwart.clientAddressOps" . | fromJsonArray }}
{{- $ops = append $ops . }}
{{- end }}
{{- range include "stalwart.accounts.planOps" . | fromJsonArray }}
{{- $ops = append $ops . }}
{{- end }}
{{- /* Written every run, so switching the value back off takes effect. */}}
{{- $ops = append $ops (dict "@type" "update" "object" "Http" "value" (dict "useXForwarded" $b.http.useXForwarded)) }}
{{- range $b.plan }}
{{- $ops = append $ops . }}
{{- end }}
{{- $ops = append $ops (dict "@type" "create" "object" "Action" "value" (dict "reload-settings" (dict "@type" "ReloadSettings"))) }}
{{- toJson $ops }}
{{- end }}

{{/*
The plan as NDJSON: one compact operation per line.
*/}}
{{- define "stalwart.planNdjson" -}}
{{- range include "stalwart.planOps" . | fromJsonArray }}
{{- toJson . }}{{ "\n" }}
{{- end }}
{{- end }}

{{/*
sha256 of the plan lines whose objects a running server only picks up on
restart (listeners, blob store, in-memory store, coordinator); "" when the
plan has none, so no restart is needed.
*/}}
{{- define "stalwart.restartHash" -}}
{{- $lines := list }}
{{- range include "stalwart.planOps" . | fromJsonArray }}
{{- if has (toString .object | lower | trimPrefix "x:") (list "networklistener" "blobstore" "inmemorystore" "coordinator") }}
{{- $lines = append $lines (toJson .) }}
{{- end }}
{{- end }}
{{- if $lines }}
{{- join "\n" $lines | sha256sum }}
{{- end }}
{{- end }}

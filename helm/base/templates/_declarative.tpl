{{/*
Declarative mode: what config.json, the bootstrap plan and the variables the
plan reads are made of. One definition each, shared by the Secret, the
ConfigMap, the Job, the Deployment and the guards (_validate.tpl).
*/}}

{{/*
config.json: config.dataStore as compact JSON. Go's encoder sorts map keys,
so equal values always give equal bytes (and an equal checksum/config).
*/}}
{{- define "stalwart.configJson" -}}
{{- toJson .Values.config.dataStore }}
{{- end }}

{{/*
The environment variables the shortcuts' plan lines name, by shortcut.
*/}}
{{- define "stalwart.shortcutVariables" -}}
{{- toJson (dict "metrics" "STALWART_METRICS_PASSWORD" "s3AccessKey" "STALWART_S3_ACCESS_KEY" "s3SecretKey" "STALWART_S3_SECRET_KEY" "nats" "STALWART_NATS_PASSWORD") }}
{{- end }}

{{/*
The active shortcuts' variables as a JSON list of {var, path, what, risk,
name, key}: the variable, the value path of its Secret reference, what it
holds, what breaks without it, and the Secret's name and key ("" when the
operator sets the variable through env instead).
*/}}
{{- define "stalwart.shortcutSecrets" -}}
{{- $b := .Values.bootstrap }}
{{- $vars := include "stalwart.shortcutVariables" . | fromJson }}
{{- $out := list }}
{{- if $b.metrics.enabled }}
{{- $out = append $out (dict "var" $vars.metrics "path" "bootstrap.metrics.passwordSecret" "what" "the metrics Basic-auth password" "risk" "without it Stalwart silently serves /metrics/prometheus unauthenticated" "name" $b.metrics.passwordSecret.name "key" $b.metrics.passwordSecret.key) }}
{{- end }}
{{- $s3 := $b.blobStore.s3 }}
{{- $claim := include "stalwart.bucketClaim" . }}
{{- if $claim }}
{{- $out = append $out (dict "var" $vars.s3AccessKey "path" "bootstrap.blobStore.s3.fromBucketClaim" "what" "the S3 access key id" "risk" "without it the blob store cannot authenticate" "name" $claim "key" "AWS_ACCESS_KEY_ID") }}
{{- $out = append $out (dict "var" $vars.s3SecretKey "path" "bootstrap.blobStore.s3.fromBucketClaim" "what" "the S3 secret key" "risk" "without it the blob store cannot authenticate" "name" $claim "key" "AWS_SECRET_ACCESS_KEY") }}
{{- else if and $s3.enabled (or $s3.accessKeySecret.name $s3.secretKeySecret.name) }}
{{- $out = append $out (dict "var" $vars.s3AccessKey "path" "bootstrap.blobStore.s3.accessKeySecret" "what" "the S3 access key id" "risk" "without it the blob store cannot authenticate" "name" $s3.accessKeySecret.name "key" $s3.accessKeySecret.key) }}
{{- $out = append $out (dict "var" $vars.s3SecretKey "path" "bootstrap.blobStore.s3.secretKeySecret" "what" "the S3 secret key" "risk" "without it the blob store cannot authenticate" "name" $s3.secretKeySecret.name "key" $s3.secretKeySecret.key) }}
{{- end }}
{{- if and (eq $b.coordinator.type "Nats") $b.coordinator.nats.username }}
{{- $out = append $out (dict "var" $vars.nats "path" "bootstrap.coordinator.nats.passwordSecret" "what" "the NATS password" "risk" "without it the coordinator connects without credentials" "name" $b.coordinator.nats.passwordSecret.name "key" $b.coordinator.nats.passwordSecret.key) }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
The ObjectBucketClaim the S3 blob store reads, "" when none: its ConfigMap
(BUCKET_NAME, BUCKET_HOST, BUCKET_PORT, BUCKET_REGION) fills the plan's
slots at apply time (the Job's resolve-bucket container), its Secret gives
the keys to the Stalwart container. Nothing of the bucket is typed twice.
*/}}
{{- define "stalwart.bucketClaim" -}}
{{- $s3 := .Values.bootstrap.blobStore.s3 }}
{{- if $s3.enabled }}{{ $s3.fromBucketClaim }}{{ end }}
{{- end }}

{{/*
The plan's slot for each key of the claim's ConfigMap: written in the plan
ConfigMap, replaced by the key's value before stalwart-cli reads the plan.
Underscores never occur in a bucket or DNS name, so no literal matches.
*/}}
{{- define "stalwart.bucketClaimSlots" -}}
{{- toJson (dict "BUCKET_NAME" "__BUCKET_NAME__" "BUCKET_HOST" "__BUCKET_HOST__" "BUCKET_PORT" "__BUCKET_PORT__" "BUCKET_REGION" "__BUCKET_REGION__") }}
{{- end }}

{{/*
The mail listeners the chart knows, as [name, protocol, implicit TLS,
missing from a fresh database]. Each binds its containerPorts entry.
*/}}
{{- define "stalwart.mailListeners" -}}
{{- toJson (list
  (list "smtp" "smtp" false false)
  (list "submission" "smtp" false true)
  (list "submissions" "smtp" true false)
  (list "imap" "imap" false true)
  (list "imaps" "imap" true false)
  (list "pop3" "pop3" false true)
  (list "pop3s" "pop3" true false)
  (list "sieve" "manageSieve" false false)) }}
{{- end }}

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

{{/*
Paths below .path of plaintext secrets in .node (a `secret` key holding a
string, as in {"@type":"Value","secret":…}), comma separated.
*/}}
{{- define "stalwart.plainSecrets" -}}
{{- $path := .path }}
{{- if kindIs "map" .node }}
{{- range $key, $value := .node }}
{{- if and (eq $key "secret") (kindIs "string" $value) }}
{{- printf "%s.secret," $path }}
{{- else }}
{{- include "stalwart.plainSecrets" (dict "node" $value "path" (printf "%s.%s" $path $key)) }}
{{- end }}
{{- end }}
{{- else if kindIs "slice" .node }}
{{- range $i, $value := .node }}
{{- include "stalwart.plainSecrets" (dict "node" $value "path" (printf "%s[%d]" $path $i)) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The in-cluster URL of Stalwart's HTTP port, for the bootstrap Job.
*/}}
{{- define "stalwart.serviceUrl" -}}
{{- printf "http://%s.%s.svc:%d" (include "stalwart.fullname" .) .Release.Namespace (int .Values.service.ports.http) }}
{{- end }}

{{/*
Security context of a bootstrap Job container running as uid/gid `.`
(2000: the server image with bash and curl; 65532: the distroless CLI).
Nothing is added back: the Job never runs the stalwart binary.
*/}}
{{- define "stalwart.jobSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
The Job container that applies the plan with stalwart-cli: distroless, so
arguments only; a writable cache for the schema it downloads; the recovery
admin's credentials from its Secret.
*/}}
{{- define "stalwart.applyContainer" -}}
- name: apply
  image: {{ include "stalwart.cliImage" . | quote }}
  imagePullPolicy: {{ .Values.cli.image.pullPolicy }}
  args: ["apply", "--file", {{ ternary "/resolved/plan.ndjson" "/plan/plan.ndjson" (not (empty (include "stalwart.bucketClaim" .))) | quote }}]
  env:
    - name: STALWART_URL
      value: {{ include "stalwart.serviceUrl" . | quote }}
    - name: STALWART_USER
      valueFrom:
        secretKeyRef:
          name: {{ include "stalwart.adminSecretName" . }}
          key: username
    - name: STALWART_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ include "stalwart.adminSecretName" . }}
          key: password
    - name: XDG_CACHE_HOME
      value: /cache
    - name: NO_COLOR
      value: "1"
  securityContext:
    {{- include "stalwart.jobSecurityContext" 65532 | nindent 4 }}
  {{- with .Values.bootstrap.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    - name: plan
      mountPath: /plan
      readOnly: true
    - name: cache
      mountPath: /cache
    {{- if include "stalwart.bucketClaim" . }}
    - name: resolved
      mountPath: /resolved
      readOnly: true
    {{- end }}
{{- end }}

{{/*
Declarative mode: config.json, the recovery admin, the bootstrap Job and its plan.
Called, in this order, from stalwart.validate (_validate.tpl); the first refusal wins.
*/}}
{{- define "stalwart.validate.declarative" -}}
{{- $v := .Values }}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- $maxReplicas := include "stalwart.maxReplicas" . | int }}
{{- /* Declarative mode */}}
{{- $declarative := include "stalwart.declarative" . }}
{{- $b := $v.bootstrap }}
{{- $store := toString (get $v.config.dataStore "@type") }}
{{- if and $v.config.dataStore $v.config.existingSecret }}
{{- fail "config.existingSecret: is set together with config.dataStore, but config.json comes from one of them. Remove config.dataStore to mount the Secret, or config.existingSecret to let the chart render it." }}
{{- end }}
{{- if not $declarative }}
{{- $wizardOnly := dict "bootstrap.plan" $b.plan "bootstrap.hostname" $b.hostname "bootstrap.domain" $b.domain "bootstrap.metrics.enabled" $b.metrics.enabled "bootstrap.blobStore.s3.enabled" $b.blobStore.s3.enabled "bootstrap.inMemoryStore.redisUrl" $b.inMemoryStore.redisUrl "bootstrap.coordinator.type" $b.coordinator.type "bootstrap.listeners.proxyTrustedNetworks" $b.listeners.proxyTrustedNetworks "bootstrap.http.useXForwarded" $b.http.useXForwarded "admin.existingSecret" $v.admin.existingSecret }}
{{- range $key := keys $wizardOnly | sortAlpha }}
{{- if index $wizardOnly $key }}
{{- fail (printf "%s: only applies in declarative mode, but neither config.dataStore nor config.existingSecret is set, so the setup wizard configures Stalwart. Set config.dataStore (see README, Declarative mode) or remove %s." $key $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $path, $node := dict "config.dataStore" $v.config.dataStore "bootstrap.plan" $b.plan }}
{{- with include "stalwart.plainSecrets" (dict "node" $node "path" $path) | trimSuffix "," }}
{{- fail (printf "%s: is a plaintext secret, which `helm get values` shows to anyone who can read the release. Reference it instead: {\"@type\":\"EnvironmentVariable\",\"variableName\":\"…\"} with the variable from a Secret through env, or {\"@type\":\"File\",\"filePath\":\"…\"}." (splitList "," . | first)) }}
{{- end }}
{{- end }}
{{- if has $store (list "RocksDb" "Sqlite") }}
{{- $path := toString (get $v.config.dataStore "path") }}
{{- $clean := clean $path }}
{{- if not (or (eq $clean "/var/lib/stalwart") (hasPrefix "/var/lib/stalwart/" $clean)) }}
{{- fail (printf "config.dataStore.path: %s is outside /var/lib/stalwart, the data volume, so the %s files would live in the container's filesystem and be lost on every restart. Put it under /var/lib/stalwart/ (e.g. /var/lib/stalwart/db)." $path $store) }}
{{- end }}
{{- if not $v.persistence.data.enabled }}
{{- fail (printf "persistence.data.enabled: false puts /var/lib/stalwart on an emptyDir, so the %s store at %s is lost on every restart. Enable persistence.data, or use an external store (PostgreSql or MySql; FoundationDb needs image.foundationDb) in config.dataStore." $store $path) }}
{{- end }}
{{- if gt $maxReplicas 1 }}
{{- fail (printf "config.dataStore: %s is an embedded store that one pod owns, but %s runs more pods. Use PostgreSql or MySql (FoundationDb needs image.foundationDb; with an S3 blob store, Redis and a coordinator, see examples/multi-replica.yaml), or run a single replica." $store (ternary (printf "autoscaling.maxReplicas=%d" $maxReplicas) (printf "replicaCount=%d" $maxReplicas) $v.autoscaling.enabled)) }}
{{- end }}
{{- end }}
{{- if $declarative }}
{{- if and $v.persistence.config.enabled (eq $v.persistence.config.accessMode "ReadWriteMany") }}
{{- fail "persistence.config.accessMode: ReadWriteMany is left over from sharing a wizard-written config.json; in declarative mode config.json comes from a Secret and no config volume is created or mounted. Remove persistence.config.accessMode (or set persistence.config.enabled=false)." }}
{{- end }}
{{- range $e := $v.env }}
{{- if has $e.name (list "CONFIG_PATH" "STALWART_RECOVERY_ADMIN" "RECOVERY_ADMIN_USERNAME" "RECOVERY_ADMIN_PASSWORD") }}
{{- fail (printf "env: %s is set by the chart in declarative mode (config.json from its Secret, the recovery admin from admin.existingSecret or the generated Secret). Remove it from env." $e.name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $declarative $b.enabled }}
{{- if not (hasKey $ports "http") }}
{{- fail "service.ports.http: removed while the bootstrap Job (bootstrap.enabled) reaches Stalwart through it. Keep service.ports.http, or set bootstrap.enabled=false and apply the plan yourself." }}
{{- end }}
{{- if and $b.hostname (not $b.domain) }}
{{- fail "bootstrap.domain: is empty while bootstrap.hostname is set; SystemSettings needs both a default hostname and a default domain. Set bootstrap.domain (e.g. example.com) or clear bootstrap.hostname." }}
{{- end }}
{{- if and $b.domain (not $b.hostname) }}
{{- fail "bootstrap.hostname: is empty while bootstrap.domain is set; SystemSettings needs both a default hostname and a default domain. Set bootstrap.hostname (e.g. mail.example.com) or clear bootstrap.domain." }}
{{- end }}
{{- include "stalwart.validate.bucketClaim" . }}
{{- range $path, $url := dict "bootstrap.inMemoryStore.redisUrl" $b.inMemoryStore.redisUrl "bootstrap.coordinator.redisUrl" $b.coordinator.redisUrl }}
{{- if regexMatch "^rediss?://[^/@]*:[^/@]*@" $url }}
{{- fail (printf "%s: carries a password, which would sit in plain text in the release values and the plan ConfigMap (Stalwart's Redis store has no secret field). Use a Redis that only Stalwart can reach, without a password, or a RedisCluster/RedisSentinel store in bootstrap.plan with authSecret from an EnvironmentVariable." $path) }}
{{- end }}
{{- end }}
{{- if and (eq $b.coordinator.type "Default") (not $b.inMemoryStore.redisUrl) }}
{{- fail "bootstrap.coordinator.type: Default reuses the in-memory store, which must then be Redis. Set bootstrap.inMemoryStore.redisUrl, or choose Redis or Nats." }}
{{- end }}
{{- if and (eq $b.coordinator.type "Redis") (not $b.coordinator.redisUrl) }}
{{- fail "bootstrap.coordinator.redisUrl: is empty while bootstrap.coordinator.type is Redis. Set the Redis URL (redis://host:6379)." }}
{{- end }}
{{- if and (eq $b.coordinator.type "Nats") (not $b.coordinator.nats.addresses) }}
{{- fail "bootstrap.coordinator.nats.addresses: is empty while bootstrap.coordinator.type is Nats. List the NATS servers as host:port." }}
{{- end }}
{{- range $s := include "stalwart.shortcutSecrets" . | fromJsonArray }}
{{- $fromEnv := false }}
{{- range $e := $v.env }}
{{- if and (eq $e.name $s.var) (dig "valueFrom" "secretKeyRef" "name" "" $e) }}
{{- $fromEnv = true }}
{{- end }}
{{- end }}
{{- if and (not $fromEnv) (not (and $s.name $s.key)) }}
{{- fail (printf "%s: %s comes from env %s, which no Secret provides; %s. Set %s.name and %s.key, or add env %s with valueFrom.secretKeyRef." (ternary (printf "%s.key" $s.path) $s.path (not (empty $s.name))) $s.what $s.var $s.risk $s.path $s.path $s.var) }}
{{- end }}
{{- end }}
{{- $destroyed := dict }}
{{- range $op := $b.plan }}
{{- if eq (toString (get $op "@type")) "destroy" }}
{{- $_ := set $destroyed (toString (get $op "object") | lower | trimPrefix "x:") true }}
{{- end }}
{{- end }}
{{- range $i, $op := $b.plan }}
{{- $object := toString (get $op "object") }}
{{- $key := $object | lower | trimPrefix "x:" }}
{{- if and (eq (toString (get $op "@type")) "create") (ne $key "action") (not (hasKey $destroyed $key)) }}
{{- fail (printf "bootstrap.plan[%d]: creates %s, but the plan has no destroy of %s, so every upgrade would add another copy. Use upsert with matchOn, or add {\"@type\":\"destroy\",\"object\":\"%s\",\"value\":{…filter…}} for what this plan owns." $i $object $object $object) }}
{{- end }}
{{- end }}
{{- if gt $maxReplicas 1 }}
{{- $coordinated := ne $b.coordinator.type "" }}
{{- range $op := $b.plan }}
{{- $body := get $op "value" }}
{{- if and (eq (toString (get $op "object") | lower | trimPrefix "x:") "coordinator") (eq (toString (get $op "@type")) "update") (kindIs "map" $body) }}
{{- if not (has (toString (get $body "@type")) (list "" "Disabled")) }}
{{- $coordinated = true }}
{{- end }}
{{- end }}
{{- end }}
{{- if not $coordinated }}
{{- fail (printf "bootstrap.coordinator.type: %s runs more than one pod, but the plan sets no coordinator (Redis or NATS), so the pods would not share cache invalidation, push notifications or cluster tasks. Set bootstrap.coordinator.type (Default with bootstrap.inMemoryStore.redisUrl, Redis or Nats) or update Coordinator in bootstrap.plan." (ternary (printf "autoscaling.maxReplicas=%d" $maxReplicas) (printf "replicaCount=%d" $maxReplicas) $v.autoscaling.enabled)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

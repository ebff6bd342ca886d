{{/*
The operator's path (issue 20): configurations that rendered something
harmful without a word. Each refusal names the value path and a fix that
renders; the opt-outs are under acceptRisks (README "Accepted risks").
Included once from stalwart.validate, right after the migrations.
*/}}
{{- define "stalwart.validate.operator" -}}
{{- $v := .Values }}
{{- $declarative := include "stalwart.declarative" . }}
{{- $maxReplicas := include "stalwart.maxReplicas" . | int }}
{{- $risks := $v.acceptRisks | default dict }}
{{- /* Host names, in words rather than the schema's regular expression */}}
{{- range $i, $h := $v.gateway.hostnames }}
{{- $h = toString $h }}
{{- if not (regexMatch "^(\\*\\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$" $h) }}
{{- $bare := regexReplaceAll "[:/].*$" (regexReplaceAll "^[A-Za-z]+://" $h "") "" | trimSuffix "." | lower }}
{{- $why := "it may hold only lowercase letters, digits, \"-\" and \".\", each label starting and ending with a letter or digit" }}
{{- if contains "://" $h }}{{ $why = "it carries a scheme" }}
{{- else if contains "/" $h }}{{ $why = "it carries a path" }}
{{- else if contains ":" $h }}{{ $why = "it carries a port" }}
{{- else if hasSuffix "." $h }}{{ $why = "it ends with a dot" }}
{{- else if ne $h (lower $h) }}{{ $why = "it has uppercase letters (DNS names are matched in lowercase)" }}
{{- end }}
{{- fail (printf "gateway.hostnames[%d]: %q is not a host name: %s. Write the bare DNS name in lowercase, optionally starting with \"*.\" for a wildcard, without scheme, port, path or trailing dot, e.g. gateway.hostnames[%d]=%s." $i $h $why $i ($bare | default "mail.example.com")) }}
{{- end }}
{{- end }}
{{- /* Wizard mode runs one pod: each pod would have its own temporary admin and wizard. */}}
{{- if not $declarative }}
{{- if $v.autoscaling.enabled }}
{{- fail "autoscaling.enabled: true in wizard mode (neither config.dataStore nor config.existingSecret is set): every pod would start its own setup wizard with its own temporary admin, the Service would spread the wizard's requests across them, and afterwards the pods would open one embedded store. Set autoscaling.enabled=false; to scale, use declarative mode with external stores (README \"Scaling\", examples/multi-replica.yaml)." }}
{{- end }}
{{- if gt ($v.replicaCount | int) 1 }}
{{- fail (printf "replicaCount: %d pods in wizard mode (neither config.dataStore nor config.existingSecret is set): every pod would start its own setup wizard with its own temporary admin, the Service would spread the wizard's requests across them, and afterwards the pods would open one embedded store. Set replicaCount=1; to scale, use declarative mode with external stores (README \"Scaling\", examples/multi-replica.yaml)." ($v.replicaCount | int)) }}
{{- end }}
{{- if and (not $v.persistence.config.enabled) (not $risks.ephemeralConfig) }}
{{- fail "persistence.config.enabled: false in wizard mode puts config.json, which the setup wizard writes, on an emptyDir: it is lost on every restart and the wizard starts again. Set persistence.config.enabled=true, or use declarative mode (config.dataStore), or accept the loss for a throwaway install with acceptRisks.ephemeralConfig=true." }}
{{- end }}
{{- end }}
{{- /* Sizes: a Kubernetes quantity without a unit is bytes */}}
{{- range $name := list "config" "data" }}
{{- $size := toString (index $v.persistence $name).size }}
{{- if regexMatch "^[+]?[0-9.]+$" $size }}
{{- fail (printf "persistence.%s.size: %q has no unit, so Kubernetes reads it as %s bytes. Write the unit, e.g. persistence.%s.size=%sGi." $name $size $size $name $size) }}
{{- end }}
{{- end }}
{{- /* Container ports: Stalwart binds the listeners a fresh database creates at fixed ports */}}
{{- range $name, $port := include "stalwart.defaultBinds" . | fromJson }}
{{- $set := index $v.containerPorts $name }}
{{- if and (not (kindIs "invalid" $set)) (ne (int $set) (int $port)) }}
{{- fail (printf "containerPorts.%s: %v, but Stalwart's %s listener binds port %d (a fresh database creates it there), so the Service would target a port nothing listens on and %s would be dead. Set containerPorts.%s=%d; to publish another number, change service.ports.%s (the Service maps it to %d)." $name $set $name (int $port) $name $name (int $port) $name (int $port)) }}
{{- end }}
{{- end }}
{{- /* STALWART_PUBLIC_URL behind the Gateway: https on the Gateway's port */}}
{{- if $v.gateway.enabled }}
{{- range $e := $v.env }}
{{- if and (eq $e.name "STALWART_PUBLIC_URL") (hasKey $e "value") }}
{{- $url := urlParse (toString $e.value) }}
{{- $host := $url.hostname | default (first $v.gateway.hostnames) }}
{{- if ne $url.scheme "https" }}
{{- fail (printf "env: STALWART_PUBLIC_URL=%s is not https, but the Gateway serves the web UI and JMAP over TLS; JMAP session URLs, OAuth redirects and discovery would send clients to plain HTTP. Use https://%s, or remove the variable (the chart derives it from gateway.hostnames)." $e.value $host) }}
{{- end }}
{{- $port := trimPrefix (printf "%s:" $url.hostname) $url.host | trimPrefix (printf "[%s]:" $url.hostname) }}
{{- if and (ne $url.host $url.hostname) (ne $port "443") }}
{{- fail (printf "env: STALWART_PUBLIC_URL=%s names port %s, but clients arrive at the Gateway's HTTPS listener (443); JMAP session URLs, OAuth redirects and discovery would point past it. Use https://%s, or remove the variable (the chart derives it from gateway.hostnames)." $e.value $port $host) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- /* NOTES-only warnings, now refusals with an opt-out */}}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- if not $risks.plainHttpOutside }}
{{- if and (ne $v.service.type "ClusterIP") (hasKey $ports "http") }}
{{- fail (printf "service.type: %s publishes the http port outside the cluster: the admin UI, JMAP and DAV, passwords included, travel as plain HTTP. Set service.type=ClusterIP and publish the mail ports with externalService.enabled=true (the Gateway serves the web over TLS), or accept it with acceptRisks.plainHttpOutside=true." $v.service.type) }}
{{- end }}
{{- if and $v.externalService.enabled (has "http" (include "stalwart.externalPorts" . | fromJsonArray)) }}
{{- fail "externalService.ports: lists http, which publishes the admin UI, JMAP and DAV, passwords included, as plain HTTP outside the cluster. Remove http from externalService.ports (the Gateway serves the web over TLS), or accept it with acceptRisks.plainHttpOutside=true." }}
{{- end }}
{{- end }}
{{- if not $risks.plainEnvValues }}
{{- range $i, $e := $v.env }}
{{- if and (hasKey $e "value") (regexMatch (include "stalwart.credentialEnvPattern" $) (toString $e.name)) (not (empty $e.value)) }}
{{- fail (printf "env[%d]: %s looks like a credential but is set as a plain value, readable in the Deployment and in `helm get values`. Move it into a Secret and use valueFrom.secretKeyRef (or envFrom), or, if it is not a secret, accept it with acceptRisks.plainEnvValues=true." $i $e.name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if $declarative }}
{{- include "stalwart.validate.planSafety" . }}
{{- end }}
{{- end }}

{{/*
The listeners a fresh database creates, name -> port (Stalwart
crates/common/src/manager/defaults.rs, v0.16.18, lines 466-472).
*/}}
{{- define "stalwart.defaultBinds" -}}
{{- toJson (dict "smtp" 25 "submissions" 465 "imaps" 993 "pop3s" 995 "sieve" 4190 "https" 443 "http" 8080) }}
{{- end }}

{{/*
What config.json and bootstrap.plan must not carry, and what they need from
the pod: reconcile on the objects the chart manages, the value of a
secret-format field, a URL with a password in its user-info, a DataStore
without its required fields, and EnvironmentVariable references nothing
provides.
*/}}
{{- define "stalwart.validate.planSafety" -}}
{{- $v := .Values }}
{{- $facts := include "stalwart.schemaFacts" . | fromJson }}
{{- /* reconcile deletes what its value does not list */}}
{{- $managed := list "networklistener" "domain" "certificate" "tracer" "datastore" "blobstore" "inmemorystore" "lookupstore" "searchstore" "store" "account" "mailinglist" }}
{{- range $i, $op := $v.bootstrap.plan }}
{{- $object := toString (get $op "object") }}
{{- if and (eq (toString (get $op "@type")) "reconcile") (or (has ($object | lower | trimPrefix "x:") $managed) (hasSuffix "store" ($object | lower))) }}
{{- fail (printf "bootstrap.plan[%d]: reconcile of %s deletes every %s its value does not list: the chart's own (listeners the probes and Services use, the default domain, the mail certificate, the console tracer, the stores, bootstrap.directory's accounts and lists, the tls-reload account) and the ones added in the admin UI. Use {\"@type\":\"upsert\",\"object\":\"%s\",\"matchOn\":[…],…}, which never deletes, and destroy what this plan owns explicitly." $i $object $object $object) }}
{{- end }}
{{- end }}
{{- /* Secret-format fields, credential URLs and variable references */}}
{{- $vars := list }}
{{- range $path, $node := dict "config.dataStore" $v.config.dataStore "bootstrap.plan" $v.bootstrap.plan }}
{{- range $line := include "stalwart.planFindings" (dict "node" $node "path" $path "secret" $facts.secretFields "wrapper" "") | splitList "\n" | compact }}
{{- $f := splitList "|" $line }}
{{- if eq (index $f 0) "secret" }}
{{- fail (printf "%s: is a plaintext secret: Stalwart's schema gives this field the format secret, so its value is the secret itself and cannot be a reference; in values it would show in `helm get values` and the plan ConfigMap. Remove it from values and set it once with stalwart-cli or the admin UI (secrets that take a reference, such as authSecret, use {\"@type\":\"EnvironmentVariable\",\"variableName\":\"…\"}); an account's password goes in bootstrap.directory.accounts[].passwordSecret (README \"Accounts as code\")." (index $f 1)) }}
{{- else if eq (index $f 0) "url" }}
{{- fail (printf "%s: the URL carries a password in its user-info (user:password@), which would sit in plain text in the release values and in %s. Remove the password from the URL and give it through the object's secret field, e.g. authSecret {\"@type\":\"EnvironmentVariable\",\"variableName\":\"…\"} with the variable from a Secret through env." (index $f 1) (ternary "config.json" "the plan ConfigMap" (hasPrefix "config." (index $f 1)))) }}
{{- else if eq (index $f 0) "env" }}
{{- $vars = append $vars (list (index $f 1) (index $f 2)) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* config.json: the fields Stalwart requires */}}
{{- $store := toString (get $v.config.dataStore "@type") }}
{{- range $field := index $facts.requiredFields $store | default list }}
{{- if empty (get $v.config.dataStore $field) }}
{{- fail (printf "config.dataStore.%s: is required by Stalwart's %s store (it refuses an empty %s at start, and the pod crash-loops). Set config.dataStore.%s%s." $field $store $field $field (ternary " (e.g. the CloudNativePG read-write Service, stalwart-db-rw)" " (e.g. /var/lib/stalwart/db)" (eq $field "host"))) }}
{{- end }}
{{- end }}
{{- /* Variables the server reads must reach the pod */}}
{{- $provided := dict }}
{{- range $e := $v.env }}{{ $_ := set $provided (toString $e.name) true }}{{ end }}
{{- range $s := include "stalwart.shortcutSecrets" . | fromJsonArray }}
{{- if and $s.name $s.key }}{{ $_ := set $provided $s.var true }}{{ end }}
{{- end }}
{{- if not $v.envFrom }}
{{- range $ref := $vars }}
{{- if not (hasKey $provided (index $ref 1)) }}
{{- fail (printf "%s: names the environment variable %s, which neither env, envFrom nor the chart provides, so Stalwart %s. Add env {name: %s, valueFrom: {secretKeyRef: {name: …, key: …}}}, or envFrom with a Secret that has the key %s." (index $ref 0) (index $ref 1) (ternary "cannot open its data store and the pod crash-loops" "reads an empty secret" (hasPrefix "config." (index $ref 0))) (index $ref 1) (index $ref 1)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Lines "secret|path", "url|path" and "env|path|VARIABLE" for .node below
.path: a secret-format field holding a string (except `secret` inside a
Value/Text wrapper, which the older plaintext guard names), a string URL with
a password in its user-info, an EnvironmentVariable reference.
*/}}
{{- define "stalwart.planFindings" -}}
{{- $ctx := . }}
{{- if kindIs "map" .node }}
{{- $type := toString (get .node "@type") }}
{{- if and (eq $type "EnvironmentVariable") (get .node "variableName") }}
{{- printf "env|%s|%s\n" .path (toString (get .node "variableName")) }}
{{- end }}
{{- range $key, $value := .node }}
{{- $at := printf "%s.%s" $ctx.path $key }}
{{- if and (has $key $ctx.secret) (kindIs "string" $value) (not (and (eq $key "secret") (has $type (list "Value" "Text")))) }}
{{- printf "secret|%s\n" $at }}
{{- else }}
{{- include "stalwart.planFindings" (dict "node" $value "path" $at "secret" $ctx.secret) }}
{{- end }}
{{- end }}
{{- else if kindIs "slice" .node }}
{{- range $i, $value := .node }}
{{- include "stalwart.planFindings" (dict "node" $value "path" (printf "%s[%d]" $ctx.path $i) "secret" $ctx.secret) }}
{{- end }}
{{- else if and (kindIs "string" .node) (regexMatch "^[A-Za-z][A-Za-z0-9+.-]*://[^/@?#\\s]*:[^/@?#\\s]*@" .node) }}
{{- printf "url|%s\n" .path }}
{{- end }}
{{- end }}

{{/*
Names of env entries that look like credentials (NOTES and the guard above).
*/}}
{{- define "stalwart.credentialEnvPattern" -}}
(?i)(pass|secret|token|key|credential|auth|recovery_admin)
{{- end }}

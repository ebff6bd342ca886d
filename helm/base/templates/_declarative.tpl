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
(2000: the server image with bash and curl; 65532: the distroless CLI, and
fill-secrets, whose 0600 plan only the CLI may read).
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
  args: ["apply", "--file", {{ include "stalwart.appliedPlanFile" . | quote }}]
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
    {{- if include "stalwart.planSecrets" . | fromJsonArray }}
    - name: filled
      mountPath: /filled
      readOnly: true
    {{- else if include "stalwart.bucketClaim" . }}
    - name: resolved
      mountPath: /resolved
      readOnly: true
    {{- end }}
{{- end }}

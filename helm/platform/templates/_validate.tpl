{{/*
Every cross-field rule the values schema cannot express. Each message starts
with the value path and says how to fix it. Included once, from validate.yaml.
*/}}
{{- define "stalwart-platform.validate" -}}
{{- include "stalwart-platform.migrations" . }}
{{- include "stalwart-platform.validate.formats" . }}
{{- include "stalwart-platform.validate.coordinator" . }}
{{- include "stalwart-platform.validate.gitops" . }}
{{- include "stalwart-platform.validate.buckets" . }}
{{- include "stalwart-platform.validate.monitoring" . }}
{{- include "stalwart-platform.validate.images" . }}
{{- include "stalwart-platform.validate.pooler" . }}
{{- include "stalwart-platform.validate.backup" . }}
{{- $v := .Values }}
{{- /* Operator APIs: an enabled component whose API the cluster does not
serve fails the whole render, so a release is never half-installed. */}}
{{- if not $v.skipApiCheck }}
{{- range $c := include "stalwart-platform.components" . | fromJsonArray }}
{{- if and $c.enabled (not ($.Capabilities.APIVersions.Has (printf "%s/%s" $c.api $c.kind))) }}
{{- fail (printf "%s: needs the %s API (%s %s), which this cluster does not serve. Install %s first, or set skipApiCheck=true for an offline render (helm template, GitOps) where the cluster is not asked." $c.path $c.api $c.api $c.kind $c.operator) }}
{{- end }}
{{- end }}
{{- end }}
{{- include "stalwart-platform.validate.gateway" . }}
{{- /* PostgreSQL */}}
{{- $pg := $v.postgresql }}
{{- range $part := list "podMonitor" "backup" "pooler" }}
{{- if and (index $pg $part).enabled (not $pg.enabled) }}
{{- fail (printf "postgresql.%s.enabled: there is no database to attach it to while postgresql.enabled is false. Enable postgresql or disable postgresql.%s." $part $part) }}
{{- end }}
{{- end }}
{{- if and $pg.enabled $pg.pooler.enabled (eq $pg.pooler.poolMode "transaction") }}
{{- $mps := toString (get ($pg.pooler.parameters | default dict) "max_prepared_statements" | default "0") }}
{{- if not (and (regexMatch "^[0-9]+$" $mps) (gt (atoi $mps) 0)) }}
{{- fail (printf "postgresql.pooler.parameters.max_prepared_statements: transaction pooling needs PgBouncer to track prepared statements, and it is %q. Stalwart prepares and caches named statements on each pooled PostgreSQL connection (tokio-postgres prepare_cached) and reuses them in later transactions, which PgBouncer may run on another server connection. Set postgresql.pooler.parameters.max_prepared_statements to \"200\" (PgBouncer 1.21 or later), or set postgresql.pooler.poolMode to session." $mps) }}
{{- end }}
{{- end }}
{{- /* Secrets */}}
{{- $es := $v.externalSecrets }}
{{- if and $es.enabled $v.secret.existingSecret }}
{{- fail (printf "secret.existingSecret: %q is set while externalSecrets.enabled is true; two writers for one Secret. Use the ExternalSecret (unset secret.existingSecret) or your own Secret (externalSecrets.enabled=false)." $v.secret.existingSecret) }}
{{- end }}
{{- if and $es.enabled (not $es.secretStoreRef.name) }}
{{- fail (printf "externalSecrets.secretStoreRef.name: required: the %s the ExternalSecret reads from, e.g. --set externalSecrets.secretStoreRef.name=vault." $es.secretStoreRef.kind) }}
{{- end }}
{{- range $key, $_ := $es.remoteRefs }}
{{- if not (has $key $v.secret.keys) }}
{{- fail (printf "externalSecrets.remoteRefs.%s: the key is not in secret.keys, so nothing maps it. Add it to secret.keys or remove the override." $key) }}
{{- end }}
{{- end }}
{{- if and $pg.enabled (has "STALWART_DB_PASSWORD" $v.secret.keys) }}
{{- fail (printf "secret.keys: STALWART_DB_PASSWORD is for an external PostgreSQL, but postgresql.enabled is true and CloudNativePG generates the password in Secret %s-app (key password). Remove it from secret.keys and read that Secret with env[].valueFrom.secretKeyRef in the base release." (include "stalwart-platform.postgresql.clusterName" .)) }}
{{- end }}
{{- include "stalwart-platform.validate.adoption" . }}
{{- /* Object storage */}}
{{- if and $v.objectBucket.enabled (not $v.objectBucket.storageClassName) }}
{{- fail "objectBucket.storageClassName: required: the bucket StorageClass of your provisioner (kubectl get storageclass; e.g. rook-ceph-bucket)." }}
{{- end }}
{{- /* Certificate */}}
{{- $cert := $v.certificate }}
{{- if $cert.enabled }}
{{- if not $cert.issuerRef.name }}
{{- fail (printf "certificate.issuerRef.name: required: the %s that signs the certificate, e.g. --set certificate.issuerRef.name=letsencrypt." $cert.issuerRef.kind) }}
{{- end }}
{{- if not $cert.dnsNames }}
{{- fail "certificate.dnsNames: required: every hostname mail clients and servers connect to (SMTP, IMAP, POP3 and web names), e.g. --set certificate.dnsNames[0]=mail.example.com." }}
{{- end }}
{{- $sizes := dict "ECDSA" (list 256 384) "RSA" (list 2048 3072 4096) }}
{{- if not (has ($cert.privateKey.size | int) (index $sizes $cert.privateKey.algorithm)) }}
{{- fail (printf "certificate.privateKey.size: %v does not fit algorithm %s; use %s." $cert.privateKey.size $cert.privateKey.algorithm (join " or " (index $sizes $cert.privateKey.algorithm))) }}
{{- end }}
{{- $duration := include "stalwart-platform.seconds" $cert.duration | int }}
{{- $renew := include "stalwart-platform.seconds" $cert.renewBefore | int }}
{{- if lt $duration 3600 }}
{{- fail (printf "certificate.duration: %s is shorter than the 1h cert-manager accepts." $cert.duration) }}
{{- end }}
{{- if lt $renew 300 }}
{{- fail (printf "certificate.renewBefore: %s is shorter than the 5m cert-manager accepts." $cert.renewBefore) }}
{{- end }}
{{- if ge $renew $duration }}
{{- fail (printf "certificate.renewBefore: %s is not shorter than certificate.duration (%s), and cert-manager's webhook rejects such a Certificate (spec.renewBefore must be less than spec.duration), so none would be issued. Lower renewBefore (a third of the duration is usual) or raise duration." $cert.renewBefore $cert.duration) }}
{{- end }}
{{- end }}
{{- /* Extra labels: valid keys that never replace the chart's own labels
(which identify and select its objects) nor an alert's own severity. */}}
{{- $own := "^(app\\.kubernetes\\.io|helm\\.sh)/" }}
{{- range $check := list
  (dict "path" "serviceMonitor.labels" "keys" (keys $v.serviceMonitor.labels) "reserved" $own "owner" "one of this chart's own labels (app.kubernetes.io/*, helm.sh/*)")
  (dict "path" "prometheusRule.labels" "keys" (keys $v.prometheusRule.labels) "reserved" $own "owner" "one of this chart's own labels (app.kubernetes.io/*, helm.sh/*)")
  (dict "path" "prometheusRule.additionalAlertLabels" "keys" (keys $v.prometheusRule.additionalAlertLabels) "reserved" "^(severity|alertname)$" "owner" "set by each alert itself")
  (dict "path" "dashboard.label" "keys" (list $v.dashboard.label) "reserved" $own "owner" "one of this chart's own labels (app.kubernetes.io/*, helm.sh/*)") }}
{{- range $key := $check.keys | sortAlpha }}
{{- if not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" $key) }}
{{- fail (printf "%s: %q is not a label key: an optional DNS-name prefix and \"/\", then at most 63 letters, digits, \"-\", \"_\" or \".\", beginning and ending with a letter or digit." $check.path $key) }}
{{- end }}
{{- if regexMatch $check.reserved $key }}
{{- fail (printf "%s: %q is %s; use another key." $check.path $key $check.owner) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* Prometheus refuses a scrape timeout longer than the scrape interval. */}}
{{- with $v.serviceMonitor }}
{{- if and .enabled .interval .scrapeTimeout }}
{{- $interval := include "stalwart-platform.milliseconds" .interval | atoi }}
{{- $timeout := include "stalwart-platform.milliseconds" .scrapeTimeout | atoi }}
{{- if gt $timeout $interval }}
{{- fail (printf "serviceMonitor.scrapeTimeout: %s is longer than serviceMonitor.interval (%s), which Prometheus refuses. Shorten scrapeTimeout or lengthen interval." .scrapeTimeout .interval) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Seconds in a duration written as hours, minutes and seconds ("2160h", "1h30m",
"90s"; the schema admits only that form).
*/}}
{{- define "stalwart-platform.seconds" -}}
{{- $total := 0 }}
{{- range $unit, $factor := dict "h" 3600 "m" 60 "s" 1 }}
{{- $part := regexFind (printf "[0-9]+%s" $unit) $ }}
{{- if $part }}{{ $total = add $total (mul (trimSuffix $unit $part | atoi) $factor) }}{{ end }}
{{- end }}
{{- $total }}
{{- end }}

{{/*
A Prometheus duration ("1m30s", "500ms"; the schema checks the syntax) in
milliseconds, for comparing two of them.
*/}}
{{- define "stalwart-platform.milliseconds" -}}
{{- $unit := dict "y" 31536000000 "w" 604800000 "d" 86400000 "h" 3600000 "m" 60000 "s" 1000 "ms" 1 }}
{{- $total := 0 }}
{{- range $part := regexFindAll "[0-9]+(ms|[ywdhms])" . -1 }}
{{- $n := regexFind "^[0-9]+" $part }}
{{- $total = add $total (mul (atoi $n) (get $unit (trimPrefix $n $part))) }}
{{- end }}
{{- $total }}
{{- end }}

{{/*
The components and the operator API each needs, as a JSON list.
*/}}
{{- define "stalwart-platform.components" -}}
{{- include "stalwart-platform.migrations" . }}
{{- $v := .Values }}
{{- toJson (list
  (dict "path" "postgresql.enabled" "enabled" $v.postgresql.enabled "api" "postgresql.cnpg.io/v1" "kind" "Cluster" "operator" "the CloudNativePG operator (cloudnative-pg.io)")
  (dict "path" "postgresql.backup.method" "enabled" (and $v.postgresql.enabled $v.postgresql.backup.enabled (eq $v.postgresql.backup.method "plugin")) "api" "barmancloud.cnpg.io/v1" "kind" "ObjectStore" "operator" "the Barman Cloud plugin (plugin-barman-cloud v0.15+)")
  (dict "path" "postgresql.podMonitor.enabled" "enabled" (and $v.postgresql.enabled $v.postgresql.podMonitor.enabled) "api" "monitoring.coreos.com/v1" "kind" "PodMonitor" "operator" "prometheus-operator (e.g. kube-prometheus-stack)")
  (dict "path" "externalSecrets.enabled" "enabled" $v.externalSecrets.enabled "api" "external-secrets.io/v1" "kind" "ExternalSecret" "operator" "External Secrets Operator v0.17+ (external-secrets.io)")
  (dict "path" "externalSecrets.adminSecret.enabled" "enabled" $v.externalSecrets.adminSecret.enabled "api" "external-secrets.io/v1" "kind" "ExternalSecret" "operator" "External Secrets Operator v0.17+ (external-secrets.io)")
  (dict "path" "objectBucket.enabled" "enabled" $v.objectBucket.enabled "api" "objectbucket.io/v1alpha1" "kind" "ObjectBucketClaim" "operator" "a bucket provisioner (Rook-Ceph or NooBaa)")
  (dict "path" "certificate.enabled" "enabled" $v.certificate.enabled "api" "cert-manager.io/v1" "kind" "Certificate" "operator" "cert-manager (cert-manager.io)")
  (dict "path" "gateway.enabled" "enabled" $v.gateway.enabled "api" "gateway.networking.k8s.io/v1" "kind" "Gateway" "operator" "the Gateway API CRDs (gateway.networking.k8s.io, standard channel) and an implementation serving your gateway.className")
  (dict "path" "serviceMonitor.enabled" "enabled" $v.serviceMonitor.enabled "api" "monitoring.coreos.com/v1" "kind" "ServiceMonitor" "operator" "prometheus-operator (e.g. kube-prometheus-stack)")
  (dict "path" "prometheusRule.enabled" "enabled" $v.prometheusRule.enabled "api" "monitoring.coreos.com/v1" "kind" "PrometheusRule" "operator" "prometheus-operator (e.g. kube-prometheus-stack)")
) }}
{{- end }}

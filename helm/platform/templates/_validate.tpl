{{/*
Every cross-field rule the values schema cannot express. Each message starts
with the value path and says how to fix it. Included once, from validate.yaml.
*/}}
{{- define "stalwart-platform.validate" -}}
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
{{- $v := .Values }}
{{- toJson (list
  (dict "path" "postgresql.enabled" "enabled" $v.postgresql.enabled "api" "postgresql.cnpg.io/v1" "kind" "Cluster" "operator" "the CloudNativePG operator (cloudnative-pg.io)")
  (dict "path" "externalSecrets.enabled" "enabled" $v.externalSecrets.enabled "api" "external-secrets.io/v1" "kind" "ExternalSecret" "operator" "External Secrets Operator v0.17+ (external-secrets.io)")
  (dict "path" "objectBucket.enabled" "enabled" $v.objectBucket.enabled "api" "objectbucket.io/v1alpha1" "kind" "ObjectBucketClaim" "operator" "a bucket provisioner (Rook-Ceph or NooBaa)")
  (dict "path" "certificate.enabled" "enabled" $v.certificate.enabled "api" "cert-manager.io/v1" "kind" "Certificate" "operator" "cert-manager (cert-manager.io)")
  (dict "path" "serviceMonitor.enabled" "enabled" $v.serviceMonitor.enabled "api" "monitoring.coreos.com/v1" "kind" "ServiceMonitor" "operator" "prometheus-operator (e.g. kube-prometheus-stack)")
  (dict "path" "prometheusRule.enabled" "enabled" $v.prometheusRule.enabled "api" "monitoring.coreos.com/v1" "kind" "PrometheusRule" "operator" "prometheus-operator (e.g. kube-prometheus-stack)")
) }}
{{- end }}

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

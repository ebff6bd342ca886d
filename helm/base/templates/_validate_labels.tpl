{{/*
Labels the chart sets itself, which gateway.labels, podLabels and commonLabels must not override.
Called, in this order, from stalwart.validate (_validate.tpl); the first refusal wins.
*/}}
{{- define "stalwart.validate.labels" -}}
{{- $v := .Values }}
{{- /* Labels */}}
{{- range $key := list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" "app.kubernetes.io/part-of" "helm.sh/chart" }}
{{- if hasKey $v.gateway.labels $key }}
{{- fail (printf "gateway.labels.%s: is set by the chart on every object. Remove it from gateway.labels." $key) }}
{{- end }}
{{- end }}
{{- range $key := list "app.kubernetes.io/name" "app.kubernetes.io/instance" }}
{{- if hasKey $v.podLabels $key }}
{{- fail (printf "podLabels.%s: is a selector label set by the chart; overriding it would detach the pod from its Deployment and Service. Remove it (use nameOverride to change the name)." $key) }}
{{- end }}
{{- end }}
{{- end }}

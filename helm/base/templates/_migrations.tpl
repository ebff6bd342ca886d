{{/*
Values that were renamed or removed (the chart's migrations.yaml, a list of
{from, to, since, note}). Setting one fails with its path and the key that
replaces it. Self-contained and chart-agnostic: reads only .Values and
.Files; included first by the chart's validate helper.
*/}}
{{- define "stalwart.migrations" -}}
{{- $moved := (.Files.Get "migrations.yaml" | fromYaml).moved | default list }}
{{- range $m := $moved }}
{{- $node := $.Values }}
{{- $set := true }}
{{- range $part := splitList "." $m.from }}
{{- if and $set (kindIs "map" $node) (hasKey $node $part) }}
{{- $node = index $node $part }}
{{- else }}
{{- $set = false }}
{{- end }}
{{- end }}
{{- if $set }}
{{- if $m.to }}
{{- fail (printf "%s: was renamed to %s in chart version %s. Set %s instead and remove %s from your values.%s" $m.from $m.to $m.since $m.to $m.from (ternary (printf " %s" $m.note) "" (not (empty $m.note)))) }}
{{- else }}
{{- fail (printf "%s: was removed in chart version %s. %s Remove it from your values." $m.from $m.since $m.note) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The NATS coordinator: names derived from the base fullname (so the base
release's bootstrap.coordinator.nats.addresses reads "<base fullname>-nats:4222"),
its ports (the one source: the Services, the StatefulSet and nats.conf read
them here), and the selector labels of its pods.
*/}}
{{- define "stalwart-platform.coordinator.name" -}}
{{- printf "%s-nats" (include "stalwart-platform.prefix" .) }}
{{- end }}

{{- define "stalwart-platform.coordinator.headlessName" -}}
{{- printf "%s-nats-headless" (include "stalwart-platform.prefix" .) }}
{{- end }}

{{- define "stalwart-platform.coordinator.ports" -}}
{{- toJson (dict "client" 4222 "cluster" 6222 "monitor" 8222) }}
{{- end }}

{{- define "stalwart-platform.coordinator.selectorLabels" -}}
{{ include "stalwart-platform.selectorLabels" . }}
app.kubernetes.io/component: coordinator
{{- end }}

{{/*
A NetworkPolicyPeer selecting the base release's Stalwart pods.
*/}}
{{- define "stalwart-platform.networkPolicy.stalwartPeer" -}}
- podSelector:
    matchLabels:
      {{- include "stalwart-platform.baseSelectorLabels" . | nindent 6 }}
{{- end }}

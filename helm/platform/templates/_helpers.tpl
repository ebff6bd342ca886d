{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "stalwart-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of this release's object names: the base release's object name, so
the database, Secret and certificate read as parts of the mail server
("stalwart-db", "stalwart-tls").
*/}}
{{- define "stalwart-platform.fullname" -}}
{{- include "stalwart-platform.baseFullname" . }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "stalwart-platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Recommended labels on every object.
*/}}
{{- define "stalwart-platform.labels" -}}
helm.sh/chart: {{ include "stalwart-platform.chart" . | quote }}
{{ include "stalwart-platform.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stalwart
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels of this release's own objects: name and instance only.
*/}}
{{- define "stalwart-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stalwart-platform.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}

{{/*
The base release this platform serves, derived once from base.release (and
base.fullnameOverride / base.nameOverride when the base release sets them),
exactly as helm/base derives its own names. Everything the platform selects
or references in the base release comes from these three helpers.
*/}}
{{- define "stalwart-platform.baseName" -}}
{{- default "stalwart" .Values.base.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "stalwart-platform.baseFullname" -}}
{{- if .Values.base.fullnameOverride }}
{{- .Values.base.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default "stalwart" .Values.base.nameOverride }}
{{- if contains $name .Values.base.release }}
{{- .Values.base.release | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Values.base.release $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The base release's selector labels (its Deployment, Service and pods).
*/}}
{{- define "stalwart-platform.baseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "stalwart-platform.baseName" . | quote }}
app.kubernetes.io/instance: {{ .Values.base.release | quote }}
{{- end }}

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

{{/*
Names of the objects this chart renders or has operators generate, each
derived from the base fullname. The prefix is cut to 45 characters so every
suffix (CloudNativePG adds "-rw", "-app", "-pooler-rw" …) stays within 63.
*/}}
{{- define "stalwart-platform.prefix" -}}
{{- include "stalwart-platform.baseFullname" . | trunc 45 | trimSuffix "-" }}
{{- end }}

{{/*
The CloudNativePG Cluster; CloudNativePG derives <name>-rw (Service) and
<name>-app (Secret) from it.
*/}}
{{- define "stalwart-platform.postgresql.clusterName" -}}
{{- if .Values.postgresql.recovery.enabled }}{{ .Values.postgresql.recovery.clusterName }}{{ else }}{{ include "stalwart-platform.postgresql.sourceServerName" . }}{{ end }}
{{- end }}

{{/*
The Cluster whose backups postgresql.recovery restores: by default the name
this chart gives its Cluster without recovery.
*/}}
{{- define "stalwart-platform.postgresql.sourceServerName" -}}
{{- .Values.postgresql.recovery.sourceServerName | default (printf "%s-db" (include "stalwart-platform.prefix" .)) }}
{{- end }}

{{/*
The PgBouncer Pooler, and the Service CloudNativePG creates under the same name.
*/}}
{{- define "stalwart-platform.postgresql.poolerName" -}}
{{- printf "%s-pooler-rw" (include "stalwart-platform.postgresql.clusterName" .) }}
{{- end }}

{{/*
The Secret with the key contract's keys: the one the base chart reads
through envFrom (its fullname unless secret.name or secret.existingSecret
says otherwise).
*/}}
{{- define "stalwart-platform.secretName" -}}
{{- .Values.secret.existingSecret | default .Values.secret.name | default (include "stalwart-platform.baseFullname" .) }}
{{- end }}

{{/*
The base release's recovery-admin Secret (keys username, password) that
externalSecrets.adminSecret writes; the base reads it as admin.existingSecret.
*/}}
{{- define "stalwart-platform.adminSecretName" -}}
{{- .Values.externalSecrets.adminSecret.name | default (printf "%s-recovery-admin" (include "stalwart-platform.baseFullname" .)) }}
{{- end }}

{{/*
The ObjectBucketClaim; the provisioner names its ConfigMap and Secret after it.
*/}}
{{- define "stalwart-platform.objectBucket.claimName" -}}
{{- printf "%s-blobs" (include "stalwart-platform.prefix" .) }}
{{- end }}

{{/*
The bucket name objectBucket.fixedBucketName asks for: namespace and base
fullname, so two installs never ask for the same one by copying values.
Cut to the 63 characters of an S3 bucket name.
*/}}
{{- define "stalwart-platform.objectBucket.fixedBucketName" -}}
{{- printf "%s-%s" .Release.Namespace (include "stalwart-platform.objectBucket.claimName" .) | trunc 63 | trimSuffix "-" | trimSuffix "." }}
{{- end }}

{{/*
The Secret cert-manager writes for the mail certificate, which the base chart
mounts for mail TLS.
*/}}
{{- define "stalwart-platform.certificate.secretName" -}}
{{- .Values.certificate.secretName | default (printf "%s-tls" (include "stalwart-platform.baseFullname" .)) }}
{{- end }}

{{/*
The parent Gateway of the base release's HTTPRoute (gateway.enabled): the
base's gateway.parentRefs[].name; its HTTPS listener is gateway.listenerName.
*/}}
{{- define "stalwart-platform.gateway.name" -}}
{{- printf "%s-gateway" (include "stalwart-platform.prefix" .) }}
{{- end }}

{{/*
Labels of one component's objects: the chart's labels plus its component.
*/}}
{{- define "stalwart-platform.componentLabels" -}}
{{ include "stalwart-platform.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

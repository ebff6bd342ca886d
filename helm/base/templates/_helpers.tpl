{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "stalwart.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name of the release's objects. A release named like the chart
("stalwart") yields objects named "stalwart", so `svc/stalwart` and
`deploy/stalwart` work verbatim.
*/}}
{{- define "stalwart.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "stalwart.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Recommended labels on every object, with commonLabels; the chart's own keys
win (and _validate.tpl refuses commonLabels that would collide with them).
*/}}
{{- define "stalwart.labels" -}}
{{- include "stalwart.labelsWith" (dict "context" . "extra" (dict)) }}
{{- end }}

{{/*
The recommended labels plus `extra` (a dict that wins over commonLabels),
for objects with labels of their own (the HTTPRoute's gateway.labels).
*/}}
{{- define "stalwart.labelsWith" -}}
{{- $ctx := .context }}
{{- $own := include "stalwart.podTemplateLabels" $ctx | fromYaml }}
{{- $_ := set $own "helm.sh/chart" (include "stalwart.chart" $ctx) }}
{{- toYaml (merge $own .extra ($ctx.Values.commonLabels | default dict)) }}
{{- end }}

{{/*
The chart's own labels of the pod template: no helm.sh/chart, so a chart
version bump alone never changes the pod template or restarts Stalwart.
*/}}
{{- define "stalwart.podTemplateLabels" -}}
{{ include "stalwart.selectorLabels" . }}
app.kubernetes.io/version: {{ include "stalwart.versionLabel" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stalwart
{{- end }}

{{/*
Labels of the Deployment's pods: the chart's pod template labels over
podLabels over commonLabels.
*/}}
{{- define "stalwart.podLabels" -}}
{{- $own := include "stalwart.podTemplateLabels" . | fromYaml }}
{{- toYaml (merge $own (.Values.podLabels | default dict) (.Values.commonLabels | default dict)) }}
{{- end }}

{{/*
Selector labels: name and instance only, because selectors are immutable.
*/}}
{{- define "stalwart.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stalwart.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}

{{/*
Labels of `helm test` pods. Their name label differs from the selector's, so a
running test pod never matches the Service or the PodDisruptionBudget: the name
is cut to 58 characters first, so "-test" survives even a 63-character name.
*/}}
{{- define "stalwart.testLabels" -}}
{{- $labels := include "stalwart.labels" . | fromYaml }}
{{- $_ := set $labels "app.kubernetes.io/name" (printf "%s-test" (include "stalwart.name" . | trunc 58 | trimSuffix "-")) }}
{{- $_ = set $labels "app.kubernetes.io/component" "test" }}
{{- toYaml $labels }}
{{- end }}

{{/*
Name of the Service that publishes the mail ports outside the cluster.
*/}}
{{- define "stalwart.externalServiceName" -}}
{{- printf "%s-external" (include "stalwart.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{/*
Name of the ServiceAccount the pod runs as.
*/}}
{{- define "stalwart.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stalwart.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image tag: the value, or the chart's appVersion.
*/}}
{{- define "stalwart.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/*
The image tag as a label value: at most 63 characters, alphanumeric at both ends.
*/}}
{{- define "stalwart.versionLabel" -}}
{{- include "stalwart.imageTag" . | trunc 63 | trimAll "-_." }}
{{- end }}

{{/*
repository:tag, or repository:tag@digest when pinned, of an image block
(repository, tag, digest).
*/}}
{{- define "stalwart.imageRef" -}}
{{- $ref := printf "%s:%s" .repository .tag }}
{{- if .digest }}
{{- $ref = printf "%s@%s" $ref .digest }}
{{- end }}
{{- $ref }}
{{- end }}

{{/*
Stalwart's image reference (its tag defaults to the chart's appVersion).
*/}}
{{- define "stalwart.image" -}}
{{- include "stalwart.imageRef" (dict "repository" .Values.image.repository "tag" (include "stalwart.imageTag" .) "digest" .Values.image.digest) }}
{{- end }}

{{/*
Published Service ports as a dict name -> port, null entries dropped.
*/}}
{{- define "stalwart.servicePorts" -}}
{{- $ports := dict }}
{{- range $name, $port := .Values.service.ports }}
{{- if not (kindIs "invalid" $port) }}
{{- $_ := set $ports $name $port }}
{{- end }}
{{- end }}
{{- toJson $ports }}
{{- end }}

{{/*
"true" in declarative mode (config.dataStore or config.existingSecret set),
"" in wizard mode.
*/}}
{{- define "stalwart.declarative" -}}
{{- if or .Values.config.dataStore .Values.config.existingSecret }}true{{ end }}
{{- end }}

{{/*
Names of the persistence volumes backed by a claim, comma separated: the
config volume only in wizard mode (declarative mode mounts config.json
from a Secret into an emptyDir).
*/}}
{{- define "stalwart.volumeClaims" -}}
{{- $names := list }}
{{- if and .Values.persistence.config.enabled (not (include "stalwart.declarative" .)) }}
{{- $names = append $names "config" }}
{{- end }}
{{- if .Values.persistence.data.enabled }}
{{- $names = append $names "data" }}
{{- end }}
{{- join "," $names }}
{{- end }}

{{/*
Names of the declarative-mode objects.
*/}}
{{- define "stalwart.configSecretName" -}}
{{- .Values.config.existingSecret | default (printf "%s-config" (include "stalwart.fullname" .)) }}
{{- end }}
{{/*
The generated recovery admin's password (admin.existingSecret empty,
declarative mode): the one an earlier install stored (lookup), else 32
random alphanumerics, which never start with $, _ or {, which Stalwart would
take for a hash. Drawn once per render, so the
Secret and the pod's checksum/admin annotation see the same password: it is
kept on the root context, which every template of one render shares.
`helm template` has no cluster: it draws a new one on every run.
*/}}
{{- define "stalwart.adminPassword" -}}
{{- if not (hasKey $ "stalwartAdminPassword") }}
{{- $password := "" }}
{{- with lookup "v1" "Secret" .Release.Namespace (include "stalwart.adminSecretName" .) }}
{{- $password = dig "data" "password" "" . | b64dec }}
{{- end }}
{{- $_ := set $ "stalwartAdminPassword" ($password | default (randAlphaNum 32)) }}
{{- end }}
{{- get $ "stalwartAdminPassword" }}
{{- end }}

{{- define "stalwart.adminSecretName" -}}
{{- .Values.admin.existingSecret | default (printf "%s-admin" (include "stalwart.fullname" .)) }}
{{- end }}
{{- define "stalwart.bootstrapName" -}}
{{- printf "%s-bootstrap" (include "stalwart.fullname" . | trunc 53 | trimSuffix "-") }}
{{- end }}

{{/*
Labels of the bootstrap Job's pod. Like the test pod's, their name label
differs from the selector's, so the Service never sends mail to it.
*/}}
{{- define "stalwart.bootstrapLabels" -}}
helm.sh/chart: {{ include "stalwart.chart" . | quote }}
app.kubernetes.io/name: {{ printf "%s-bootstrap" (include "stalwart.name" . | trunc 53 | trimSuffix "-") | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/version: {{ include "stalwart.versionLabel" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stalwart
app.kubernetes.io/component: bootstrap
{{- end }}

{{/*
stalwart-cli image reference: repository:tag, or repository:tag@digest.
*/}}
{{- define "stalwart.cliImage" -}}
{{- include "stalwart.imageRef" .Values.cli.image }}
{{- end }}

{{/*
Names of the enabled volumes that are ReadWriteOnce (or ReadWriteOncePod),
comma separated; empty when none.
*/}}
{{- define "stalwart.rwoVolumes" -}}
{{- $rwo := list }}
{{- range $name := include "stalwart.volumeClaims" $ | splitList "," | compact }}
{{- $p := index $.Values.persistence $name }}
{{- if has $p.accessMode (list "ReadWriteOnce" "ReadWriteOncePod") }}
{{- $rwo = append $rwo $name }}
{{- end }}
{{- end }}
{{- join "," $rwo }}
{{- end }}

{{/*
Smallest and largest replica counts the Deployment can run with.
*/}}
{{- define "stalwart.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas | int }}{{ else }}{{ .Values.replicaCount | int }}{{ end }}
{{- end }}
{{- define "stalwart.maxReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.maxReplicas | int }}{{ else }}{{ .Values.replicaCount | int }}{{ end }}
{{- end }}

{{/*
Pods a PDB bound (an integer or "N%") resolves to for `replicas` pods; the
disruption controller rounds percentages up.
*/}}
{{- define "stalwart.scaledBound" -}}
{{- $v := toString .value }}
{{- if hasSuffix "%" $v }}
{{- $pct := trimSuffix "%" $v | int }}
{{- div (add (mul $pct .replicas) 99) 100 }}
{{- else }}
{{- $v | int }}
{{- end }}
{{- end }}

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
Recommended labels on every object.
*/}}
{{- define "stalwart.labels" -}}
helm.sh/chart: {{ include "stalwart.chart" . | quote }}
{{ include "stalwart.selectorLabels" . }}
app.kubernetes.io/version: {{ include "stalwart.versionLabel" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stalwart
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
helm.sh/chart: {{ include "stalwart.chart" . | quote }}
app.kubernetes.io/name: {{ printf "%s-test" (include "stalwart.name" . | trunc 58 | trimSuffix "-") | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/version: {{ include "stalwart.versionLabel" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stalwart
app.kubernetes.io/component: test
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
Full image reference: repository:tag, or repository:tag@digest when pinned.
*/}}
{{- define "stalwart.image" -}}
{{- $ref := printf "%s:%s" .Values.image.repository (include "stalwart.imageTag" .) }}
{{- if .Values.image.digest }}
{{- $ref = printf "%s@%s" $ref .Values.image.digest }}
{{- end }}
{{- $ref }}
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
Names of the enabled volumes that are ReadWriteOnce (or ReadWriteOncePod),
comma separated; empty when none.
*/}}
{{- define "stalwart.rwoVolumes" -}}
{{- $rwo := list }}
{{- range $name := list "config" "data" }}
{{- $p := index $.Values.persistence $name }}
{{- if and $p.enabled (has $p.accessMode (list "ReadWriteOnce" "ReadWriteOncePod")) }}
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

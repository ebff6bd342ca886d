{{/*
Scheduled VolumeSnapshots of the data claim (backup.snapshots; README "Backup
and restore"): the names, labels and VolumeSnapshot body the CronJob, its
RBAC objects and its ConfigMap share.
*/}}

{{/*
"true" when the chart renders the snapshot schedule (the guards in
_validate_snapshot.tpl refuse the values where it would be wrong).
*/}}
{{- define "stalwart.snapshots" -}}
{{- if .Values.backup.snapshots.enabled }}true{{ end }}
{{- end }}

{{/*
Name of the CronJob, its ServiceAccount, Role, RoleBinding and ConfigMap: at
most 52 characters, the CronJob limit (its Jobs append 11).
*/}}
{{- define "stalwart.snapshotName" -}}
{{- printf "%s-snapshot" (include "stalwart.fullname" . | trunc 43 | trimSuffix "-") }}
{{- end }}

{{/*
The data claim the snapshots are of: persistence.data.existingClaim, or the
claim the chart makes (pvc.yaml).
*/}}
{{- define "stalwart.dataClaim" -}}
{{- .Values.persistence.data.existingClaim | default (printf "%s-data" (include "stalwart.fullname" .)) }}
{{- end }}

{{/*
Snapshot names are <prefix>-YYYYMMDD-HHMMSS (UTC): sorting them sorts them
in time. The prefix is the chart's claim name, also with existingClaim.
*/}}
{{- define "stalwart.snapshotPrefix" -}}
{{- printf "%s-data" (include "stalwart.fullname" .) }}
{{- end }}

{{/*
Labels of every VolumeSnapshot the schedule makes: the release's instance
labels and the component. The CronJob lists and deletes only snapshots that
carry all of them.
*/}}
{{- define "stalwart.snapshotLabels" -}}
{{ include "stalwart.selectorLabels" . }}
app.kubernetes.io/component: snapshot
{{- end }}

{{/*
Labels of the CronJob's pod: like the bootstrap Job's, their name label
differs from the Service's selector and from the NetworkPolicy's pods.
*/}}
{{- define "stalwart.snapshotPodLabels" -}}
helm.sh/chart: {{ include "stalwart.chart" . | quote }}
app.kubernetes.io/name: {{ printf "%s-snapshot" (include "stalwart.name" . | trunc 54 | trimSuffix "-") | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stalwart
app.kubernetes.io/component: snapshot
{{- end }}

{{/*
The label selector (key=value,…) the CronJob lists its snapshots with.
*/}}
{{- define "stalwart.snapshotSelector" -}}
{{- $pairs := list }}
{{- range $k, $v := include "stalwart.snapshotLabels" . | fromYaml }}
{{- $pairs = append $pairs (printf "%s=%s" $k $v) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}

{{/*
The VolumeSnapshot the CronJob POSTs, as JSON, with __NAME__ for the
timestamped name its script writes in. Rendered into the ConfigMap, so the
suite validates it against the external-snapshotter CRD.
*/}}
{{- define "stalwart.volumeSnapshotJson" -}}
{{- $s := .Values.backup.snapshots }}
{{- $meta := dict "name" "__NAME__" "namespace" .Release.Namespace "labels" (include "stalwart.snapshotLabels" . | fromYaml) }}
{{- $spec := dict "volumeSnapshotClassName" $s.volumeSnapshotClassName "source" (dict "persistentVolumeClaimName" (include "stalwart.dataClaim" .)) }}
{{- dict "apiVersion" "snapshot.storage.k8s.io/v1" "kind" "VolumeSnapshot" "metadata" $meta "spec" $spec | toJson }}
{{- end }}

{{/*
Name of the snapshot CronJob's admission policy and binding: cluster-scoped,
so the namespace is part of it.
*/}}
{{- define "stalwart.snapshotPolicyName" -}}
{{- printf "%s-%s" .Release.Namespace (include "stalwart.snapshotName" .) | trunc 253 | trimSuffix "-" }}
{{- end }}

{{/*
"true" when the snapshot admission policy renders: the schedule is on,
backup.snapshots.admissionPolicy is true and the cluster serves
admissionregistration.k8s.io/v1 (Kubernetes 1.30+).
*/}}
{{- define "stalwart.snapshotPolicy" -}}
{{- if and (include "stalwart.snapshots" .) .Values.backup.snapshots.admissionPolicy (.Capabilities.APIVersions.Has "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy") }}true{{ end }}
{{- end }}

{{/*
A CEL test that `obj` (object or oldObject) carries every label of the
schedule's snapshots.
*/}}
{{- define "stalwart.snapshotLabelsCel" -}}
{{- $obj := .obj }}
{{- $tests := list (printf "has(%s.metadata.labels)" $obj) }}
{{- range $k, $v := include "stalwart.snapshotLabels" .context | fromYaml }}
{{- $tests = append $tests (printf "'%s' in %s.metadata.labels && %s.metadata.labels['%s'] == '%s'" $k $obj $obj $k $v) }}
{{- end }}
{{- join " && " $tests }}
{{- end }}

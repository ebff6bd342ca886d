{{/*
Cluster roles (README "Cluster roles"). Stalwart reads STALWART_ROLE as the
name of a ClusterRole object in its registry, whose `tasks` select the
background tasks the node runs (upstream crates/store/src/registry/local.rs:49-51,
registry/bootstrap.rs:34-48, common/src/config/network.rs:340-362), and
STALWART_PUSH_SHARD as a 1-based shard number (local.rs:52-55).
*/}}

{{/*
Stalwart's task types (ClusterTaskType, registry/src/schema/enums.rs:240-252).
*/}}
{{- define "stalwart.roles.allTasks" -}}
{{- toJson (list "storeMaintenance" "accountMaintenance" "metricsCalculate" "metricsPush" "pushNotifications" "searchIndexing" "spamClassifierTraining" "outboundMta" "taskQueueProcessing" "taskScheduler") }}
{{- end }}

{{/*
The tasks a role name runs, as a JSON list: every task for "" (no
STALWART_ROLE) or an unknown name (the guard refuses those).
*/}}
{{- define "stalwart.roles.tasksOf" -}}
{{- $all := include "stalwart.roles.allTasks" .root | fromJsonArray }}
{{- $out := $all }}
{{- range $r := .root.Values.cluster.roles }}
{{- if eq $r.name $.role }}
{{- if .enableTasks }}
{{- $out = .enableTasks }}
{{- else if .disableTasks }}
{{- $out = list }}
{{- range $all }}{{ if not (has . $r.disableTasks) }}{{ $out = append $out . }}{{ end }}{{ end }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
Whether roles are in use: a role of the scaled set, a role set or a role.
*/}}
{{- define "stalwart.roles.inUse" -}}
{{- with .Values.cluster }}{{ if or .role .roleSets .roles }}true{{ end }}{{ end }}
{{- end }}

{{/*
The pod sets as a JSON list of {path, role, min, max}: the scaled set, then
each role set.
*/}}
{{- define "stalwart.roles.podSets" -}}
{{- $v := .Values }}
{{- $min := ternary $v.autoscaling.minReplicas $v.replicaCount $v.autoscaling.enabled }}
{{- $max := ternary $v.autoscaling.maxReplicas $v.replicaCount $v.autoscaling.enabled }}
{{- $out := list (dict "path" "cluster.role" "role" $v.cluster.role "min" $min "max" $max) }}
{{- range $i, $s := $v.cluster.roleSets }}
{{- $n := ternary $s.replicas 1 (hasKey $s "replicas") }}
{{- $out = append $out (dict "path" (printf "cluster.roleSets[%d].role" $i) "role" $s.role "min" $n "max" $n) }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
STALWART_ROLE and STALWART_PUSH_SHARD env entries for {role, pushShard}; "" when neither is set.
*/}}
{{- define "stalwart.roles.env" -}}
{{- if .role }}
- name: STALWART_ROLE
  value: {{ .role | quote }}
{{- end }}
{{- if .pushShard }}
- name: STALWART_PUSH_SHARD
  value: {{ .pushShard | toString | quote }}
{{- end }}
{{- end }}

{{/*
The plan's ClusterRole upserts, matched on name: every listener stays on.
*/}}
{{- define "stalwart.roles.planOps" -}}
{{- $ops := list }}
{{- range .Values.cluster.roles }}
{{- $tasks := dict "@type" "EnableAll" }}
{{- if .enableTasks }}
{{- $tasks = dict "@type" "EnableSome" "taskTypes" (dict) }}
{{- range .enableTasks }}{{ $_ := set $tasks.taskTypes . true }}{{ end }}
{{- else if .disableTasks }}
{{- $tasks = dict "@type" "DisableSome" "taskTypes" (dict) }}
{{- range .disableTasks }}{{ $_ := set $tasks.taskTypes . true }}{{ end }}
{{- end }}
{{- $role := dict "name" .name "tasks" $tasks "listeners" (dict "@type" "EnableAll") }}
{{- with .description }}{{ $_ := set $role "description" . }}{{ end }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "ClusterRole" "matchOn" (list "name") "value" (dict (printf "role-%s" .name) $role)) }}
{{- end }}
{{- toJson $ops }}
{{- end }}

{{/*
Labels of a role set's pods: the chart's pod labels with the name
"<name>-<set>", so neither the scaled set's selector, its Service, PDB and
HPA, nor another set's, selects them.
*/}}
{{- define "stalwart.roles.setSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-%s" (include "stalwart.name" .root | trunc 42 | trimSuffix "-") .set | quote }}
app.kubernetes.io/instance: {{ .root.Release.Name | quote }}
{{- end }}

{{/*
The names of every Stalwart server pod set (scaled set and role sets), for
the NetworkPolicy's pod selector.
*/}}
{{- define "stalwart.roles.serverNames" -}}
{{- $out := list (include "stalwart.name" .) }}
{{- range .Values.cluster.roleSets }}
{{- $out = append $out (get (include "stalwart.roles.setSelectorLabels" (dict "root" $ "set" .name) | fromYaml) "app.kubernetes.io/name") }}
{{- end }}
{{- toJson $out }}
{{- end }}

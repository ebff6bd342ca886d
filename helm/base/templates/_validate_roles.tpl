{{/*
Cluster roles (README "Cluster roles"): every role named exists in
cluster.roles (Stalwart refuses a STALWART_ROLE missing from its registry,
registry/bootstrap.rs:34-48), no task is left on no pod, and no
single-node task runs on more than one pod.
*/}}
{{- define "stalwart.validate.roles" -}}
{{- $c := .Values.cluster }}
{{- if include "stalwart.roles.inUse" . }}
{{- $names := list }}
{{- range $i, $r := $c.roles }}
{{- if has $r.name $names }}
{{- fail (printf "cluster.roles[%d].name: %q is defined twice; give each role its own name." $i $r.name) }}
{{- end }}
{{- $names = append $names $r.name }}
{{- if and $r.enableTasks $r.disableTasks }}
{{- fail (printf "cluster.roles[%d]: role %q sets both enableTasks and disableTasks; a ClusterRole's tasks are one of EnableSome or DisableSome. Keep one list." $i $r.name) }}
{{- end }}
{{- end }}
{{- if and $c.roles (not (include "stalwart.declarative" .)) }}
{{- fail "cluster.roles: the roles are created by the bootstrap plan, which runs only in declarative mode. Set config.dataStore (README \"Declarative mode\"), or create the ClusterRole objects in Stalwart's web admin and leave cluster.roles empty." }}
{{- end }}
{{- $sets := list }}
{{- range $i, $s := $c.roleSets }}
{{- if has $s.name $sets }}
{{- fail (printf "cluster.roleSets[%d].name: %q is used twice; each role set is a Deployment named after it." $i $s.name) }}
{{- end }}
{{- $sets = append $sets $s.name }}
{{- end }}
{{- $podSets := include "stalwart.roles.podSets" . | fromJsonArray }}
{{- range $podSets }}
{{- if and .role (not (has .role $names)) }}
{{- fail (printf "%s: %q is not a role of cluster.roles (%s), and Stalwart refuses a STALWART_ROLE its registry does not hold. Add {name: %s, …} to cluster.roles, or use one of its names." .path .role (ternary "none defined" (join ", " $names) (empty $names)) .role) }}
{{- end }}
{{- end }}
{{- $root := . }}
{{- $count := dict }}
{{- range $task := include "stalwart.roles.allTasks" . | fromJsonArray }}
{{- $min := 0 }}
{{- $max := 0 }}
{{- $where := list }}
{{- range $podSets }}
{{- if has $task (include "stalwart.roles.tasksOf" (dict "root" $root "role" .role) | fromJsonArray) }}
{{- $min = add $min .min }}
{{- $max = add $max .max }}
{{- $where = append $where (printf "%s=%s (%d pod(s))" .path (.role | default "\"\"") (int .max)) }}
{{- end }}
{{- end }}
{{- $_ := set $count $task (dict "min" $min "max" $max "where" $where) }}
{{- end }}
{{- /* A task on no pod first: fixing it can make a single-node task's count, never the reverse. */}}
{{- range $task := include "stalwart.roles.allTasks" . | fromJsonArray }}
{{- if eq (int (get $count $task).min) 0 }}
{{- if has $task $c.singleNodeTasks }}
{{- fail (printf "cluster.roles: no pod runs the task %s (at the minimum replica counts), so Stalwart would never run it. It must run on one pod: add a role {name: single-node, enableTasks: [%s]} to cluster.roles and a role set {name: single-node, replicas: 1, role: single-node} to cluster.roleSets." $task $task) }}
{{- else }}
{{- fail (printf "cluster.roles: no pod runs the task %s (at the minimum replica counts), so Stalwart would never run it. Drop it from the scaled set's disableTasks (or add it to its enableTasks)." $task) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $task := $c.singleNodeTasks }}
{{- $n := get $count $task }}
{{- if gt (int $n.max) 1 }}
{{- fail (printf "cluster.singleNodeTasks: %s must run on one pod, but up to %d pods run it (%s). Run it only in a role set with replicas: 1 (enableTasks: [%s]) and add it to the disableTasks of every other role." $task (int $n.max) (join ", " $n.where) $task) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

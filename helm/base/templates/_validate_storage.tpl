{{/*
Replicas and ReadWriteOnce volumes, the rollout strategy and the PodDisruptionBudget.
Called, in this order, from stalwart.validate (_validate.tpl); the first refusal wins.
*/}}
{{- define "stalwart.validate.storage" -}}
{{- $v := .Values }}
{{- $maxReplicas := include "stalwart.maxReplicas" . | int }}
{{- $minReplicas := include "stalwart.minReplicas" . | int }}
{{- $rwo := include "stalwart.rwoVolumes" . }}
{{- /* Replicas and ReadWriteOnce volumes */}}
{{- if and (gt $maxReplicas 1) $rwo }}
{{- $source := ternary (printf "autoscaling.maxReplicas=%d" $maxReplicas) (printf "replicaCount=%d" $maxReplicas) $v.autoscaling.enabled }}
{{- range $name := splitList "," $rwo }}
{{- $fix := ternary "Set persistence.config.accessMode=ReadWriteMany (config.json must persist and be shared by every pod), or run a single replica." "Set persistence.data.accessMode=ReadWriteMany, or persistence.data.enabled=false with Stalwart's data and blob stores external (PostgreSQL/FoundationDB + S3), or run a single replica." (eq $name "config") }}
{{- fail (printf "persistence.%s.accessMode: %s runs more than one pod, but the %s volume is %s and can be mounted by one pod only. %s" $name $source $name (index $v.persistence $name).accessMode $fix) }}
{{- end }}
{{- end }}
{{- if and $v.autoscaling.enabled (gt ($v.autoscaling.minReplicas | int) ($v.autoscaling.maxReplicas | int)) }}
{{- fail (printf "autoscaling.minReplicas: %d is greater than autoscaling.maxReplicas (%d). Lower minReplicas or raise maxReplicas." ($v.autoscaling.minReplicas | int) ($v.autoscaling.maxReplicas | int)) }}
{{- end }}
{{- /* Strategy */}}
{{- if and (eq (toString (dig "type" "" $v.strategy)) "RollingUpdate") $rwo }}
{{- fail (printf "strategy.type: RollingUpdate starts the new pod before the old one stops, and it can never mount a ReadWriteOnce volume (%s): the rollout deadlocks. Leave strategy empty (the chart picks Recreate) or make the volumes ReadWriteMany." (splitList "," $rwo | join ", ")) }}
{{- end }}
{{- /* PodDisruptionBudget */}}
{{- if $v.podDisruptionBudget.enabled }}
{{- $pdb := $v.podDisruptionBudget }}
{{- $hasMin := not (kindIs "invalid" $pdb.minAvailable) }}
{{- $hasMax := not (kindIs "invalid" $pdb.maxUnavailable) }}
{{- if and $hasMin $hasMax }}
{{- fail "podDisruptionBudget: minAvailable and maxUnavailable are both set; a PodDisruptionBudget takes one. Set the other to null (e.g. --set podDisruptionBudget.minAvailable=null)." }}
{{- end }}
{{- if not (or $hasMin $hasMax) }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable (one of them)." }}
{{- end }}
{{- if $hasMin }}
{{- $need := include "stalwart.scaledBound" (dict "value" $pdb.minAvailable "replicas" $minReplicas) | int }}
{{- if ge $need $minReplicas }}
{{- fail (printf "podDisruptionBudget.minAvailable: %v keeps all of the %d replica(s) up, so no node can ever be drained. Run more replicas (replicaCount or autoscaling.minReplicas) than minAvailable, lower it, or disable the PDB." $pdb.minAvailable $minReplicas) }}
{{- end }}
{{- end }}
{{- if $hasMax }}
{{- $allowed := include "stalwart.scaledBound" (dict "value" $pdb.maxUnavailable "replicas" $minReplicas) | int }}
{{- if lt $allowed 1 }}
{{- fail (printf "podDisruptionBudget.maxUnavailable: %v allows no pod to be evicted, so no node can ever be drained. Set it to at least 1." $pdb.maxUnavailable) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

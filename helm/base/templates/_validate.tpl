{{/*
Every cross-field rule the values schema cannot express. Each message starts
with the value path and says how to fix it. Included once, from validate.yaml,
so a refusal reads `templates/validate.yaml`, not the Deployment.
*/}}
{{- define "stalwart.validate" -}}
{{- /* Renamed or removed values first: their message names the new key. */}}
{{- include "stalwart.migrations" . }}
{{- $v := .Values }}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- $maxReplicas := include "stalwart.maxReplicas" . | int }}
{{- $minReplicas := include "stalwart.minReplicas" . | int }}
{{- $rwo := include "stalwart.rwoVolumes" . }}
{{- /* Replicas and ReadWriteOnce volumes */}}
{{- if and (gt $maxReplicas 1) $rwo }}
{{- $source := ternary (printf "autoscaling.maxReplicas=%d" $maxReplicas) (printf "replicaCount=%d" $maxReplicas) $v.autoscaling.enabled }}
{{- range $name := splitList "," $rwo }}
{{- fail (printf "persistence.%s.accessMode: %s runs more than one pod, but the %s volume is %s and can be mounted by one pod only. Set persistence.%s.accessMode=ReadWriteMany, or persistence.%s.enabled=false with Stalwart's state in external stores (PostgreSQL/FoundationDB + S3), or run a single replica." $name $source $name (index $v.persistence $name).accessMode $name $name) }}
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
{{- /* Service */}}
{{- if not $ports }}
{{- fail "service.ports: every port was removed; the Service needs at least one. Keep service.ports.http (the admin UI) at least." }}
{{- end }}
{{- range $name, $port := $ports }}
{{- if not (hasKey $v.containerPorts $name) }}
{{- fail (printf "service.ports.%s: the container has no port named %q to target. Add containerPorts.%s or remove the Service port." $name $name $name) }}
{{- end }}
{{- end }}
{{- $numbers := dict }}
{{- range $name, $port := $ports }}
{{- $key := toString (int $port) }}
{{- if hasKey $numbers $key }}
{{- fail (printf "service.ports.%s: port %s is already published as service.ports.%s; every Service port needs its own number. Change one of them." $name $key (get $numbers $key)) }}
{{- end }}
{{- $_ := set $numbers $key $name }}
{{- end }}
{{- $nodeNumbers := dict }}
{{- range $name, $nodePort := $v.service.nodePorts }}
{{- $key := toString (int $nodePort) }}
{{- if hasKey $nodeNumbers $key }}
{{- fail (printf "service.nodePorts.%s: nodePort %s is already used by service.nodePorts.%s; every nodePort must be unique. Change one of them." $name $key (get $nodeNumbers $key)) }}
{{- end }}
{{- $_ := set $nodeNumbers $key $name }}
{{- end }}
{{- range $name, $nodePort := $v.service.nodePorts }}
{{- if eq $v.service.type "ClusterIP" }}
{{- fail (printf "service.nodePorts.%s: nodePorts need service.type NodePort or LoadBalancer, not ClusterIP. Set service.type or remove service.nodePorts." $name) }}
{{- end }}
{{- if not (hasKey $ports $name) }}
{{- fail (printf "service.nodePorts.%s: the Service does not publish a port named %q. Add service.ports.%s or remove the nodePort." $name $name $name) }}
{{- end }}
{{- end }}
{{- if and $v.service.externalTrafficPolicy (eq $v.service.type "ClusterIP") }}
{{- fail "service.externalTrafficPolicy: only applies to service.type LoadBalancer or NodePort. Set service.type or leave externalTrafficPolicy empty." }}
{{- end }}
{{- if ne $v.service.type "LoadBalancer" }}
{{- range $key := list "loadBalancerIP" "loadBalancerSourceRanges" "loadBalancerClass" }}
{{- if index $v.service $key }}
{{- fail (printf "service.%s: only applies to service.type LoadBalancer (it is %s). Set service.type=LoadBalancer or remove service.%s." $key $v.service.type $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* Gateway */}}
{{- if $v.gateway.enabled }}
{{- if not $v.gateway.hostnames }}
{{- fail "gateway.hostnames: the HTTPRoute needs at least one hostname, or it would capture every host on a shared Gateway. Set one, e.g. --set gateway.hostnames[0]=mail.example.com, or gateway.enabled=false." }}
{{- end }}
{{- if not (hasKey $ports "http") }}
{{- fail "service.ports.http: removed while gateway.enabled is true, so the HTTPRoute would have no backend. Keep service.ports.http or set gateway.enabled=false." }}
{{- end }}
{{- end }}
{{- /* Labels */}}
{{- range $key := list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" "app.kubernetes.io/part-of" "helm.sh/chart" }}
{{- if hasKey $v.gateway.labels $key }}
{{- fail (printf "gateway.labels.%s: is set by the chart on every object. Remove it from gateway.labels." $key) }}
{{- end }}
{{- end }}
{{- range $key := list "app.kubernetes.io/name" "app.kubernetes.io/instance" }}
{{- if hasKey $v.podLabels $key }}
{{- fail (printf "podLabels.%s: is a selector label set by the chart; overriding it would detach the pod from its Deployment and Service. Remove it (use nameOverride to change the name)." $key) }}
{{- end }}
{{- end }}
{{- end }}

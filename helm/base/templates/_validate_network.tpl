{{/*
The Service, its IP families and the external Service that puts the mail ports outside.
Called, in this order, from stalwart.validate (_validate.tpl); the first refusal wins.
*/}}
{{- define "stalwart.validate.network" -}}
{{- $v := .Values }}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
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
{{- fail (printf "service.nodePorts.%s: nodePorts need service.type NodePort or LoadBalancer, not ClusterIP. For the mail ports use externalService.nodePorts with externalService.enabled=true (the admin UI stays inside), or remove service.nodePorts." $name) }}
{{- end }}
{{- if not (hasKey $ports $name) }}
{{- fail (printf "service.nodePorts.%s: the Service does not publish a port named %q. Add service.ports.%s or remove the nodePort." $name $name $name) }}
{{- end }}
{{- end }}
{{- if and $v.service.externalTrafficPolicy (eq $v.service.type "ClusterIP") }}
{{- fail "service.externalTrafficPolicy: only applies to service.type LoadBalancer or NodePort. Leave it empty, or publish the mail ports with externalService.enabled=true, whose externalTrafficPolicy is Local by default." }}
{{- end }}
{{- if ne $v.service.type "LoadBalancer" }}
{{- range $key := list "loadBalancerIP" "loadBalancerSourceRanges" "loadBalancerClass" }}
{{- if index $v.service $key }}
{{- fail (printf "service.%s: only applies to service.type LoadBalancer (it is %s). Remove service.%s; for the mail ports on a load balancer use externalService.enabled=true (the admin UI stays inside)." $key $v.service.type $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* IP families, on every Service */}}
{{- range $key := list "service" "externalService" }}
{{- $svc := index $v $key }}
{{- if or (eq $key "service") $v.externalService.enabled }}
{{- $policy := $svc.ipFamilyPolicy | default "" }}
{{- if and (eq (len ($svc.ipFamilies | default list)) 2) (not (has $policy (list "PreferDualStack" "RequireDualStack"))) }}
{{- fail (printf "%s.ipFamilies: two families need %s.ipFamilyPolicy PreferDualStack or RequireDualStack, not %q. Set the policy, or list one family." $key $key $policy) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* External Service: the mail ports outside the cluster */}}
{{- $ext := $v.externalService }}
{{- if $ext.enabled }}
{{- range $i, $name := $ext.ports }}
{{- if not (hasKey $v.containerPorts $name) }}
{{- fail (printf "externalService.ports[%d]: %q names no port of the chart (containerPorts has %s). Use one of those names, or remove %s from externalService.ports." $i $name (keys $v.containerPorts | sortAlpha | join ", ") $name) }}
{{- end }}
{{- end }}
{{- if not (include "stalwart.externalPorts" $ | fromJsonArray) }}
{{- fail (printf "externalService.ports: none of %s is published by service.ports, whose port numbers the external Service reuses, so it would have no port. Keep one of them under service.ports, or set externalService.enabled=false." (join ", " $ext.ports)) }}
{{- end }}
{{- $taken := dict }}
{{- if ne $v.service.type "ClusterIP" }}
{{- range $name, $nodePort := $v.service.nodePorts }}
{{- $_ := set $taken (toString (int $nodePort)) (printf "service.nodePorts.%s" $name) }}
{{- end }}
{{- end }}
{{- range $name, $nodePort := $ext.nodePorts }}
{{- if not (has $name $ext.ports) }}
{{- fail (printf "externalService.nodePorts.%s: externalService.ports does not list %q. Add it there or remove the nodePort." $name $name) }}
{{- end }}
{{- $key := toString (int $nodePort) }}
{{- if hasKey $taken $key }}
{{- fail (printf "externalService.nodePorts.%s: nodePort %s is already used by %s; a nodePort serves one Service port only. Change one of them." $name $key (get $taken $key)) }}
{{- end }}
{{- $_ := set $taken $key (printf "externalService.nodePorts.%s" $name) }}
{{- end }}
{{- if ne $ext.type "LoadBalancer" }}
{{- range $key := list "loadBalancerSourceRanges" "loadBalancerClass" }}
{{- if index $ext $key }}
{{- fail (printf "externalService.%s: only applies to externalService.type LoadBalancer (it is %s). Set externalService.type=LoadBalancer or remove externalService.%s." $key $ext.type $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

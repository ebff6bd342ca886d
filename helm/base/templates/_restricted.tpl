{{/*
Every rule of the Pod Security "restricted" profile (which includes
"baseline") that the pod's values break, as a JSON list of messages, each
starting with the value path. The chart's own pod fields (host namespaces,
volumes it adds) already comply; what an operator can change is checked:
podSecurityContext, securityContext, initContainers, extraContainers and
extraVolumes. Used by the guard and, when restrictedPodSecurity is false,
by NOTES.
*/}}
{{- define "stalwart.restrictedViolations" -}}
{{- $v := .Values }}
{{- $out := list }}
{{- $profile := "Pod Security \"restricted\"" }}
{{- $psc := $v.podSecurityContext | default dict }}
{{- $podNonRoot := eq (toString (index $psc "runAsNonRoot")) "true" }}
{{- $seLinuxTypes := list "" "container_t" "container_init_t" "container_kvm_t" "container_engine_t" }}
{{- $profiles := list "RuntimeDefault" "Localhost" }}
{{- $contexts := list (dict "at" "podSecurityContext" "what" "the pod" "sc" $psc) }}
{{- $containers := list (dict "prefix" "" "c" (dict "name" "stalwart" "securityContext" ($v.securityContext | default dict))) }}
{{- range $i, $c := $v.initContainers }}
{{- $containers = append $containers (dict "prefix" (printf "initContainers[%d]." $i) "c" $c) }}
{{- end }}
{{- range $i, $c := $v.extraContainers }}
{{- $containers = append $containers (dict "prefix" (printf "extraContainers[%d]." $i) "c" $c) }}
{{- end }}
{{- range $containers }}
{{- $contexts = append $contexts (dict "at" (printf "%ssecurityContext" .prefix) "what" (printf "container %q" (toString .c.name)) "sc" (.c.securityContext | default dict)) }}
{{- end }}
{{- /* Rules for the pod's and every container's security context */}}
{{- range $contexts }}
{{- $sc := .sc }}
{{- if eq (toString (index $sc "runAsUser")) "0" }}
{{- $out = append $out (printf "%s.runAsUser: %s runs as UID 0 (root), which %s forbids. Use a non-zero UID (the image's user is 2000)." .at .what $profile) }}
{{- end }}
{{- $se := index $sc "seLinuxOptions" | default dict }}
{{- if or (not (has (toString (index $se "type" | default "")) $seLinuxTypes)) (index $se "user") (index $se "role") }}
{{- $out = append $out (printf "%s.seLinuxOptions: %s sets a custom SELinux user, role or type, which %s forbids. Remove them (the container_t family of types is allowed)." .at .what $profile) }}
{{- end }}
{{- if eq (toString (dig "windowsOptions" "hostProcess" false $sc)) "true" }}
{{- $out = append $out (printf "%s.windowsOptions.hostProcess: %s runs as a Windows host process, which %s forbids. Remove it." .at .what $profile) }}
{{- end }}
{{- $armor := toString (dig "appArmorProfile" "type" "" $sc) }}
{{- if and $armor (not (has $armor $profiles)) }}
{{- $out = append $out (printf "%s.appArmorProfile.type: %s uses AppArmor profile %s; %s allows RuntimeDefault or Localhost. Change or remove it." .at .what $armor $profile) }}
{{- end }}
{{- end }}
{{- /* Pod-level rules */}}
{{- if eq (toString (index $psc "runAsNonRoot")) "false" }}
{{- $out = append $out (printf "podSecurityContext.runAsNonRoot: false lets containers run as root, which %s forbids. Set it to true." $profile) }}
{{- end }}
{{- if eq (toString (dig "seccompProfile" "type" "" $psc)) "Unconfined" }}
{{- $out = append $out (printf "podSecurityContext.seccompProfile.type: Unconfined turns seccomp off, which %s forbids. Use RuntimeDefault." $profile) }}
{{- end }}
{{- range (index $psc "sysctls" | default list) }}
{{- if not (has (toString .name) (list "kernel.shm_rmid_forced" "net.ipv4.ip_local_port_range" "net.ipv4.ip_unprivileged_port_start" "net.ipv4.tcp_syncookies" "net.ipv4.ping_group_range" "net.ipv4.ip_local_reserved_ports" "net.ipv4.tcp_keepalive_time" "net.ipv4.tcp_fin_timeout" "net.ipv4.tcp_keepalive_intvl" "net.ipv4.tcp_keepalive_probes")) }}
{{- $out = append $out (printf "podSecurityContext.sysctls: %s is not one of the safe sysctls %s allows. Remove it." (toString .name) $profile) }}
{{- end }}
{{- end }}
{{- /* Container rules */}}
{{- range $containers }}
{{- $sc := .c.securityContext | default dict }}
{{- $at := printf "%ssecurityContext" .prefix }}
{{- $name := toString .c.name }}
{{- if eq (toString (index $sc "privileged")) "true" }}
{{- $out = append $out (printf "%s.privileged: container %q runs privileged, which %s forbids. Remove it or set it to false." $at $name $profile) }}
{{- end }}
{{- if ne (toString (index $sc "allowPrivilegeEscalation")) "false" }}
{{- $out = append $out (printf "%s.allowPrivilegeEscalation: container %q must set it to false under %s. Set %s.allowPrivilegeEscalation=false." $at $name $profile $at) }}
{{- end }}
{{- $nonRoot := toString (index $sc "runAsNonRoot") }}
{{- if eq $nonRoot "false" }}
{{- $out = append $out (printf "%s.runAsNonRoot: container %q sets it to false; %s requires true. Set it to true." $at $name $profile) }}
{{- else if and (ne $nonRoot "true") (not $podNonRoot) }}
{{- $out = append $out (printf "%s.runAsNonRoot: container %q may run as root: neither it nor podSecurityContext.runAsNonRoot is true, as %s requires. Set %s.runAsNonRoot=true." $at $name $profile $at) }}
{{- end }}
{{- $seccomp := toString (dig "seccompProfile" "type" "" $sc) | default (toString (dig "seccompProfile" "type" "" $psc)) }}
{{- if not (has $seccomp $profiles) }}
{{- $out = append $out (printf "%s.seccompProfile.type: container %q runs with seccomp profile %q; %s requires RuntimeDefault or Localhost, here or in podSecurityContext. Set %s.seccompProfile.type=RuntimeDefault." $at $name $seccomp $profile $at) }}
{{- end }}
{{- $caps := index $sc "capabilities" | default dict }}
{{- if not (has "ALL" (index $caps "drop" | default list)) }}
{{- $out = append $out (printf "%s.capabilities.drop: container %q keeps the runtime's default capabilities; %s requires dropping ALL. Add ALL to %s.capabilities.drop." $at $name $profile $at) }}
{{- end }}
{{- range (index $caps "add" | default list) }}
{{- if ne (toString .) "NET_BIND_SERVICE" }}
{{- $out = append $out (printf "%s.capabilities.add: container %q adds %s; %s allows adding NET_BIND_SERVICE only. Remove it." $at $name (toString .) $profile) }}
{{- end }}
{{- end }}
{{- if ne (toString (index $sc "procMount" | default "Default")) "Default" }}
{{- $out = append $out (printf "%s.procMount: container %q unmasks /proc, which %s forbids. Remove it." $at $name $profile) }}
{{- end }}
{{- $prefix := .prefix }}
{{- range $j, $port := .c.ports }}
{{- if index $port "hostPort" }}
{{- $out = append $out (printf "%sports[%d].hostPort: container %q binds host port %v, which %s forbids. Remove it and publish the port through a Service." $prefix $j $name (index $port "hostPort") $profile) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* Volumes */}}
{{- range $i, $vol := $v.extraVolumes }}
{{- range $kind := keys (omit $vol "name") | sortAlpha }}
{{- if not (has $kind (list "configMap" "csi" "downwardAPI" "emptyDir" "ephemeral" "persistentVolumeClaim" "projected" "secret")) }}
{{- $out = append $out (printf "extraVolumes[%d].%s: volume %q is of a type %s forbids; it allows configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret. Use one of those." $i $kind (toString $vol.name) $profile) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

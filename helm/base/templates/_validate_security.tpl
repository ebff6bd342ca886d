{{/*
Security guards (issue 25): trusted PROXY networks parsed as CIDRs, extraObjects
held to the release's namespace and to the restricted profile, the console
log's verbose levels. Included once from stalwart.validate.
*/}}
{{- define "stalwart.validate.security" -}}
{{- $v := .Values }}
{{- /* PROXY trust: every trusted network parsed, not compared as a string */}}
{{- $ack := $v.bootstrap.listeners.proxyTrustAcknowledgement | default "" | trim }}
{{- range $i, $cidr := $v.bootstrap.listeners.proxyTrustedNetworks }}
{{- $risk := include "stalwart.cidrRisk" $cidr | fromJson }}
{{- if $risk.catchAll }}
{{- fail (printf "bootstrap.listeners.proxyTrustedNetworks[%d]: %s trusts every peer, the pod network and kubelets included, and Stalwart drops any connection from a trusted address that sends no PROXY header. List only the load balancer's source addresses (see README \"Client IP addresses\" for each cloud)." $i $cidr) }}
{{- end }}
{{- if and $risk.covers (not $ack) }}
{{- fail (printf "bootstrap.listeners.proxyTrustedNetworks[%d]: %s covers the whole private network %s, where pods and nodes get their addresses; any of them could send a PROXY header claiming to be 127.0.0.1 and skip Stalwart's bans and rate limits. List only the load balancer's own addresses (each as /32 or /128; README \"Client IP addresses\" says how to find them per cloud), or, if every address in this range really is a proxy, set bootstrap.listeners.proxyTrustAcknowledgement to a sentence saying why." $i $cidr $risk.covers) }}
{{- end }}
{{- end }}
{{- include "stalwart.validate.extraObjects" . }}
{{- /* Console log: debug and trace may write AUTH exchanges and message content to the pod log */}}
{{- $log := $v.bootstrap.consoleLog }}
{{- if and $log.enabled (has (toString $log.level) (list "debug" "trace")) (not ($log.verboseAcknowledgement | default "" | trim)) }}
{{- fail (printf "bootstrap.consoleLog.level: %s may write AUTH exchanges and message content (Stalwart's *.raw-input events) to the pod log, which anyone with pods/log or your log pipeline reads. Use info for normal operation, or set bootstrap.consoleLog.verboseAcknowledgement to a sentence saying why and for how long." $log.level) }}
{{- end }}
{{- end }}

{{/*
extraObjects: each entry parsed the way extra-objects.yaml renders it, then held
to the release's namespace, to namespaced kinds, and (with restrictedPodSecurity)
every pod template to the same restricted-profile check as the chart's own pod.
*/}}
{{- define "stalwart.validate.extraObjects" -}}
{{- $v := .Values }}
{{- $policy := $v.extraObjectsPolicy | default dict }}
{{- $clusterKinds := list "APIService" "CertificateSigningRequest" "ComponentStatus" "CSIDriver" "CSINode" "CustomResourceDefinition" "FlowSchema" "GatewayClass" "IngressClass" "MutatingAdmissionPolicy" "MutatingAdmissionPolicyBinding" "MutatingWebhookConfiguration" "Namespace" "Node" "PersistentVolume" "PriorityClass" "PriorityLevelConfiguration" "RuntimeClass" "SelfSubjectAccessReview" "SelfSubjectReview" "StorageClass" "StorageVersionMigration" "TokenReview" "SubjectAccessReview" "ValidatingAdmissionPolicy" "ValidatingAdmissionPolicyBinding" "ValidatingWebhookConfiguration" "VolumeAttachment" }}
{{- range $i, $entry := $v.extraObjects }}
{{- $docs := list }}
{{- $text := $entry }}
{{- if not (kindIs "string" $entry) }}{{ $text = toYaml $entry }}{{ end }}
{{- if ne (toString $policy.tpl) "false" }}{{ $text = tpl $text $ }}{{ end }}
{{- range splitList "\n---" (printf "\n%s" $text) }}
{{- $doc := fromYaml . }}
{{- if and $doc (not (hasKey $doc "Error")) }}{{ $docs = append $docs $doc }}{{ end }}
{{- end }}
{{- range $doc := $docs }}
{{- $kind := toString (index $doc "kind" | default "") }}
{{- $meta := index $doc "metadata" | default dict }}
{{- $what := printf "extraObjects[%d] (%s %s)" $i $kind (toString (index $meta "name" | default "")) }}
{{- if and (or (has $kind $clusterKinds) (hasPrefix "Cluster" $kind)) (not $policy.allowClusterScoped) }}
{{- fail (printf "%s: %s is cluster-scoped, so it reaches beyond the release's namespace (a ClusterRoleBinding can grant cluster-admin). Install it outside this chart, or set extraObjectsPolicy.allowClusterScoped=true if the release really must own it." $what $kind) }}
{{- end }}
{{- $ns := toString (index $meta "namespace" | default "") }}
{{- if and $ns (ne $ns $.Release.Namespace) (not $policy.allowOtherNamespaces) }}
{{- fail (printf "%s: metadata.namespace %q is not the release's namespace %q. Remove metadata.namespace (the object lands in the release's namespace), or set extraObjectsPolicy.allowOtherNamespaces=true if the release really must own objects there." $what $ns $.Release.Namespace) }}
{{- end }}
{{- if or (not (hasKey $v "restrictedPodSecurity")) $v.restrictedPodSecurity }}
{{- $podAt := "" }}
{{- $pod := dict }}
{{- $spec := index $doc "spec" | default dict }}
{{- if eq $kind "Pod" }}
{{- $podAt = "spec" }}{{ $pod = $spec }}
{{- else if eq $kind "CronJob" }}
{{- $podAt = "spec.jobTemplate.spec.template.spec" }}{{ $pod = dig "jobTemplate" "spec" "template" "spec" dict $spec }}
{{- else if dig "template" "spec" "containers" nil $spec }}
{{- $podAt = "spec.template.spec" }}{{ $pod = dig "template" "spec" dict $spec }}
{{- end }}
{{- if $podAt }}
{{- $at := printf "extraObjects[%d].%s" $i $podAt }}
{{- range $field := list "hostNetwork" "hostPID" "hostIPC" }}
{{- if eq (toString (index $pod $field)) "true" }}
{{- fail (printf "%s.%s: %s %q shares the node's namespaces, which Pod Security \"restricted\" forbids. Remove it. (README \"Security\" explains the profile; extraObjects are held to it too.)" $at $field $kind (toString (index $meta "name" | default ""))) }}
{{- end }}
{{- end }}
{{- $stub := dict "allowPrivilegeEscalation" false "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") "capabilities" (dict "drop" (list "ALL")) }}
{{- $containers := concat (index $pod "containers" | default list) (index $pod "ephemeralContainers" | default list) }}
{{- $fake := dict "Values" (dict "podSecurityContext" (index $pod "securityContext" | default dict) "securityContext" $stub "initContainers" (index $pod "initContainers" | default list) "extraContainers" $containers "extraVolumes" (index $pod "volumes" | default list)) }}
{{- with include "stalwart.restrictedViolations" $fake | fromJsonArray }}
{{- $msg := first . | replace "initContainers[" (printf "%s.initContainers[" $at) | replace "extraContainers[" (printf "%s.containers[" $at) | replace "podSecurityContext" (printf "%s.securityContext" $at) | replace "extraVolumes[" (printf "%s.volumes[" $at) }}
{{- fail (printf "%s (In %s %q; README \"Security\" explains the profile, and extraObjects are held to it too.)" $msg $kind (toString (index $meta "name" | default ""))) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

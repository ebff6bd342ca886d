{{/*
Every cross-field rule the values schema cannot express. Each message starts
with the value path and says how to fix it. Included once, from validate.yaml,
so a refusal reads `templates/validate.yaml`, not the Deployment.
*/}}
{{- define "stalwart.validate" -}}
{{- /* Renamed or removed values first: their message names the new key. */}}
{{- include "stalwart.migrations" . }}
{{- include "stalwart.validate.security" . }}
{{- include "stalwart.validate.roles" . }}
{{- include "stalwart.validate.gitops" . }}
{{- include "stalwart.validate.runtime" . }}
{{- include "stalwart.validate.operator" . }}
{{- $v := .Values }}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- $maxReplicas := include "stalwart.maxReplicas" . | int }}
{{- $minReplicas := include "stalwart.minReplicas" . | int }}
{{- $rwo := include "stalwart.rwoVolumes" . }}
{{- /* Names: a Service name is a DNS-1035 label, so it starts with a letter */}}
{{- $fullname := include "stalwart.fullname" . }}
{{- if not (regexMatch "^[a-z]" $fullname) }}
{{- fail (printf "fullnameOverride: the release name %q names the objects %q, but a Service name must start with a lowercase letter. Install under a release name that starts with a letter, or set fullnameOverride (e.g. stalwart-%s)." .Release.Name $fullname .Release.Name) }}
{{- end }}
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
{{- /* Persistence: an existing claim has its own size and class */}}
{{- range $name := list "config" "data" }}
{{- $p := index $v.persistence $name }}
{{- if and $p.enabled $p.existingClaim }}
{{- range $key := list "size" "storageClass" }}
{{- if index $p $key }}
{{- fail (printf "persistence.%s.%s: %q would be ignored: persistence.%s.existingClaim (%s) mounts a claim that already has its size and class. Remove persistence.%s.%s, or remove existingClaim to let the chart create the claim." $name $key (index $p $key) $name $p.existingClaim $name $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- /* Pod settings */}}
{{- if and (eq (toString $v.dnsPolicy) "None") (not (dig "nameservers" (list) ($v.dnsConfig | default dict))) }}
{{- fail "dnsPolicy: None takes every resolver from dnsConfig, which lists no nameservers, so the pod could resolve nothing. Set dnsConfig.nameservers, or another dnsPolicy." }}
{{- end }}
{{- range $key := list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/version" "app.kubernetes.io/managed-by" "app.kubernetes.io/part-of" "app.kubernetes.io/component" "helm.sh/chart" }}
{{- if hasKey ($v.commonLabels | default dict) $key }}
{{- fail (printf "commonLabels.%s: is one of the chart's own labels; setting it on every object would detach pods from their Deployment and Services or misname the objects. Remove it from commonLabels." $key) }}
{{- end }}
{{- end }}
{{- /* Pod Security "restricted", over every container */}}
{{- if or (not (hasKey $v "restrictedPodSecurity")) $v.restrictedPodSecurity }}
{{- with include "stalwart.restrictedViolations" . | fromJsonArray }}
{{- fail (printf "%s (README \"Security\" explains the profile.)" (first .)) }}
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
{{- /* Public URL */}}
{{- if $v.gateway.enabled }}
{{- $explicit := "" }}
{{- range $e := $v.env }}
{{- if and (eq $e.name "STALWART_PUBLIC_URL") (hasKey $e "value") }}{{ $explicit = toString $e.value }}{{ end }}
{{- end }}
{{- if $explicit }}
{{- $host := (urlParse $explicit).hostname }}
{{- $matches := false }}
{{- range $h := $v.gateway.hostnames }}
{{- if or (eq $h $host) (and (hasPrefix "*." $h) (hasSuffix (trimPrefix "*" $h) $host)) }}{{ $matches = true }}{{ end }}
{{- end }}
{{- if not $matches }}
{{- fail (printf "env: STALWART_PUBLIC_URL=%s names host %q, which is not in gateway.hostnames (%s); JMAP session URLs, OAuth redirects and discovery would send clients to a host the HTTPRoute does not serve. Use one of gateway.hostnames (e.g. https://%s) or add the host there." $explicit $host (join ", " $v.gateway.hostnames) (first $v.gateway.hostnames)) }}
{{- end }}
{{- else if and $v.gateway.hostnames (hasPrefix "*" (first $v.gateway.hostnames)) }}
{{- fail (printf "gateway.hostnames[0]: %s is a wildcard, so the chart cannot derive STALWART_PUBLIC_URL from it. List the concrete hostname first, or set env STALWART_PUBLIC_URL (e.g. https://mail%s)." (first $v.gateway.hostnames) (trimPrefix "*" (first $v.gateway.hostnames))) }}
{{- end }}
{{- end }}
{{- /* Mail TLS */}}
{{- if $v.tls.secretName }}
{{- $dir := include "stalwart.tlsDir" . }}
{{- range $i, $vol := $v.extraVolumes }}
{{- if eq (toString $vol.name) "tls" }}
{{- fail (printf "extraVolumes[%d]: a volume named \"tls\" collides with the one tls.secretName (%s) mounts. Remove it (tls.secretName replaces the extraVolumes mount) or rename it." $i $v.tls.secretName) }}
{{- end }}
{{- end }}
{{- range $i, $m := $v.extraVolumeMounts }}
{{- if eq (clean (toString $m.mountPath)) $dir }}
{{- fail (printf "extraVolumeMounts[%d]: mounts %s, where tls.secretName (%s) is mounted. Remove the extra mount; tls.secretName replaces it." $i $dir $v.tls.secretName) }}
{{- end }}
{{- end }}
{{- if and $v.tls.reload.enabled (not (include "stalwart.reloadSecretName" .)) }}
{{- fail "tls.reload.existingSecret: is empty and there is no recovery admin outside declarative mode, so the reload sidecar has no credentials to ask Stalwart for ReloadTlsCertificates. Create a Secret with keys username and password of an admin (an API key's secret as password works) and name it here, or set tls.reload.enabled=false and reload by hand after each renewal." }}
{{- end }}
{{- end }}
{{- /* Client IP addresses */}}
{{- $trusted := $v.bootstrap.listeners.proxyTrustedNetworks }}
{{- /* Catch-all and private-network ranges: templates/_validate_security.tpl */}}
{{- if $trusted }}
{{- $proxied := dict }}
{{- range $row := include "stalwart.mailListeners" . | fromJsonArray }}
{{- $name := index $row 0 }}
{{- if and (hasKey $ports $name) (hasKey $v.containerPorts $name) }}
{{- $_ := set $proxied $name true }}
{{- $_ := set $proxied (toString (int (index $v.containerPorts $name))) true }}
{{- end }}
{{- end }}
{{- range $probe := list "startupProbe" "livenessProbe" "readinessProbe" }}
{{- $spec := index $v $probe | default dict }}
{{- range $handler := list "httpGet" "tcpSocket" "grpc" }}
{{- $port := dig "port" "" (index $spec $handler | default dict) }}
{{- if and (ne (toString $port) "") (hasKey $proxied (toString $port)) }}
{{- fail (printf "%s.%s.port: %v is a mail listener that trusts bootstrap.listeners.proxyTrustedNetworks, so it expects a PROXY header the kubelet never sends; when the kubelet's address is in those ranges the probe is dropped and the pod restarts. Probe the http port (the default), which never trusts proxies." $probe $handler $port) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if $v.bootstrap.http.useXForwarded }}
{{- if and (hasKey $ports "http") (ne $v.service.type "ClusterIP") }}
{{- fail (printf "bootstrap.http.useXForwarded: true trusts X-Forwarded-For from any peer, but service.type %s publishes the http port outside the Gateway, so anyone can forge client IPs. Keep service.type ClusterIP (publish mail ports with externalService) or leave useXForwarded off." $v.service.type) }}
{{- end }}
{{- if and $v.externalService.enabled (has "http" $v.externalService.ports) }}
{{- fail "bootstrap.http.useXForwarded: true trusts X-Forwarded-For from any peer, but externalService.ports publishes http outside the Gateway, so anyone can forge client IPs. Remove http from externalService.ports or leave useXForwarded off." }}
{{- end }}
{{- if not $v.gateway.enabled }}
{{- fail "bootstrap.http.useXForwarded: true trusts X-Forwarded-For from any peer, which is only safe when the Gateway is the one way to the http port, but gateway.enabled is false. Enable the gateway or leave useXForwarded off." }}
{{- end }}
{{- end }}
{{- /* Declarative mode */}}
{{- $declarative := include "stalwart.declarative" . }}
{{- $b := $v.bootstrap }}
{{- $store := toString (get $v.config.dataStore "@type") }}
{{- if and $v.config.dataStore $v.config.existingSecret }}
{{- fail "config.existingSecret: is set together with config.dataStore, but config.json comes from one of them. Remove config.dataStore to mount the Secret, or config.existingSecret to let the chart render it." }}
{{- end }}
{{- if not $declarative }}
{{- $wizardOnly := dict "bootstrap.plan" $b.plan "bootstrap.hostname" $b.hostname "bootstrap.domain" $b.domain "bootstrap.metrics.enabled" $b.metrics.enabled "bootstrap.blobStore.s3.enabled" $b.blobStore.s3.enabled "bootstrap.inMemoryStore.redisUrl" $b.inMemoryStore.redisUrl "bootstrap.coordinator.type" $b.coordinator.type "bootstrap.listeners.proxyTrustedNetworks" $b.listeners.proxyTrustedNetworks "bootstrap.http.useXForwarded" $b.http.useXForwarded "admin.existingSecret" $v.admin.existingSecret }}
{{- range $key := keys $wizardOnly | sortAlpha }}
{{- if index $wizardOnly $key }}
{{- fail (printf "%s: only applies in declarative mode, but neither config.dataStore nor config.existingSecret is set, so the setup wizard configures Stalwart. Set config.dataStore (see README, Declarative mode) or remove %s." $key $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $path, $node := dict "config.dataStore" $v.config.dataStore "bootstrap.plan" $b.plan }}
{{- with include "stalwart.plainSecrets" (dict "node" $node "path" $path) | trimSuffix "," }}
{{- fail (printf "%s: is a plaintext secret, which `helm get values` shows to anyone who can read the release. Reference it instead: {\"@type\":\"EnvironmentVariable\",\"variableName\":\"…\"} with the variable from a Secret through env, or {\"@type\":\"File\",\"filePath\":\"…\"}." (splitList "," . | first)) }}
{{- end }}
{{- end }}
{{- if has $store (list "RocksDb" "Sqlite") }}
{{- $path := toString (get $v.config.dataStore "path") }}
{{- $clean := clean $path }}
{{- if not (or (eq $clean "/var/lib/stalwart") (hasPrefix "/var/lib/stalwart/" $clean)) }}
{{- fail (printf "config.dataStore.path: %s is outside /var/lib/stalwart, the data volume, so the %s files would live in the container's filesystem and be lost on every restart. Put it under /var/lib/stalwart/ (e.g. /var/lib/stalwart/db)." $path $store) }}
{{- end }}
{{- if not $v.persistence.data.enabled }}
{{- fail (printf "persistence.data.enabled: false puts /var/lib/stalwart on an emptyDir, so the %s store at %s is lost on every restart. Enable persistence.data, or use an external store (PostgreSql or MySql; FoundationDb needs image.foundationDb) in config.dataStore." $store $path) }}
{{- end }}
{{- if gt $maxReplicas 1 }}
{{- fail (printf "config.dataStore: %s is an embedded store that one pod owns, but %s runs more pods. Use PostgreSql or MySql (FoundationDb needs image.foundationDb; with an S3 blob store, Redis and a coordinator, see examples/multi-replica.yaml), or run a single replica." $store (ternary (printf "autoscaling.maxReplicas=%d" $maxReplicas) (printf "replicaCount=%d" $maxReplicas) $v.autoscaling.enabled)) }}
{{- end }}
{{- end }}
{{- if $declarative }}
{{- if and $v.persistence.config.enabled (eq $v.persistence.config.accessMode "ReadWriteMany") }}
{{- fail "persistence.config.accessMode: ReadWriteMany is left over from sharing a wizard-written config.json; in declarative mode config.json comes from a Secret and no config volume is created or mounted. Remove persistence.config.accessMode (or set persistence.config.enabled=false)." }}
{{- end }}
{{- range $e := $v.env }}
{{- if has $e.name (list "CONFIG_PATH" "STALWART_RECOVERY_ADMIN" "RECOVERY_ADMIN_USERNAME" "RECOVERY_ADMIN_PASSWORD") }}
{{- fail (printf "env: %s is set by the chart in declarative mode (config.json from its Secret, the recovery admin from admin.existingSecret or the generated Secret). Remove it from env." $e.name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $declarative $b.enabled }}
{{- if not (hasKey $ports "http") }}
{{- fail "service.ports.http: removed while the bootstrap Job (bootstrap.enabled) reaches Stalwart through it. Keep service.ports.http, or set bootstrap.enabled=false and apply the plan yourself." }}
{{- end }}
{{- if and $b.hostname (not $b.domain) }}
{{- fail "bootstrap.domain: is empty while bootstrap.hostname is set; SystemSettings needs both a default hostname and a default domain. Set bootstrap.domain (e.g. example.com) or clear bootstrap.hostname." }}
{{- end }}
{{- if and $b.domain (not $b.hostname) }}
{{- fail "bootstrap.hostname: is empty while bootstrap.domain is set; SystemSettings needs both a default hostname and a default domain. Set bootstrap.hostname (e.g. mail.example.com) or clear bootstrap.domain." }}
{{- end }}
{{- include "stalwart.validate.bucketClaim" . }}
{{- range $path, $url := dict "bootstrap.inMemoryStore.redisUrl" $b.inMemoryStore.redisUrl "bootstrap.coordinator.redisUrl" $b.coordinator.redisUrl }}
{{- if regexMatch "^rediss?://[^/@]*:[^/@]*@" $url }}
{{- fail (printf "%s: carries a password, which would sit in plain text in the release values and the plan ConfigMap (Stalwart's Redis store has no secret field). Use a Redis that only Stalwart can reach, without a password, or a RedisCluster/RedisSentinel store in bootstrap.plan with authSecret from an EnvironmentVariable." $path) }}
{{- end }}
{{- end }}
{{- if and (eq $b.coordinator.type "Default") (not $b.inMemoryStore.redisUrl) }}
{{- fail "bootstrap.coordinator.type: Default reuses the in-memory store, which must then be Redis. Set bootstrap.inMemoryStore.redisUrl, or choose Redis or Nats." }}
{{- end }}
{{- if and (eq $b.coordinator.type "Redis") (not $b.coordinator.redisUrl) }}
{{- fail "bootstrap.coordinator.redisUrl: is empty while bootstrap.coordinator.type is Redis. Set the Redis URL (redis://host:6379)." }}
{{- end }}
{{- if and (eq $b.coordinator.type "Nats") (not $b.coordinator.nats.addresses) }}
{{- fail "bootstrap.coordinator.nats.addresses: is empty while bootstrap.coordinator.type is Nats. List the NATS servers as host:port." }}
{{- end }}
{{- range $s := include "stalwart.shortcutSecrets" . | fromJsonArray }}
{{- $fromEnv := false }}
{{- range $e := $v.env }}
{{- if and (eq $e.name $s.var) (dig "valueFrom" "secretKeyRef" "name" "" $e) }}
{{- $fromEnv = true }}
{{- end }}
{{- end }}
{{- if and (not $fromEnv) (not (and $s.name $s.key)) }}
{{- fail (printf "%s: %s comes from env %s, which no Secret provides; %s. Set %s.name and %s.key, or add env %s with valueFrom.secretKeyRef." (ternary (printf "%s.key" $s.path) $s.path (not (empty $s.name))) $s.what $s.var $s.risk $s.path $s.path $s.var) }}
{{- end }}
{{- end }}
{{- $destroyed := dict }}
{{- range $op := $b.plan }}
{{- if eq (toString (get $op "@type")) "destroy" }}
{{- $_ := set $destroyed (toString (get $op "object") | lower | trimPrefix "x:") true }}
{{- end }}
{{- end }}
{{- range $i, $op := $b.plan }}
{{- $object := toString (get $op "object") }}
{{- $key := $object | lower | trimPrefix "x:" }}
{{- if and (eq (toString (get $op "@type")) "create") (ne $key "action") (not (hasKey $destroyed $key)) }}
{{- fail (printf "bootstrap.plan[%d]: creates %s, but the plan has no destroy of %s, so every upgrade would add another copy. Use upsert with matchOn, or add {\"@type\":\"destroy\",\"object\":\"%s\",\"value\":{…filter…}} for what this plan owns." $i $object $object $object) }}
{{- end }}
{{- end }}
{{- if gt $maxReplicas 1 }}
{{- $coordinated := ne $b.coordinator.type "" }}
{{- range $op := $b.plan }}
{{- $body := get $op "value" }}
{{- if and (eq (toString (get $op "object") | lower | trimPrefix "x:") "coordinator") (eq (toString (get $op "@type")) "update") (kindIs "map" $body) }}
{{- if not (has (toString (get $body "@type")) (list "" "Disabled")) }}
{{- $coordinated = true }}
{{- end }}
{{- end }}
{{- end }}
{{- if not $coordinated }}
{{- fail (printf "bootstrap.coordinator.type: %s runs more than one pod, but the plan sets no coordinator (Redis or NATS), so the pods would not share cache invalidation, push notifications or cluster tasks. Set bootstrap.coordinator.type (Default with bootstrap.inMemoryStore.redisUrl, Redis or Nats) or update Coordinator in bootstrap.plan." (ternary (printf "autoscaling.maxReplicas=%d" $maxReplicas) (printf "replicaCount=%d" $maxReplicas) $v.autoscaling.enabled)) }}
{{- end }}
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
{{- include "stalwart.validate.clientip" . }}
{{- end }}


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

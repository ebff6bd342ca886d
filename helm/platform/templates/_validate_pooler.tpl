{{/*
The pooler's server slots serve every Stalwart connection the base release
can open. In session mode a server connection is held while its client is
connected, and each Stalwart pod keeps up to poolMaxConnections: the
pooler's instances x default_pool_size must cover pods x poolMaxConnections
plus a quarter of headroom (clients spread unevenly over the instances), or
clients queue until query_wait_timeout (120 s) drops them.
*/}}
{{- define "stalwart-platform.validate.pooler" -}}
{{- $pg := .Values.postgresql }}
{{- $p := $pg.pooler }}
{{- if and $pg.enabled $p.enabled (eq $p.poolMode "session") }}
{{- $poolSize := int (default "20" (get ($p.parameters | default dict) "default_pool_size")) }}
{{- $slots := mul (int $p.instances) $poolSize }}
{{- $demand := mul (int $p.sizedFor.stalwartPods) (int $p.sizedFor.poolMaxConnections) }}
{{- $needed := div (add (mul $demand 5) 3) 4 }}
{{- if lt $slots $needed }}
{{- fail (printf "postgresql.pooler.parameters.default_pool_size: %d instances x default_pool_size %d give %d server connections, but %d Stalwart pods x poolMaxConnections %d (postgresql.pooler.sizedFor) ask for %d, %d with a quarter of headroom; the rest queue and are dropped after query_wait_timeout. Raise postgresql.pooler.parameters.default_pool_size to %d (or postgresql.pooler.instances), and postgresql.parameters.max_connections above the total." (int $p.instances) $poolSize $slots (int $p.sizedFor.stalwartPods) (int $p.sizedFor.poolMaxConnections) $demand $needed (div (add $needed (sub (int $p.instances) 1)) (int $p.instances))) }}
{{- end }}
{{- end }}
{{- end }}

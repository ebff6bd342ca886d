{{/*
The PostgreSQL operand image: no deprecated bare MM.mm tag. Those are
CloudNativePG's bullseye `system` images, withdrawn at bullseye's end of life
(postgres-containers README); a failover onto a new node then cannot pull.
*/}}
{{- define "stalwart-platform.validate.images" -}}
{{- $pg := .Values.postgresql }}
{{- if and $pg.enabled $pg.imageName (not (contains "@sha256:" $pg.imageName)) (not $pg.acknowledgeBullseyeImage) }}
{{- $tag := regexFind ":[^:/]+$" $pg.imageName | trimPrefix ":" }}
{{- if regexMatch "^[0-9]+(\\.[0-9]+)?$" $tag }}
{{- $major := regexFind "^[0-9]+" $tag }}
{{- fail (printf "postgresql.imageName: tag %q is a deprecated bare version, a Debian bullseye `system` image that CloudNativePG withdraws at bullseye's end of life; a failover onto a new node then ends in ImagePullBackOff. For a new cluster pin a trixie image of the same major (ghcr.io/cloudnative-pg/postgresql:%s.<minor>-system-trixie with backup.method barmanObjectStore, -standard-trixie with the Barman Cloud plugin). An existing cluster on this tag changes glibc collations with the move: plan it (README \"PostgreSQL image\": check, then reindex) and until then set postgresql.acknowledgeBullseyeImage=true." $tag $major) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Runtime truth (README "Stalwart 1.0", "Probes", "Logs"): guards that follow
what Stalwart's source and upstream's docs say the server does.
*/}}

{{/*
The version line of an image tag: "v0.16.27" -> "0.16", "1.0.3" -> "1.0";
"" when the tag does not start with a version (latest, edge, a custom name).
*/}}
{{- define "stalwart.tagLine" -}}
{{- regexFind "^v?[0-9]+\\.[0-9]+" (toString .) | trimPrefix "v" }}
{{- end }}

{{/*
The tag of an image reference ("repo:tag@sha256:…" -> "tag"; "" without one).
*/}}
{{- define "stalwart.refTag" -}}
{{- $last := splitList "@" (toString .) | first | splitList "/" | last }}
{{- if contains ":" $last }}{{ splitList ":" $last | last }}{{ end }}
{{- end }}

{{/*
On `helm upgrade`: the image of the stalwart container of the running
Deployment (`lookup`); "" on install and wherever lookup sees no cluster
(`helm template`, GitOps renders).
*/}}
{{- define "stalwart.runningImage" -}}
{{- if .Release.IsUpgrade }}
{{- include "stalwart.deploymentImage" (lookup "apps/v1" "Deployment" .Release.Namespace (include "stalwart.fullname" .) | default dict) }}
{{- end }}
{{- end }}

{{/*
The image of the stalwart container of a Deployment object (a map); "" without one.
*/}}
{{- define "stalwart.deploymentImage" -}}
{{- range (dig "spec" "template" "spec" "containers" list .) }}
{{- if eq (toString .name) "stalwart" }}{{ .image }}{{ end }}
{{- end }}
{{- end }}

{{/*
The version line of the data store the release runs on: dataStoreVersion
when set, else the running Deployment's tag line, else "" (unknown).
*/}}
{{- define "stalwart.storeLine" -}}
{{- with .Values.dataStoreVersion }}
{{- include "stalwart.tagLine" . }}
{{- else }}
{{- include "stalwart.tagLine" (include "stalwart.refTag" (include "stalwart.runningImage" .)) }}
{{- end }}
{{- end }}

{{- define "stalwart.validate.runtime" -}}
{{- $v := .Values }}
{{- $tag := include "stalwart.imageTag" . }}
{{- $line := include "stalwart.tagLine" $tag }}
{{- $major := regexFind "^[0-9]+" $line }}
{{- if and $major (ge (atoi $major) 1) }}
{{- $store := include "stalwart.storeLine" . }}
{{- $storeMajor := regexFind "^[0-9]+" $store }}
{{- if and $storeMajor (eq (atoi $storeMajor) 0) }}
{{- $source := ternary (printf "dataStoreVersion says %s" (toString $v.dataStoreVersion)) "the running Deployment runs Stalwart 0.x" (ne (toString $v.dataStoreVersion) "") }}
{{- fail (printf "image.tag: %s is Stalwart 1.x, but this release's data store was created by Stalwart %s (%s), and a 1.x server cannot open a 0.16 store: it stops at start and mail is down. Keep image.tag on v0.16.x (upgrade to v0.16.27 first). To move to 1.x, copy the store into a new, empty one with stalwart-migrate (https://stalw.art/docs/migration/upgrade-0-16/, README \"Stalwart 1.0\"), point config.json at the new store and set dataStoreVersion to the 1.x version that created it (wizard mode only: declarative mode stays on 0.16 until the chart ships a 1.x schema)." $tag $store $source) }}
{{- end }}
{{- if include "stalwart.declarative" . }}
{{- fail (printf "image.tag: %s is Stalwart 1.x, but declarative mode (config.dataStore or config.existingSecret) applies a plan this chart validates against Stalwart 0.16's schema only, and 1.0 rejects 0.16 plans (https://stalw.art/docs/migration/upgrade-0-16/cli-plans/); a 1.x schema is not yet shipped with the chart. Keep image.tag on v0.16.x (the chart's appVersion), or install 1.x fresh in wizard mode (no config.dataStore, no config.existingSecret; README \"Stalwart 1.0\")." $tag) }}
{{- end }}
{{- end }}
{{- if and (eq (toString (get $v.config.dataStore "@type")) "FoundationDb") (not $v.image.foundationDb) }}
{{- fail "config.dataStore: FoundationDb needs an image built with FoundationDB support, but the official stalwartlabs/stalwart image is built without it (features sqlite postgres mysql rocks s3 redis azure nats enterprise) and stops at start with \"Binary was not compiled with the selected data store backend\". Build an image from Stalwart's Dockerfile.fdb (docker build -f Dockerfile.fdb -t <registry>/stalwart-fdb:<tag> .), push it, set image.repository and image.tag to it and image.foundationDb=true; or use PostgreSql or MySql." }}
{{- end }}
{{- end }}

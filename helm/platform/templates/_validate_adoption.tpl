{{/*
An ExternalSecret must not adopt a Secret it did not make. With
creationPolicy Owner, External Secrets takes over an existing Secret of the
target name: it sets itself as the controller owner (so Kubernetes deletes
the Secret with the ExternalSecret) and replaces the Secret's data with the
mapped keys only (external-secrets v2.9.0
pkg/controllers/externalsecret/externalsecret_controller_template.go:53-58,
externalsecret_controller.go:537-551 and 816-820). A Secret of that name
that no ExternalSecret of that name owns is refused here, with Merge (keeps
the other keys, never creates nor deletes the Secret) as the way out.

`lookup` sees the cluster only on a live render (helm install/upgrade, or
template/--dry-run=server with a cluster); offline it returns nothing and
this guard passes (README "Moving to External Secrets").
*/}}
{{- define "stalwart-platform.validate.adoption" -}}
{{- $es := .Values.externalSecrets }}
{{- $targets := list }}
{{- if $es.enabled }}
{{- $targets = append $targets (dict "name" (include "stalwart-platform.secretName" .) "path" "externalSecrets.creationPolicy" "policy" $es.creationPolicy "rename" "secret.name" "reader" "envFrom secretRef") }}
{{- end }}
{{- if $es.adminSecret.enabled }}
{{- $targets = append $targets (dict "name" (include "stalwart-platform.adminSecretName" .) "path" "externalSecrets.adminSecret.creationPolicy" "policy" $es.adminSecret.creationPolicy "rename" "externalSecrets.adminSecret.name" "reader" "admin.existingSecret") }}
{{- end }}
{{- range $t := $targets }}
{{- if eq $t.policy "Owner" }}
{{- $found := lookup "v1" "Secret" $.Release.Namespace $t.name }}
{{- if $found }}
{{- $owned := false }}
{{- range $ref := $found.metadata.ownerReferences }}
{{- if and (eq $ref.kind "ExternalSecret") (hasPrefix "external-secrets.io/" $ref.apiVersion) (eq $ref.name $t.name) }}{{ $owned = true }}{{ end }}
{{- end }}
{{- if not $owned }}
{{- fail (printf "%s: Secret %q already exists in namespace %s and no ExternalSecret %q owns it (made by hand, e.g. for secret.existingSecret, or by another tool). With creationPolicy Owner, External Secrets would adopt it, replace its data with the mapped keys only and delete it together with the ExternalSecret. Set %s=Merge to write the mapped keys into it and keep its other keys (it is then never deleted by External Secrets), or set %s to a new name and point the base release's %s at it." $t.path $t.name $.Release.Namespace $t.name $t.path $t.rename $t.reader) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
GitOps guards (issue 21): one definition of the recovery admin. With
externalSecrets.adminSecret the platform writes the base's admin Secret; the
same login as STALWART_RECOVERY_ADMIN in the contract Secret would be a second
definition, and a declarative base sets that variable in env, which wins over
envFrom: the store's value would be silently ignored.
*/}}
{{- define "stalwart-platform.validate.gitops" -}}
{{- $v := .Values }}
{{- $es := $v.externalSecrets }}
{{- if $es.adminSecret.enabled }}
{{- if not $es.secretStoreRef.name }}
{{- fail (printf "externalSecrets.secretStoreRef.name: required by externalSecrets.adminSecret.enabled: the %s the admin password is read from, e.g. --set externalSecrets.secretStoreRef.name=vault." $es.secretStoreRef.kind) }}
{{- end }}
{{- if and (or $es.enabled $v.secret.existingSecret) (has "STALWART_RECOVERY_ADMIN" $v.secret.keys) }}
{{- fail (printf "secret.keys: STALWART_RECOVERY_ADMIN defines the recovery admin a second time, beside externalSecrets.adminSecret (Secret %s); a declarative base sets that variable from its admin Secret in env, which wins over envFrom, so one of the two is silently ignored. Remove STALWART_RECOVERY_ADMIN from secret.keys (if it is the only key, set externalSecrets.enabled=false and secret.existingSecret=\"\"), or disable externalSecrets.adminSecret for a base in wizard mode." (include "stalwart-platform.adminSecretName" .)) }}
{{- end }}
{{- end }}
{{- end }}

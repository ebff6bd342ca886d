{{/*
Accounts as code (bootstrap.directory, README "Accounts as code"): the plan
lines for domains, groups, user accounts and mailing lists, the reload-only
account of the tls-reload sidecar, and the Job step that puts their
passwords into the plan. The plan ConfigMap only carries a slot
("__STALWART_SECRET_<n>__") where Stalwart's schema wants a plain string
(x:PasswordCredential.secret); the Job's fill-secrets container replaces
each slot with its Secret file's bytes, JSON-escaped, in an in-memory
emptyDir that stalwart-cli reads.
*/}}

{{/*
The slot a password takes in the plan ConfigMap. Guards refuse the prefix
anywhere in the values, so only the chart writes it.
*/}}
{{- define "stalwart.secretSlot" -}}
{{- printf "__STALWART_SECRET_%d__" (int .) }}
{{- end }}

{{/*
Where fill-secrets finds the Secret files: one directory per Secret.
*/}}
{{- define "stalwart.secretSlotDir" -}}
/var/run/secrets/stalwart-plan
{{- end }}

{{/*
The login of the tls-reload sidecar's own account, "" when the chart
creates none: it needs the plan (declarative mode, bootstrap.enabled) and a
domain for it (bootstrap.domain with bootstrap.hostname, as the chart
upserts that domain); tls.reload.account "" turns it off.
*/}}
{{- define "stalwart.reloadAccount" -}}
{{- $b := .Values.bootstrap }}
{{- if and (include "stalwart.tlsReload" .) .Values.tls.reload.account (include "stalwart.declarative" .) $b.enabled $b.domain $b.hostname }}
{{- printf "%s@%s" .Values.tls.reload.account $b.domain }}
{{- end }}
{{- end }}

{{/*
The generated reload-account Secret's name.
*/}}
{{- define "stalwart.reloadGeneratedSecretName" -}}
{{- printf "%s-tls-reload" (include "stalwart.fullname" . | trunc 52 | trimSuffix "-") }}
{{- end }}

{{/*
The reload account's password when the chart generates it: the one an
earlier install stored (lookup), else 32 random alphanumerics; drawn once
per render, like stalwart.adminPassword.
*/}}
{{- define "stalwart.reloadPassword" -}}
{{- if not (hasKey $ "stalwartReloadPassword") }}
{{- $password := "" }}
{{- with lookup "v1" "Secret" .Release.Namespace (include "stalwart.reloadGeneratedSecretName" .) }}
{{- $password = dig "data" "password" "" . | b64dec }}
{{- end }}
{{- $_ := set $ "stalwartReloadPassword" ($password | default (randAlphaNum 32)) }}
{{- end }}
{{- get $ "stalwartReloadPassword" }}
{{- end }}

{{/*
Every password the plan needs, as a JSON list of {slot, path, name, key}:
the slot number, the value path, the Secret and its key.
*/}}
{{- define "stalwart.planSecrets" -}}
{{- $out := list }}
{{- if include "stalwart.declarative" . }}
{{- range $i, $a := .Values.bootstrap.directory.accounts }}
{{- $ref := $a.passwordSecret | default dict }}
{{- $out = append $out (dict "slot" (len $out) "path" (printf "bootstrap.directory.accounts[%d].passwordSecret" $i) "name" ($ref.name | default "") "key" ($ref.key | default "")) }}
{{- end }}
{{- if include "stalwart.reloadAccount" . }}
{{- $name := .Values.tls.reload.existingSecret | default (include "stalwart.reloadGeneratedSecretName" .) }}
{{- $out = append $out (dict "slot" (len $out) "path" "tls.reload.account" "name" $name "key" "password") }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
The client id of each domain the directory may use, by name: the chart's
default domain (#default-domain, see stalwart.planOps) and
bootstrap.directory.domains.
*/}}
{{- define "stalwart.directoryDomains" -}}
{{- $b := .Values.bootstrap }}
{{- $ids := dict }}
{{- if and $b.domain $b.hostname }}{{ $_ := set $ids $b.domain "default-domain" }}{{ end }}
{{- range $i, $d := $b.directory.domains }}
{{- if not (hasKey $ids $d.name) }}{{ $_ := set $ids $d.name (printf "domain-%d" $i) }}{{ end }}
{{- end }}
{{- toJson $ids }}
{{- end }}

{{/*
An alias list ("local" or "local@domain") as Stalwart's EmailAlias list;
.domain is the owner's domain.
*/}}
{{- define "stalwart.directoryAliases" -}}
{{- $ids := .ids }}
{{- $out := dict }}
{{- range $i, $alias := .aliases }}
{{- $parts := splitList "@" $alias }}
{{- $domain := ternary (last $parts) $.domain (eq (len $parts) 2) }}
{{- $_ := set $out (toString $i) (dict "name" (first $parts) "domainId" (printf "#%s" (get $ids $domain)) "enabled" true) }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
The directory's plan lines: extra domains, groups, users (with their group
memberships), mailing lists, then the reload-only account. Every line an
upsert matched on the stable name (name and domain for addresses), so a
re-run updates in place and never deletes.
*/}}
{{- define "stalwart.accounts.planOps" -}}
{{- $ops := list }}
{{- if include "stalwart.declarative" . }}
{{- $b := .Values.bootstrap }}
{{- $d := $b.directory }}
{{- $ids := include "stalwart.directoryDomains" . | fromJson }}
{{- $match := list "name" "domainId" }}
{{- $domains := dict }}
{{- range $i, $dom := $d.domains }}
{{- $_ := set $domains (printf "domain-%d" $i) (dict "name" $dom.name "description" ($dom.description | default nil)) }}
{{- end }}
{{- if $domains }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "Domain" "matchOn" (list "name") "value" $domains) }}
{{- end }}
{{- $groups := dict }}
{{- $groupIds := dict }}
{{- range $i, $g := $d.groups }}
{{- $dom := $g.domain | default $b.domain }}
{{- $_ := set $groupIds $g.name (printf "group-%d" $i) }}
{{- $aliases := include "stalwart.directoryAliases" (dict "ids" $ids "aliases" ($g.aliases | default list) "domain" $dom) | fromJson }}
{{- $_ := set $groups (printf "group-%d" $i) (dict "@type" "Group" "name" $g.name "domainId" (printf "#%s" (get $ids $dom)) "description" ($g.description | default nil) "aliases" $aliases) }}
{{- end }}
{{- if $groups }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "Account" "matchOn" $match "value" $groups) }}
{{- end }}
{{- $users := dict }}
{{- range $i, $a := $d.accounts }}
{{- $dom := $a.domain | default $b.domain }}
{{- $member := dict }}
{{- range $g := $d.groups }}
{{- if has $a.name ($g.members | default list) }}{{ $_ := set $member (printf "#%s" (get $groupIds $g.name)) true }}{{ end }}
{{- end }}
{{- $aliases := include "stalwart.directoryAliases" (dict "ids" $ids "aliases" ($a.aliases | default list) "domain" $dom) | fromJson }}
{{- $credential := dict "0" (dict "@type" "Password" "secret" (include "stalwart.secretSlot" $i)) }}
{{- $_ := set $users (printf "account-%d" $i) (dict "@type" "User" "name" $a.name "domainId" (printf "#%s" (get $ids $dom)) "description" ($a.description | default nil) "credentials" $credential "aliases" $aliases "memberGroupIds" $member) }}
{{- end }}
{{- with include "stalwart.reloadAccount" . }}
{{- $slot := len $d.accounts }}
{{- $permissions := dict "@type" "Replace" "enabledPermissions" (dict "authenticate" true "sysActionCreate" true "actionReloadTlsCertificates" true) "disabledPermissions" (dict) }}
{{- $_ := set $users "tls-reload" (dict "@type" "User" "name" $.Values.tls.reload.account "domainId" "#default-domain" "description" "tls-reload sidecar: may only reload TLS certificates" "credentials" (dict "0" (dict "@type" "Password" "secret" (include "stalwart.secretSlot" $slot))) "permissions" $permissions) }}
{{- end }}
{{- if $users }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "Account" "matchOn" $match "value" $users) }}
{{- end }}
{{- $lists := dict }}
{{- range $i, $l := $d.mailingLists }}
{{- $dom := $l.domain | default $b.domain }}
{{- $recipients := dict }}
{{- range $l.recipients | default list }}{{ $_ := set $recipients . true }}{{ end }}
{{- $aliases := include "stalwart.directoryAliases" (dict "ids" $ids "aliases" ($l.aliases | default list) "domain" $dom) | fromJson }}
{{- $_ := set $lists (printf "list-%d" $i) (dict "name" $l.name "domainId" (printf "#%s" (get $ids $dom)) "description" ($l.description | default nil) "recipients" $recipients "aliases" $aliases) }}
{{- end }}
{{- if $lists }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "MailingList" "matchOn" $match "value" $lists) }}
{{- end }}
{{- end }}
{{- toJson $ops }}
{{- end }}

{{/*
The fill-secrets script: bash and coreutils of the Stalwart image (and
glibc's iconv), no network. Per slot: refuse an empty, NUL-carrying or
non-UTF-8 Secret value; JSON-escape backslash, quote and U+0000-U+001F
(\uXXXX), the only characters JSON requires escaped (RFC 8259 section 7);
replace the quoted slot. Bytes at or above 0x80 pass unchanged (valid UTF-8
is valid JSON text). Nothing is echoed but paths.
*/}}
{{- define "stalwart.fillSecretsScript" -}}
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true
export LC_ALL=C
umask 077
bs='\'; q='"'
plan=$(cat -- "$PLAN_IN"; printf x); plan=${plan%x}
fill() {
  local file="$SECRETS_DIR/$1/$2" value i c r
  if [ ! -s "$file" ]; then echo "$3: Secret $4 has no key $2, or it is empty (kubectl get secret $4)" >&2; exit 1; fi
  if [ "$(tr -d '\000' < "$file" | wc -c)" != "$(wc -c < "$file")" ]; then echo "$3: the value holds a NUL byte" >&2; exit 1; fi
  if ! iconv -f UTF-8 -t UTF-8 < "$file" > /dev/null 2>&1; then echo "$3: the value is not UTF-8" >&2; exit 1; fi
  value=$(cat -- "$file"; printf x); value=${value%x}
  case $value in *$'\n') echo "$3: note: the value ends with a newline, which is part of the password" >&2 ;; esac
  value=${value//"$bs"/"$bs$bs"}
  value=${value//"$q"/"$bs$q"}
  for i in $(seq 1 31); do
    printf -v c "\\$(printf %03o "$i")"; printf -v r '\\u%04x' "$i"
    value=${value//"$c"/"$r"}
  done
  plan=${plan//"\"__STALWART_SECRET_${1}__\""/"$q$value$q"}
}
{{- range $s := include "stalwart.planSecrets" . | fromJsonArray }}
fill {{ $s.slot }} {{ $s.key | squote }} {{ $s.path | squote }} {{ $s.name | squote }}
{{- end }}
printf '%s' "$plan" > "$PLAN_OUT"
echo "plan: {{ len (include "stalwart.planSecrets" . | fromJsonArray) }} password(s) filled in from their Secrets"
{{- end }}

{{/*
The fill-secrets init container: the Stalwart image (already pinnable by
digest, and the Job's other steps' image), restricted profile, each
Secret key mounted read-only as one file, the output in memory.
*/}}
{{- define "stalwart.fillSecretsContainer" -}}
- name: fill-secrets
  image: {{ include "stalwart.image" . | quote }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command: ["/bin/bash", "-c"]
  args:
    - {{ include "stalwart.fillSecretsScript" . | quote }}
  env:
    - name: PLAN_IN
      value: {{ ternary "/resolved/plan.ndjson" "/plan/plan.ndjson" (not (empty (include "stalwart.bucketClaim" .))) | quote }}
    - name: PLAN_OUT
      value: /filled/plan.ndjson
    - name: SECRETS_DIR
      value: {{ include "stalwart.secretSlotDir" . | quote }}
  # The CLI's user (65532): the filled plan is mode 0600, readable by the
  # apply container alone.
  securityContext:
    {{- include "stalwart.jobSecurityContext" 65532 | nindent 4 }}
  {{- with .Values.bootstrap.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    - name: plan
      mountPath: /plan
      readOnly: true
    {{- if include "stalwart.bucketClaim" . }}
    - name: resolved
      mountPath: /resolved
      readOnly: true
    {{- end }}
    - name: filled
      mountPath: /filled
    {{- range $s := include "stalwart.planSecrets" . | fromJsonArray }}
    - name: {{ printf "plan-secret-%d" (int $s.slot) }}
      mountPath: {{ printf "%s/%d" (include "stalwart.secretSlotDir" $) (int $s.slot) }}
      readOnly: true
    {{- end }}
{{- end }}

{{/*
The fill-secrets volumes: one per slot (its Secret, only its key), and the
in-memory output.
*/}}
{{- define "stalwart.fillSecretsVolumes" -}}
- name: filled
  emptyDir:
    medium: Memory
    sizeLimit: 2Mi
{{- range $s := include "stalwart.planSecrets" . | fromJsonArray }}
- name: {{ printf "plan-secret-%d" (int $s.slot) }}
  secret:
    secretName: {{ $s.name | quote }}
    # A missing Secret or key starts the pod anyway, so fill-secrets
    # names the value path instead of the pod waiting for the deadline.
    optional: true
    defaultMode: 0444
    items:
      - key: {{ $s.key | quote }}
        path: {{ $s.key | quote }}
{{- end }}
{{- end }}

{{/*
The plan file stalwart-cli applies: the filled copy, else the bucket's
resolved copy, else the ConfigMap's.
*/}}
{{- define "stalwart.appliedPlanFile" -}}
{{- if include "stalwart.planSecrets" . | fromJsonArray }}/filled/plan.ndjson
{{- else if include "stalwart.bucketClaim" . }}/resolved/plan.ndjson
{{- else }}/plan/plan.ndjson
{{- end }}
{{- end }}

{{/*
Accounts as code (bootstrap.directory, _accounts.tpl): where it applies,
passwords only from Secrets, every address on a domain the plan knows,
one owner per name and address, groups of known members, and the plan's
password slots written by the chart alone.
*/}}
{{- define "stalwart.validate.accounts" -}}
{{- $v := .Values }}
{{- $b := $v.bootstrap }}
{{- $d := $b.directory }}
{{- $any := or $d.domains $d.accounts $d.groups $d.mailingLists }}
{{- if contains "__STALWART_SECRET_" (toJson $b) }}
{{- fail "bootstrap: a value holds the text __STALWART_SECRET_, the slot the bootstrap Job fills with a password from a Secret; anywhere else it would put that password where it can be read. Remove it; passwords go in bootstrap.directory.accounts[].passwordSecret." }}
{{- end }}
{{- if and $any (not (include "stalwart.declarative" .)) }}
{{- fail "bootstrap.directory: only applies in declarative mode, where the bootstrap Job applies the plan; in wizard mode manage accounts in the admin UI. Set config.dataStore (README \"Declarative mode\") or empty bootstrap.directory." }}
{{- end }}
{{- if and $any (not $b.enabled) }}
{{- fail "bootstrap.directory: bootstrap.enabled=false runs no Job, so nothing would create these entries. Set bootstrap.enabled=true, or empty bootstrap.directory." }}
{{- end }}
{{- if $any }}
{{- /* Domains: the chart's default one and bootstrap.directory.domains, once each */}}
{{- $known := dict }}
{{- if and $b.domain $b.hostname }}{{ $_ := set $known $b.domain "bootstrap.domain" }}{{ end }}
{{- range $i, $dom := $d.domains }}
{{- with get $known $dom.name }}
{{- fail (printf "bootstrap.directory.domains[%d].name: %s is already declared by %s. Remove bootstrap.directory.domains[%d]." $i $dom.name . $i) }}
{{- end }}
{{- $_ := set $known $dom.name (printf "bootstrap.directory.domains[%d]" $i) }}
{{- end }}
{{- /* Every entry: its domain known, its address and aliases owned once */}}
{{- $addresses := dict }}
{{- $names := dict }}
{{- range $kind := list "accounts" "groups" "mailingLists" }}
{{- range $i, $e := get $d $kind }}
{{- $path := printf "bootstrap.directory.%s[%d]" $kind $i }}
{{- $dom := $e.domain | default $b.domain }}
{{- if not $dom }}
{{- fail (printf "%s.domain: is empty and bootstrap.domain is not set, so %s has no domain. Set bootstrap.domain and bootstrap.hostname (the chart's default domain), or %s.domain to one of bootstrap.directory.domains." $path $e.name $path) }}
{{- end }}
{{- if not (hasKey $known $dom) }}
{{- fail (printf "%s.domain: %s is neither bootstrap.domain (with bootstrap.hostname) nor in bootstrap.directory.domains, so the plan has no Domain to put %s in. Add {name: %s} to bootstrap.directory.domains, or use a declared domain." $path $dom $e.name $dom) }}
{{- end }}
{{- $object := ternary "MailingList" "Account" (eq $kind "mailingLists") }}
{{- $key := printf "%s/%s@%s" $object $e.name $dom }}
{{- with get $names $key }}
{{- fail (printf "%s.name: %s@%s is declared twice (also %s); the plan would upsert one %s twice. Keep one entry." $path $e.name $dom . $object) }}
{{- end }}
{{- $_ := set $names $key $path }}
{{- range $j, $alias := prepend ($e.aliases | default list) $e.name }}
{{- $parts := splitList "@" $alias }}
{{- $adom := ternary (last $parts) $dom (eq (len $parts) 2) }}
{{- $apath := ternary $path (printf "%s.aliases[%d]" $path (sub $j 1)) (eq $j 0) }}
{{- if not (hasKey $known $adom) }}
{{- fail (printf "%s: %s is not on a declared domain. Add {name: %s} to bootstrap.directory.domains, or use a declared domain." $apath $alias $adom) }}
{{- end }}
{{- $address := printf "%s@%s" (first $parts) $adom }}
{{- with get $addresses $address }}
{{- fail (printf "%s: the address %s is also %s; Stalwart delivers one address to one owner. Remove one of them." $apath $address .) }}
{{- end }}
{{- $_ := set $addresses $address $apath }}
{{- end }}
{{- end }}
{{- end }}
{{- /* Passwords: only from a Secret */}}
{{- range $i, $a := $d.accounts }}
{{- $path := printf "bootstrap.directory.accounts[%d]" $i }}
{{- if hasKey $a "password" }}
{{- fail (printf "%s.password: an inline password would be stored in the release (helm get values) and the plan ConfigMap. Remove it, put the password in a Secret (kubectl create secret generic mail-passwords --from-literal=%s=…) and set %s.passwordSecret: {name: mail-passwords, key: %s}." $path $a.name $path $a.name) }}
{{- end }}
{{- $ref := $a.passwordSecret | default dict }}
{{- if not $ref.name }}
{{- fail (printf "%s.passwordSecret.name: is empty; every account's password comes from a Kubernetes Secret. Set %s.passwordSecret: {name: <Secret>, key: <key>}." $path $path) }}
{{- end }}
{{- if not $ref.key }}
{{- fail (printf "%s.passwordSecret.key: is empty, so the Job cannot tell which key of Secret %s holds %s's password. Set %s.passwordSecret.key (e.g. %s)." $path $ref.name $a.name $path $a.name) }}
{{- end }}
{{- end }}
{{- /* Groups: members are declared accounts, once */}}
{{- $accounts := list }}
{{- range $d.accounts }}{{ $accounts = append $accounts .name }}{{ end }}
{{- range $i, $g := $d.groups }}
{{- range $j, $m := $g.members | default list }}
{{- if not (has $m $accounts) }}
{{- fail (printf "bootstrap.directory.groups[%d].members[%d]: %s is not in bootstrap.directory.accounts, so the plan cannot add it to group %s (accounts made in the admin UI join groups there). Add the account to bootstrap.directory.accounts, or remove the member." $i $j $m $g.name) }}
{{- end }}
{{- end }}
{{- if ne (len ($g.members | default list)) (len (uniq ($g.members | default list))) }}
{{- fail (printf "bootstrap.directory.groups[%d].members: names an account twice. Keep each member once." $i) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* The reload-only account takes its name at the default domain */}}
{{- with include "stalwart.reloadAccount" . }}
{{- range $i, $a := $d.accounts }}
{{- if and (eq $a.name $v.tls.reload.account) (eq ($a.domain | default $b.domain) $b.domain) }}
{{- fail (printf "bootstrap.directory.accounts[%d].name: %s is the tls-reload sidecar's reload-only account (tls.reload.account), whose permissions the plan replaces on every run. Rename the account, or set tls.reload.account to another name." $i $a.name) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

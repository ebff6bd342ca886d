{{/*
What follows from service.ports, the one place that says which protocols are
published: the ports the `helm test` pod checks and the ones the external
Service carries. Deleting a key under service.ports is the whole edit that
stops publishing a protocol.
*/}}

{{/*
The names of the published ports (JSON list, in the order of
stalwart.mailListeners, then the others by name) that Stalwart listens on
once set up, so the `helm test` pod opens each: the listeners a fresh database creates
(smtp, submissions, imaps, pop3s, sieve, https), the STARTTLS ones
(submission, imap, pop3) only where the bootstrap plan adds them
(declarative mode with bootstrap.listeners.addMissing), and any other
published name the operator added to containerPorts. http is checked by its
health endpoint, not here.
*/}}
{{- define "stalwart.testedPorts" -}}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- $added := and (include "stalwart.declarative" .) .Values.bootstrap.enabled .Values.bootstrap.listeners.addMissing }}
{{- $out := list }}
{{- $known := dict "http" true }}
{{- range $row := include "stalwart.mailListeners" . | fromJsonArray }}
{{- $name := index $row 0 }}
{{- $_ := set $known $name true }}
{{- if and (hasKey $ports $name) (or (not (index $row 3)) $added) }}
{{- $out = append $out $name }}
{{- end }}
{{- end }}
{{- range $name, $port := $ports }}
{{- if not (hasKey $known $name) }}
{{- $out = append $out $name }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
The names the external Service publishes, in externalService.ports order:
those of externalService.ports that service.ports still publishes.
*/}}
{{- define "stalwart.externalPorts" -}}
{{- $ports := include "stalwart.servicePorts" . | fromJson }}
{{- $out := list }}
{{- range $name := .Values.externalService.ports }}
{{- if hasKey $ports $name }}
{{- $out = append $out $name }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
The host name the NOTES' DNS advice names: bootstrap.hostname, else the
first concrete gateway hostname, else "" (the advice then speaks of "the
mail server's host name").
*/}}
{{- define "stalwart.mailHost" -}}
{{- $host := .Values.bootstrap.hostname }}
{{- if not $host }}
{{- range .Values.gateway.hostnames }}
{{- if and (not $host) (not (hasPrefix "*" .)) }}{{ $host = . }}{{ end }}
{{- end }}
{{- end }}
{{- $host }}
{{- end }}

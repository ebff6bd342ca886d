{{/*
Mail TLS from a kubernetes.io/tls Secret, its reload on renewal, and the
public URL. One definition each, shared by the Deployment, the plan
(_declarative.tpl) and the guards (_validate.tpl).
*/}}

{{/*
Where tls.secretName is mounted: a directory (never subPath), so the kubelet
swaps renewed files into the running pod.
*/}}
{{- define "stalwart.tlsDir" -}}
/etc/stalwart/tls
{{- end }}

{{/*
The client id of the chart's Certificate in the plan; also the name the
SystemSettings line references.
*/}}
{{- define "stalwart.tlsCertificateId" -}}
chart-tls
{{- end }}

{{/*
The plan lines registering the mounted files as a Stalwart Certificate.
Certificate has no safe upsert key (its label property,
subjectAlternativeNames, is server-set), so the chart matches on the
`certificate` field: a File reference to the chart's own mount path, which
no certificate the chart does not own can carry. `upsert` never destroys,
so certificates created in the admin UI stay. That apply matches a nested
File body this way is UNVERIFIED (stalwart-declarative-facts.md section 6).
*/}}
{{- define "stalwart.tlsPlanOps" -}}
{{- $ops := list }}
{{- if .Values.tls.secretName }}
{{- $dir := include "stalwart.tlsDir" . }}
{{- $id := include "stalwart.tlsCertificateId" . }}
{{- $body := dict "certificate" (dict "@type" "File" "filePath" (printf "%s/tls.crt" $dir)) "privateKey" (dict "@type" "File" "filePath" (printf "%s/tls.key" $dir)) }}
{{- $ops = append $ops (dict "@type" "upsert" "object" "Certificate" "matchOn" (list "certificate") "value" (dict $id $body)) }}
{{- $ops = append $ops (dict "@type" "update" "object" "SystemSettings" "value" (dict "defaultCertificateId" (printf "#%s" $id))) }}
{{- $ops = append $ops (dict "@type" "create" "object" "Action" "value" (dict "reload-tls" (dict "@type" "ReloadTlsCertificates"))) }}
{{- end }}
{{- toJson $ops }}
{{- end }}

{{/*
The Secret (keys username, password) the reload sidecar authenticates
with: tls.reload.existingSecret, else the generated reload-only account's
(_accounts.tpl) when the plan creates one, else the recovery admin's in
declarative mode; "" when there is none (a guard then refuses the sidecar).
*/}}
{{- define "stalwart.reloadSecretName" -}}
{{- if .Values.tls.reload.existingSecret }}
{{- .Values.tls.reload.existingSecret }}
{{- else if include "stalwart.reloadAccount" . }}
{{- include "stalwart.reloadGeneratedSecretName" . }}
{{- else if include "stalwart.declarative" . }}
{{- include "stalwart.adminSecretName" . }}
{{- end }}
{{- end }}

{{/*
"true" when the reload sidecar runs.
*/}}
{{- define "stalwart.tlsReload" -}}
{{- if and .Values.tls.secretName .Values.tls.reload.enabled }}true{{ end }}
{{- end }}

{{/*
The reload sidecar's script. It hashes the mounted files every
$INTERVAL seconds and, when the hash changed, creates a
ReloadTlsCertificates Action through JMAP on the pod's own HTTP port. A
failed request (server down, starting, refusing) keeps the old hash, so the
next round retries. TERM ends it at once: the pod's grace period is left to
Stalwart.
*/}}
{{- define "stalwart.reloadScript" -}}
set -u
trap 'exit 0' TERM INT
fingerprint() { cat "$TLS_DIR/tls.crt" "$TLS_DIR/tls.key" 2>/dev/null | sha256sum | cut -d' ' -f1; }
body='{"using":["urn:ietf:params:jmap:core","urn:stalwart:jmap"],"methodCalls":[["x:Action/set",{"create":{"r1":{"@type":"ReloadTlsCertificates"}}},"c1"]]}'
loaded=$(fingerprint)
echo "watching $TLS_DIR every ${INTERVAL}s (fingerprint $loaded)"
while true; do
  sleep "$INTERVAL" & wait $!
  now=$(fingerprint)
  [ "$now" = "$loaded" ] && continue
  # The credentials reach curl on stdin (-K -), never on a command line;
  # backslashes and quotes escaped for curl's config syntax.
  cred="$RELOAD_USER:$RELOAD_PASSWORD"; cred=${cred//\\/\\\\}; cred=${cred//\"/\\\"}
  answer=$(printf 'user = "%s"\n' "$cred" | curl -q -K - -sS --max-time 10 -H 'Content-Type: application/json' \
    --data "$body" "$STALWART_URL/jmap/" 2>&1)
  if printf '%s' "$answer" | tr -d ' \n' | grep -q '"created":{"r1"'; then
    loaded=$now
    echo "certificate files changed: ReloadTlsCertificates created (fingerprint $now)"
  else
    echo "reload failed, retrying in ${INTERVAL}s: $answer" >&2
  fi
done
{{- end }}

{{/*
The reload sidecar: the Stalwart image (bash, curl, sha256sum), no
capability, no token, the TLS directory read-only, and the credentials of
the reload-only account (or, without a plan, an admin) from a Secret.
*/}}
{{- define "stalwart.reloadContainer" -}}
{{- $secret := include "stalwart.reloadSecretName" . }}
- name: tls-reload
  image: {{ include "stalwart.image" . | quote }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command: ["/bin/bash", "-c"]
  args:
    - {{ include "stalwart.reloadScript" . | quote }}
  env:
    - name: TLS_DIR
      value: {{ include "stalwart.tlsDir" . | quote }}
    - name: INTERVAL
      value: {{ .Values.tls.reload.intervalSeconds | quote }}
    - name: STALWART_URL
      value: {{ printf "http://127.0.0.1:%d" (int .Values.containerPorts.http) | quote }}
    {{- with include "stalwart.reloadAccount" . }}
    # The reload-only account the plan creates (tls.reload.account).
    - name: RELOAD_USER
      value: {{ . | quote }}
    {{- else }}
    - name: RELOAD_USER
      valueFrom:
        secretKeyRef:
          name: {{ $secret | quote }}
          key: username
    {{- end }}
    - name: RELOAD_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ $secret | quote }}
          key: password
  securityContext:
    {{- include "stalwart.jobSecurityContext" 2000 | nindent 4 }}
  {{- with .Values.tls.reload.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    - name: tls
      mountPath: {{ include "stalwart.tlsDir" . }}
      readOnly: true
{{- end }}

{{/*
STALWART_PUBLIC_URL the chart sets: https://<first gateway hostname> while
the gateway is enabled and env does not set it; "" otherwise.
*/}}
{{- define "stalwart.publicUrl" -}}
{{- $set := false }}
{{- range .Values.env }}
{{- if eq .name "STALWART_PUBLIC_URL" }}{{ $set = true }}{{ end }}
{{- end }}
{{- if and .Values.gateway.enabled (not $set) .Values.gateway.hostnames }}
{{- $host := first .Values.gateway.hostnames }}
{{- if not (hasPrefix "*" $host) }}
{{- printf "https://%s" $host }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Trust for Stalwart's outgoing TLS (PostgreSQL, S3, ACME, ...). Stalwart
builds its client config with rustls-platform-verifier, which loads roots
through rustls-native-certs: SSL_CERT_FILE and SSL_CERT_DIR replace the
system store, so the image's own bundle is named again beside the directory
of tls.trustedCAs (Stalwart v0.16.18 crates/utils/src/tls.rs:15-22;
rustls-platform-verifier 0.7.0 src/verification/others.rs:92;
rustls-native-certs 0.8.4 src/lib.rs:118-124, 244-262). The bundle is
Debian's ca-certificates file in the trixie-slim image (Dockerfile:27-30).
*/}}
{{- define "stalwart.trustDir" -}}
/etc/stalwart/trust
{{- end }}

{{- define "stalwart.systemTrustBundle" -}}
/etc/ssl/certs/ca-certificates.crt
{{- end }}

{{- /* The volume of tls.trustedCAs; only the named keys, since a CA Secret may also hold the CA's private key. */}}
{{- define "stalwart.trustVolume" -}}
{{- with .Values.tls.trustedCAs }}
- name: trusted-cas
  projected:
    defaultMode: 0444
    sources:
      {{- range $i, $ca := . }}
      - secret:
          name: {{ $ca.name | quote }}
          items:
            - key: {{ $ca.key | quote }}
              path: {{ printf "%d-%s.crt" $i $ca.name | quote }}
      {{- end }}
{{- end }}
{{- end }}

{{/*
Logs (README "Logs"). A fresh database logs through a file tracer into
/var/log/stalwart that rotates daily and never deletes (TracerLog has no
retention field: stalwart v0.16.18 crates/registry/src/schema/structs.rs:6075-6096,
manager/defaults.rs:523-537), on a size-limited emptyDir: full means eviction.
Declarative mode with bootstrap.consoleLog removes that tracer before the
first reload; elsewhere a sidecar bounds what stays on disk.
*/}}

{{/*
"true" when the log-prune sidecar runs: enabled, and a file tracer may write
(wizard mode, or declarative mode without the console log).
*/}}
{{- define "stalwart.logPrune" -}}
{{- if and .Values.logPrune.enabled (or (not (include "stalwart.declarative" .)) (not .Values.bootstrap.consoleLog.enabled)) }}true{{ end }}
{{- end }}

{{/*
The prune loop: while the files take more than MAX_MIB, delete the oldest
(names carry the date, so they sort by age), never the newest; if the newest
alone is still too large, empty it in place (the tracer keeps appending).
*/}}
{{- define "stalwart.logPruneScript" -}}
shopt -s nullglob
max=$((MAX_MIB * 1048576))
while :; do
  files=("$LOG_DIR"/*)
  total=0
  for f in "${files[@]}"; do total=$((total + $(stat -c %s -- "$f"))); done
  i=0
  while [ "$total" -gt "$max" ] && [ "$i" -lt $((${#files[@]} - 1)) ]; do
    size=$(stat -c %s -- "${files[$i]}")
    rm -f -- "${files[$i]}" && echo "removed ${files[$i]} ($size bytes)"
    total=$((total - size))
    i=$((i + 1))
  done
  if [ "$total" -gt "$max" ]; then
    : > "${files[-1]}" && echo "emptied ${files[-1]} ($total bytes in all)"
  fi
  sleep "$INTERVAL" || break
done
{{- end }}

{{/*
The sidecar: the Stalwart image (bash, coreutils), no capability, only the log volume.
*/}}
{{- define "stalwart.logPruneContainer" -}}
- name: log-prune
  image: {{ include "stalwart.image" . | quote }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command: ["/bin/bash", "-c"]
  args:
    - {{ include "stalwart.logPruneScript" . | quote }}
  env:
    - name: LOG_DIR
      value: /var/log/stalwart
    - name: MAX_MIB
      value: {{ .Values.logPrune.maxMiB | quote }}
    - name: INTERVAL
      value: {{ .Values.logPrune.intervalSeconds | quote }}
    - name: LC_ALL
      value: C
  securityContext:
    {{- include "stalwart.jobSecurityContext" 2000 | nindent 4 }}
  {{- with .Values.logPrune.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    - name: logs
      mountPath: /var/log/stalwart
{{- end }}

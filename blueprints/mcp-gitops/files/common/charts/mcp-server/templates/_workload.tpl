{{/*
What a server's pod reads and writes besides its image: Secrets from External Secrets (variables or read-only
files), configuration files (a read-only ConfigMap), writable volumes (PersistentVolumeClaims or emptyDirs), and the
OpenTelemetry environment. Shared by the Deployment and the MCPServer (kmcp has volumes, volumeMounts, secretRefs
and env). The root filesystem stays read-only: only /tmp and persistence.volumes are writable.
*/}}

{{/* Secrets whose keys become variables: envFrom.secrets, then External Secrets' Secrets not mounted as files. JSON. */}}
{{- define "mcp-server.envFromSecrets" -}}
{{- $names := concat (list) .Values.envFrom.secrets }}
{{- range .Values.externalSecrets.secrets }}
{{- if not .mountPath }}{{ $names = append $names (printf "%s-%s" (include "mcp-server.fullname" $) .name) }}{{ end }}
{{- end }}
{{- toJson $names }}
{{- end }}

{{- define "mcp-server.extraVolumes" -}}
{{- if .Values.config.files }}
- name: config
  configMap:
    name: {{ include "mcp-server.fullname" . }}-config
{{- end }}
{{- range .Values.externalSecrets.secrets }}
{{- if .mountPath }}
- name: secret-{{ .name }}
  secret:
    secretName: {{ printf "%s-%s" (include "mcp-server.fullname" $) .name }}
{{- end }}
{{- end }}
{{- range .Values.persistence.volumes }}
- name: data-{{ .name }}
  {{- if eq .type "pvc" }}
  persistentVolumeClaim:
    claimName: {{ printf "%s-%s" (include "mcp-server.fullname" $) .name }}
  {{- else }}
  emptyDir:
    sizeLimit: {{ .size }}
  {{- end }}
{{- end }}
{{- end }}

{{- define "mcp-server.extraVolumeMounts" -}}
{{- if .Values.config.files }}
- name: config
  mountPath: {{ .Values.config.mountPath }}
  readOnly: true
{{- end }}
{{- range .Values.externalSecrets.secrets }}
{{- if .mountPath }}
- name: secret-{{ .name }}
  mountPath: {{ .mountPath }}
  readOnly: true
{{- end }}
{{- end }}
{{- range .Values.persistence.volumes }}
- name: data-{{ .name }}
  mountPath: {{ .mountPath }}
{{- end }}
{{- end }}

{{/* "true" when a claim is held by one node or one pod: a rollout must stop the old pod before starting the new one. */}}
{{- define "mcp-server.singleWriter" -}}
{{- range .Values.persistence.volumes }}
{{- if and (eq .type "pvc") (has .accessMode (list "ReadWriteOnce" "ReadWriteOncePod")) }}true{{ end }}
{{- end }}
{{- end }}

{{/* Pod annotations that roll the pods when what they read at start changes. */}}
{{- define "mcp-server.checksums" -}}
checksum/env: {{ .Values.env | toJson | sha256sum | trunc 16 | quote }}
{{- if .Values.config.files }}
checksum/config: {{ .Values.config.files | toJson | sha256sum | trunc 16 | quote }}
{{- end }}
{{- end }}

{{/*
The OpenTelemetry SDK environment as a dict (for fromJson): exporter, service name, resource attributes (the
environment, the namespace and, where the pod's name is in K8S_POD_NAME, the pod), sampler. Call with (list $ pod).
*/}}
{{- define "mcp-server.otelEnv" -}}
{{- $root := index . 0 }}
{{- $tracing := $root.Values.tracing }}
{{- $env := dict }}
{{- if $tracing.enabled }}
{{- $attributes := list }}
{{- range $key, $value := $tracing.resourceAttributes }}{{ $attributes = append $attributes (printf "%s=%s" $key $value) }}{{ end }}
{{- $attributes = append $attributes (printf "k8s.namespace.name=%s" $root.Release.Namespace) }}
{{- if index . 1 }}{{ $attributes = append $attributes "k8s.pod.name=$(K8S_POD_NAME)" }}{{ end }}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" $tracing.endpoint }}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_PROTOCOL" $tracing.protocol }}
{{- $_ := set $env "OTEL_SERVICE_NAME" (default (include "mcp-server.fullname" $root) $tracing.serviceName) }}
{{- $_ := set $env "OTEL_RESOURCE_ATTRIBUTES" (join "," $attributes) }}
{{- $_ := set $env "OTEL_TRACES_SAMPLER" $tracing.sampler }}
{{- with $tracing.samplerArg }}{{ $_ := set $env "OTEL_TRACES_SAMPLER_ARG" . }}{{ end }}
{{- /* The spec's default exporter is otlp for every signal: only traces go to the endpoint unless asked. */}}
{{- $_ := set $env "OTEL_METRICS_EXPORTER" (default "none" $tracing.metricsExporter) }}
{{- $_ := set $env "OTEL_LOGS_EXPORTER" (default "none" $tracing.logsExporter) }}
{{- end }}
{{- toJson $env }}
{{- end }}

{{/* Annotations the edge policy puts on the Ingress or HTTPRoute, with the user's exposure.annotations winning. */}}
{{- define "mcp-server.routeAnnotations" -}}
{{- $name := include "mcp-server.fullname" . }}
{{- $edge := .Values.edge }}
{{- $annotations := deepCopy $edge.annotations }}
{{- if eq .Values.exposure.type "ingress" }}
{{- with $edge.middlewares }}
{{- $refs := list }}
{{- range . }}{{ $refs = append $refs (printf "%s-%s-%s@kubernetescrd" $.Release.Namespace $name .name) }}{{ end }}
{{- $_ := set $annotations "traefik.ingress.kubernetes.io/router.middlewares" (join "," $refs) }}
{{- end }}
{{- with $edge.kongPlugins }}
{{- $refs := list }}
{{- range . }}{{ $refs = append $refs (printf "%s-%s" $name .name) }}{{ end }}
{{- $_ := set $annotations "konghq.com/plugins" (join "," $refs) }}
{{- end }}
{{- if $edge.responseHeaders }}
{{- $_ := set $annotations "nginx.ingress.kubernetes.io/custom-headers" (printf "%s/%s" .Release.Namespace (include "mcp-server.responseHeadersName" .)) }}
{{- end }}
{{- end }}
{{- toYaml (merge (deepCopy .Values.exposure.annotations) $annotations) }}
{{- end }}

{{/* The HTTPRoute rule's filters: the standard ones (edge.filters), then Traefik Middlewares or KongPlugins by reference. */}}
{{- define "mcp-server.routeFilters" -}}
{{- $name := include "mcp-server.fullname" . }}
{{- $filters := concat (list) .Values.edge.filters }}
{{- range .Values.edge.middlewares }}
{{- $filters = append $filters (dict "type" "ExtensionRef" "extensionRef" (dict "group" "traefik.io" "kind" "Middleware" "name" (printf "%s-%s" $name .name))) }}
{{- end }}
{{- range .Values.edge.kongPlugins }}
{{- $filters = append $filters (dict "type" "ExtensionRef" "extensionRef" (dict "group" "configuration.konghq.com" "kind" "KongPlugin" "name" (printf "%s-%s" $name .name))) }}
{{- end }}
{{- toJson $filters }}
{{- end }}

{{/* Combinations of these values that cannot work; each message says what to change. */}}
{{- define "mcp-server.validateWorkload" -}}
{{- $v := .Values }}
{{- if and $v.externalSecrets.secrets (empty $v.externalSecrets.store.name) }}
{{- fail "externalSecrets.secrets need externalSecrets.store.name: the SecretStore or ClusterSecretStore they read from" }}
{{- end }}
{{- if include "mcp-server.singleWriter" . }}
{{- if eq $v.mode "mcpserver" }}
{{- fail "a ReadWriteOnce or ReadWriteOncePod volume cannot be handed over in mode mcpserver: kagent rolls its Deployment with a surge pod; use ReadWriteMany, an emptyDir, or mode deployment" }}
{{- end }}
{{- if or (gt (int $v.replicaCount) 1) $v.autoscaling.enabled $v.keda.enabled }}
{{- fail "a ReadWriteOnce or ReadWriteOncePod volume is held by one node or pod: run one replica, or use ReadWriteMany or an emptyDir" }}
{{- end }}
{{- end }}
{{- if and $v.tracing.enabled (empty $v.tracing.endpoint) }}
{{- fail "tracing.enabled needs tracing.endpoint: the OTLP receiver's URL" }}
{{- end }}
{{- end }}

{{/* Names are the release name, so every server keeps the same object names in every environment. */}}
{{- define "mcp-server.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mcp-server.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "mcp-server.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mcp-server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mcp-server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "mcp-server.labels" -}}
helm.sh/chart: {{ include "mcp-server.chart" . }}
{{ include "mcp-server.selectorLabels" . }}
app.kubernetes.io/version: {{ include "mcp-server.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: mcp-server
{{- end }}

{{/*
Labels of the pod template: no chart or app version, which change without the pod changing — a label change in the
template is a rollout, and a rollout drops every live MCP session.
*/}}
{{- define "mcp-server.podLabels" -}}
{{ include "mcp-server.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: mcp-server
{{- end }}

{{- define "mcp-server.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mcp-server.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository[:tag][@digest]; a digest pins the image even when a tag is given for readability. */}}
{{- define "mcp-server.image" -}}
{{- $ref := .Values.image.repository }}
{{- if .Values.image.tag }}{{ $ref = printf "%s:%s" $ref .Values.image.tag }}{{ end }}
{{- if .Values.image.digest }}{{ $ref = printf "%s@%s" $ref .Values.image.digest }}{{ end }}
{{- $ref }}
{{- end }}

{{- define "mcp-server.imageTag" -}}
{{- if .Values.image.tag }}{{ .Values.image.tag }}{{ else }}{{ .Values.image.digest | trimPrefix "sha256:" | trunc 12 }}{{ end }}
{{- end }}

{{/*
Labels that select the server's pods, whoever creates them: this chart's Deployment, or the kagent operator for an
MCPServer (kagent labels its pods app.kubernetes.io/name and app.kubernetes.io/instance with the MCPServer's name,
which is the fullname). PDB, NetworkPolicy and topology spread select with these.
*/}}
{{- define "mcp-server.podSelectorLabels" -}}
{{- if eq .Values.mode "mcpserver" -}}
app.kubernetes.io/name: {{ include "mcp-server.fullname" . }}
app.kubernetes.io/instance: {{ include "mcp-server.fullname" . }}
{{- else if include "mcp-server.flagger" . -}}
{{- /* Flagger's primary pods carry app.kubernetes.io/name <name>-primary; both versions keep the rest. */}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: mcp-server
{{- else -}}
{{ include "mcp-server.selectorLabels" . }}
{{- end }}
{{- end }}

{{/* The Service in front of the pods: this chart's (service.port), or kagent's (named after the MCPServer, mcp.port). */}}
{{- define "mcp-server.servicePort" -}}
{{- if eq .Values.mode "mcpserver" }}{{ .Values.mcp.port }}{{ else }}{{ .Values.service.port }}{{ end }}
{{- end }}

{{/* kagent's transport adapter serves a stdio server at /mcp (streamable HTTP) and /sse. */}}
{{- define "mcp-server.endpointPath" -}}
{{- if and (eq .Values.mode "mcpserver") (eq .Values.mcp.transport "stdio") }}/mcp{{ else }}{{ .Values.mcp.path }}{{ end }}
{{- end }}

{{- define "mcp-server.endpointTransport" -}}
{{- if eq .Values.mcp.transport "stdio" }}streamable-http{{ else }}{{ .Values.mcp.transport }}{{ end }}
{{- end }}

{{/*
ingress-nginx's custom-headers ConfigMap, named after its content: the controller re-reads it only when the Ingress
itself changes, so a header edit becomes a new name on the Ingress, the way checksum/config rolls the pods.
*/}}
{{- define "mcp-server.responseHeadersName" -}}
{{- printf "%s-headers-%s" (include "mcp-server.fullname" .) (toJson .Values.edge.responseHeaders | sha256sum | trunc 8) }}
{{- end }}

{{- define "mcp-server.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "mcp-server.fullname" .)) .Values.tls.secretName }}
{{- end }}

{{/* Container arguments: args, then the read-only switch. JSON, for fromJsonArray. */}}
{{- define "mcp-server.args" -}}
{{- $args := .Values.args }}
{{- if and .Values.readOnly.enabled .Values.readOnly.arg }}{{ $args = append $args .Values.readOnly.arg }}{{ end }}
{{- toJson $args }}
{{- end }}

{{/* Plain environment variables: env, then the read-only switch. JSON, for fromJson. */}}
{{- define "mcp-server.env" -}}
{{- $env := dict }}
{{- range $name, $value := .Values.env }}{{ $_ := set $env $name (toString $value) }}{{ end }}
{{- if and .Values.readOnly.enabled .Values.readOnly.env }}{{ $_ := set $env .Values.readOnly.env "true" }}{{ end }}
{{- /* Tracing's OTEL_* variables; kagent's pods have no downward API here, so no pod name there. */}}
{{- $env = merge $env (include "mcp-server.otelEnv" (list . (eq .Values.mode "deployment")) | fromJson) }}
{{- toJson $env }}
{{- end }}

{{/* Topology spread as preferred pod anti-affinity, for mode: mcpserver (the MCPServer CRD has no topologySpreadConstraints). */}}
{{- define "mcp-server.spreadAffinity" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "mcp-server.podSelectorLabels" . | nindent 12 }}
    - weight: 50
      podAffinityTerm:
        topologyKey: topology.kubernetes.io/zone
        labelSelector:
          matchLabels:
            {{- include "mcp-server.podSelectorLabels" . | nindent 12 }}
{{- end }}

{{/* Combinations the schema cannot express; each message says what to change. */}}
{{- define "mcp-server.validate" -}}
{{- $v := .Values }}
{{- if and (eq $v.mode "deployment") (eq $v.mcp.transport "stdio") }}
{{- fail "mcp.transport stdio needs mode: mcpserver (kagent's transport adapter serves a stdio server over HTTP); a Deployment can only run HTTP servers" }}
{{- end }}
{{- if and (eq $v.mode "mcpserver") (eq $v.mcp.transport "stdio") (empty $v.command) }}
{{- fail "mode: mcpserver with mcp.transport stdio needs command: kagent replaces the image's entrypoint with its transport adapter, which then runs command" }}
{{- end }}
{{- if and (eq $v.mode "mcpserver") (eq $v.mcp.transport "sse") }}
{{- fail "mode: mcpserver cannot run an SSE server: kagent always calls an MCPServer at http://<name>.<namespace>:<port>/mcp with streamable HTTP; use mcp.transport streamable-http (path /mcp), or mode: deployment for an SSE server" }}
{{- end }}
{{- if and (eq $v.mode "mcpserver") (eq $v.mcp.transport "streamable-http") (ne $v.mcp.path "/mcp") }}
{{- fail "mode: mcpserver needs mcp.path /mcp: kagent ignores the MCPServer's path and always calls http://<name>.<namespace>:<port>/mcp; serve MCP at /mcp, or use mode: deployment" }}
{{- end }}
{{- if and $v.mcp.stateless (ne $v.mcp.transport "streamable-http") }}
{{- fail "mcp.stateless needs mcp.transport streamable-http: an SSE session is a stream held by one pod, and kagent's stdio adapter starts one process per session" }}
{{- end }}
{{- if and (not $v.mcp.stateless) (or (gt (int $v.replicaCount) 1) $v.autoscaling.enabled $v.keda.enabled) }}
{{- if eq $v.mode "mcpserver" }}
{{- fail "a stateful MCP server (mcp.stateless false) in mode: mcpserver runs one replica: each session lives in one process, and kagent's Service has no session affinity; set mcp.stateless true if the server keeps no session state" }}
{{- else if ne $v.service.sessionAffinity "ClientIP" }}
{{- fail "a stateful MCP server (mcp.stateless false) cannot run more than one replica: each session lives in one process, and requests reaching another pod fail; set mcp.stateless true if the server keeps no session state, or service.sessionAffinity ClientIP for clients inside the cluster" }}
{{- else if ne $v.exposure.type "none" }}
{{- fail "service.sessionAffinity ClientIP does not keep sessions behind an Ingress or a Gateway, which route to the pods directly: run one replica, or set mcp.stateless true if the server keeps no session state" }}
{{- end }}
{{- end }}
{{- if and (eq $v.rbac.preset "custom") (empty $v.rbac.rules) }}
{{- fail "rbac.preset custom needs rbac.rules" }}
{{- end }}
{{- if and (eq $v.mode "mcpserver") (or $v.autoscaling.enabled $v.keda.enabled) }}
{{- fail "autoscaling and keda need mode: deployment: the kagent operator resets the replica count of the Deployment it owns on every reconcile, so an autoscaler would fight it" }}
{{- end }}
{{- if and $v.autoscaling.enabled $v.keda.enabled }}
{{- fail "enable either autoscaling (an HPA) or keda (a ScaledObject, which creates its own HPA), not both" }}
{{- end }}
{{- if and (or $v.autoscaling.enabled $v.keda.enabled) (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- if and (ne $v.exposure.type "none") (empty $v.exposure.hostname) }}
{{- fail "exposure.hostname is required when exposure.type is not none" }}
{{- end }}
{{- if and (eq $v.exposure.type "httproute") (empty $v.exposure.httpRoute.parentRefs) }}
{{- fail "exposure.httpRoute.parentRefs must name the Gateway the HTTPRoute attaches to" }}
{{- end }}
{{- if and $v.tls.enabled (eq $v.exposure.type "none") }}
{{- fail "tls.enabled needs an exposure (ingress or httproute) whose hostname gets the certificate" }}
{{- end }}
{{- if and $v.tls.createClusterIssuer.enabled (or (empty $v.tls.createClusterIssuer.email) (ne $v.tls.issuer.kind "ClusterIssuer")) }}
{{- fail "tls.createClusterIssuer needs tls.createClusterIssuer.email and tls.issuer.kind ClusterIssuer" }}
{{- end }}
{{- end }}

{{/* The MCP check's pod: deliberately not matched by the Service's selector, so it never receives traffic. */}}
{{- define "mcp-server.testSelectorLabels" -}}
app.kubernetes.io/name: {{ include "mcp-server.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The service account token is mounted only for servers granted API access (rbac), or when asked for outright. */}}
{{- define "mcp-server.automountToken" -}}
{{- or .Values.serviceAccount.automountToken (ne .Values.rbac.preset "none") }}
{{- end }}

{{/*
A probe from probes.<kind>: with mcp.healthPath set, the default TCP check becomes an HTTP GET of the health endpoint
(a GET on the MCP endpoint itself is not a health check: it answers 400 or 405 without a session). Call with
(list $ probe).
*/}}
{{- define "mcp-server.probe" -}}
{{- $root := index . 0 }}
{{- $probe := deepCopy (index . 1) }}
{{- if and $root.Values.mcp.healthPath (hasKey $probe "tcpSocket") }}
{{- $_ := unset $probe "tcpSocket" }}
{{- $_ := set $probe "httpGet" (dict "path" $root.Values.mcp.healthPath "port" "http") }}
{{- end }}
{{- toYaml $probe }}
{{- end }}

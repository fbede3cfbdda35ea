{{/*
Observability helpers: the metrics port, and the Grafana dashboards shipped in dashboards/*.json (built with the
Grafana Foundation SDK). A dashboard is generic; this fills in its hidden constants (server name, metric names,
matchers), opens it on the release's environment and namespace, and gives it a uid and title unique per release.
*/}}

{{/* "metrics" when the server serves Prometheus metrics on a port of its own, else "http" (the MCP port). */}}
{{- define "mcp-server.metricsPortName" -}}
{{- $port := int .Values.monitoring.serviceMonitor.port }}
{{- if and $port (ne $port (int .Values.mcp.port)) }}metrics{{ else }}http{{ end }}
{{- end }}

{{- define "mcp-server.metricsPort" -}}
{{- if eq (include "mcp-server.metricsPortName" .) "metrics" }}{{ .Values.monitoring.serviceMonitor.port }}{{ else }}{{ .Values.mcp.port }}{{ end }}
{{- end }}

{{/* The environment label the ServiceMonitor adds to every series; the namespace when none is given. */}}
{{- define "mcp-server.environment" -}}
{{- default .Release.Namespace .Values.monitoring.environment }}
{{- end }}

{{/* The chart's labels plus monitoring.labels (which Prometheus selects by); the chart's win on a clash. */}}
{{- define "mcp-server.monitoringLabels" -}}
{{- toYaml (merge (dict) (include "mcp-server.labels" . | fromYaml) .Values.monitoring.labels) }}
{{- end }}

{{/* A dashboard as JSON. Call with (list $ "overview"). */}}
{{- define "mcp-server.dashboard" -}}
{{- $root := index . 0 }}
{{- $kind := index . 1 }}
{{- $dashboard := $root.Files.Get (printf "dashboards/%s.json" $kind) | fromJson }}
{{- $name := include "mcp-server.fullname" $root }}
{{- $environment := include "mcp-server.environment" $root }}
{{- $m := $root.Values.monitoring.metrics }}
{{- $constants := dict "server" $name "requests_metric" $m.requests "duration_metric" $m.duration "tool_calls_metric" $m.toolCalls "error_matcher" $m.errorMatcher "tool_label" $m.toolLabel "tool_error_matcher" $m.toolErrorMatcher "tool_duration_metric" $m.toolDuration "k8s_api_metric" $m.k8sApiCalls "slo" (toString $root.Values.monitoring.dashboards.slo) }}
{{- $current := dict "environment" $environment "namespace" $root.Release.Namespace }}
{{- range $variable := $dashboard.templating.list }}
{{- if hasKey $constants $variable.name }}
{{- $_ := set $variable "query" (get $constants $variable.name) }}
{{- else if hasKey $current $variable.name }}
{{- $value := get $current $variable.name }}
{{- $_ := set $variable "current" (dict "text" $value "value" $value) }}
{{- end }}
{{- end }}
{{- /* A server without API access (rbac none) makes no Kubernetes API calls: its row and panels are left out. */}}
{{- if eq $root.Values.rbac.preset "none" }}
{{- $kept := list }}
{{- $dropping := false }}
{{- range $dashboard.panels }}
{{- if eq .type "row" }}{{ $dropping = hasPrefix "Kubernetes API" .title }}{{ end }}
{{- if not $dropping }}{{ $kept = append $kept . }}{{ end }}
{{- end }}
{{- $_ := set $dashboard "panels" $kept }}
{{- end }}
{{- $_ := set $dashboard "uid" (printf "mcp-%s-%s" $kind (printf "%s/%s" $root.Release.Namespace $name | sha256sum | trunc 12)) }}
{{- $_ := set $dashboard "title" (printf "%s · %s · %s" $name $dashboard.title $environment) }}
{{- toJson $dashboard }}
{{- end }}

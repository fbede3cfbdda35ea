{{/*
Progressive delivery (values `rollout`): which controller replaces the versions of this release, what splits the
traffic, and the analysis both controllers run — the MCP check (files/mcp-check.sh) before any traffic reaches the
new version, then the alerts' metrics on the new version's own pods.
*/}}

{{/* flagger, argo-rollouts, or nothing: the Deployment's rolling update (and always in mode mcpserver). */}}
{{- define "mcp-server.rolloutController" -}}
{{- if and (eq .Values.mode "deployment") (ne .Values.rollout.strategy "rolling") }}{{ .Values.rollout.controller }}{{ end }}
{{- end }}

{{/* "true" when Flagger runs this release: it owns the Services, the primary Deployment and, with Gateway API, the route. */}}
{{- define "mcp-server.flagger" -}}
{{- if eq (include "mcp-server.rolloutController" .) "flagger" }}true{{ end }}
{{- end }}

{{/*
"true" when Flagger runs this release without an autoscaler: the chart then renders a fixed-size HPA
(minReplicas = maxReplicas = replicaCount) as the Canary's autoscalerRef and leaves the Deployment's replica count
out. Flagger scales the Deployment to zero after each promotion; a count in the manifest would make every later Helm
upgrade (a threshold, a dashboard) scale it back up, with nothing to scale it down until the next analysis. An HPA
leaves a Deployment at zero alone, and Flagger sizes the primary and the canary from it.
*/}}
{{- define "mcp-server.fixedScale" -}}
{{- if and (include "mcp-server.flagger" .) (not .Values.autoscaling.enabled) (not .Values.keda.enabled) }}true{{ end }}
{{- end }}

{{/* "true" when Argo Rollouts runs this release: a Rollout takes the Deployment's place. */}}
{{- define "mcp-server.argoRollout" -}}
{{- if eq (include "mcp-server.rolloutController" .) "argo-rollouts" }}true{{ end }}
{{- end }}

{{/*
What splits the traffic: the answer, else the exposure's own means for a canary (Gateway API weights, the nginx
canary ingress), else nothing (kubernetes: a blue-green switch of the Service).
*/}}
{{- define "mcp-server.rolloutProvider" -}}
{{- $r := .Values.rollout }}
{{- if $r.provider }}{{ $r.provider }}
{{- else if eq $r.strategy "blueGreen" }}kubernetes
{{- else if eq .Values.exposure.type "httproute" }}gatewayapi
{{- else if eq .Values.exposure.type "ingress" }}nginx
{{- else }}kubernetes
{{- end }}
{{- end }}

{{/* The workload the autoscalers and the disruption budget act on: the Rollout, or the Deployment. */}}
{{- define "mcp-server.workloadRef" -}}
{{- if include "mcp-server.argoRollout" . -}}
apiVersion: argoproj.io/v1alpha1
kind: Rollout
{{- else -}}
apiVersion: apps/v1
kind: Deployment
{{- end }}
name: {{ include "mcp-server.fullname" . }}
{{- end }}

{{/*
The analysis queries for the new version's pods only (`pods`, a regex of pod names), as JSON: name → PromQL. The
same series and matchers as the alerts (lib/alerts.mjs), over the step's interval or four scrapes, the longer. A ratio over no requests and a
quantile over no samples are NaN, and an absent series is no value: both count as zero (no traffic, no failure),
since both controllers treat a missing value as a failed check. Call with (list $ pods).
*/}}
{{- define "mcp-server.analysisQueries" -}}
{{- $root := index . 0 }}
{{- $m := $root.Values.monitoring.metrics }}
{{- $sel := printf "namespace=%q, job=%q, pod=~%q" $root.Release.Namespace (include "mcp-server.fullname" $root) (index . 1) }}
{{- /*
The window: the step's interval, but at least four scrapes — rate() needs two samples in its range, and a window of
one or two scrape intervals often holds fewer, which would read as no traffic.
*/}}
{{- $w := printf "%ds" (max (int (include "mcp-server.seconds" $root.Values.rollout.interval)) (mul 4 (int (include "mcp-server.seconds" $root.Values.monitoring.serviceMonitor.interval)))) }}
{{- $ratio := "((sum(rate(%s{%s, %s}[%s])) / sum(rate(%s{%s}[%s]))) >= 0) or on() vector(0)" }}
{{- $queries := dict "error-ratio" (printf $ratio $m.requests $sel $m.errorMatcher $w $m.requests $sel $w) }}
{{- $_ := set $queries "latency" (printf "(histogram_quantile(0.95, sum by (le) (rate(%s{%s}[%s]))) >= 0) or on() vector(0)" $m.duration $sel $w) }}
{{- $_ := set $queries "tool-call-errors" (printf $ratio $m.toolCalls $sel $m.toolErrorMatcher $w $m.toolCalls $sel $w) }}
{{- toJson $queries }}
{{- end }}

{{/* How many times a blue-green analysis reads the metrics: enough for `threshold` failures or `iterations` passes. */}}
{{- define "mcp-server.analysisCount" -}}
{{- sub (add .Values.rollout.iterations .Values.rollout.threshold) 1 }}
{{- end }}

{{/* The analyses' limits, by query name. */}}
{{- define "mcp-server.analysisLimits" -}}
{{- $a := .Values.rollout.analysis }}
{{- toJson (dict "error-ratio" $a.errorRate "latency" $a.latency "tool-call-errors" $a.toolCallErrors) }}
{{- end }}

{{/* Combinations the controllers cannot run; each message says what to change. */}}
{{- define "mcp-server.validateRollout" -}}
{{- $r := .Values.rollout }}
{{- if ne $r.strategy "rolling" }}
{{- if eq .Values.mode "mcpserver" }}
{{- fail (printf "rollout.strategy %s needs mode: deployment: kagent owns an MCPServer's Deployment, so no controller can run a second version beside it" $r.strategy) }}
{{- end }}
{{- if not $r.controller }}
{{- fail (printf "rollout.strategy %s needs rollout.controller: flagger or argo-rollouts" $r.strategy) }}
{{- end }}
{{- $provider := include "mcp-server.rolloutProvider" . }}
{{- if eq $r.strategy "canary" }}
{{- if eq $provider "kubernetes" }}
{{- fail "rollout.strategy canary splits traffic by weight, which nothing does without exposure.type httproute or ingress (nginx), or a mesh in rollout.provider; use rollout.strategy blueGreen" }}
{{- end }}
{{- if and (eq $provider "nginx") (eq .Values.exposure.type "ingress") (not (has .Values.exposure.ingress.className (list "" "nginx"))) }}
{{- fail (printf "rollout.strategy canary through the ingress needs the nginx ingress controller's canary annotations; class %s cannot split traffic: use rollout.strategy blueGreen, or exposure.type httproute" .Values.exposure.ingress.className) }}
{{- end }}
{{- if not .Values.mcp.stateless }}
{{- fail "rollout.strategy canary sends each request to either version, which breaks a stateful server's sessions: set mcp.stateless true if the server keeps no session state, or use rollout.strategy blueGreen" }}
{{- end }}
{{- end }}
{{- if and (eq $r.controller "argo-rollouts") (not (has $provider (list "gatewayapi" "nginx" "kubernetes"))) }}
{{- fail (printf "rollout.provider %s: this chart routes Argo Rollouts' traffic through Gateway API or nginx only" $provider) }}
{{- end }}
{{- if include "mcp-server.singleWriter" . }}
{{- fail (printf "rollout.strategy %s runs the new version beside the old one, which a ReadWriteOnce or ReadWriteOncePod volume cannot serve: use ReadWriteMany or an emptyDir, or rollout.strategy rolling" $r.strategy) }}
{{- end }}
{{- if and (eq $r.controller "flagger") (eq $provider "gatewayapi") }}
{{- $routeOnly := concat .Values.edge.middlewares .Values.edge.kongPlugins }}
{{- range .Values.edge.filters }}{{ if ne .type "ResponseHeaderModifier" }}{{ $routeOnly = append $routeOnly . }}{{ end }}{{ end }}
{{- if $routeOnly }}
{{- fail "rollout.controller flagger writes the HTTPRoute of a canary itself, with response headers as its only filters: edge.filters of other types, edge.middlewares and edge.kongPlugins cannot reach it; use rollout.strategy blueGreen" }}
{{- end }}
{{- end }}
{{- if and (eq $r.controller "flagger") (ne (include "mcp-server.name" .) (include "mcp-server.fullname" .)) }}
{{- fail "rollout.controller flagger selects the pods by app.kubernetes.io/name and names the primary after it: set nameOverride to the release name, or the primaries of two servers in one namespace collide" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The MCP check as one shell command for Flagger's load tester (`bash -c`, which has curl and the POSIX tools the
script needs): the check's inputs, then files/mcp-check.sh itself. Call with (list $ baseUrl).
*/}}
{{- define "mcp-server.checkCommand" -}}
{{- printf "%s\n%s" (include "mcp-server.checkInputs" .) ((index . 0).Files.Get "files/mcp-check.sh") }}
{{- end }}

{{/* The check's inputs as one export line. Call with (list $ baseUrl). */}}
{{- define "mcp-server.checkInputs" -}}
{{- $root := index . 0 }}
{{- $v := $root.Values }}
{{- $inputs := list (printf "BASE_URL=%s" (index . 1 | squote)) (printf "MCP_PATH=%s" (include "mcp-server.endpointPath" $root | squote)) (printf "TRANSPORT=%s" (include "mcp-server.endpointTransport" $root | squote)) (printf "HEALTH_PATH=%s" ($v.mcp.healthPath | squote)) (printf "EXPECT_TOOLS=%s" ($v.mcpCheck.expectTools | toString | squote)) (printf "WAIT_SECONDS=%s" ($v.mcpCheck.waitSeconds | toString | squote)) }}
{{- printf "export %s" (join " " $inputs) }}
{{- end }}

{{/*
Traffic for a version no user reaches yet (Flagger's blue-green judges the new pods before the switch): MCP sessions
— the check's initialize, notifications/initialized and tools/list — one after another for one interval, which the
load tester runs in the background (`sh -c`, once at a time) each time Flagger calls the rollout webhook. Errors are
left to the metrics, which is what they judge. Call with (list $ baseUrl).
*/}}
{{- define "mcp-server.checkTraffic" -}}
{{- $root := index . 0 }}
{{- $seconds := include "mcp-server.seconds" $root.Values.rollout.interval }}
{{- $script := $root.Files.Get "files/mcp-check.sh" }}
{{- printf "%s\ncheck=$(mktemp) || exit 1\ncat > \"$check\" <<'MCP_CHECK'\n%s\nMCP_CHECK\nend=$(( $(date +%%s) + %s ))\nwhile [ \"$(date +%%s)\" -lt \"$end\" ]; do sh \"$check\" > /dev/null 2>&1; sleep 1; done\nrm -f \"$check\"" (include "mcp-server.checkInputs" .) (trimSuffix "\n" $script) $seconds }}
{{- end }}

{{/* Seconds in a duration such as 90s, 5m or 1h (the units `rollout.interval` takes). */}}
{{- define "mcp-server.seconds" -}}
{{- $total := 0 }}
{{- range regexFindAll "[0-9]+(ms|[smhdwy])" . -1 }}
{{- $n := int (regexFind "^[0-9]+" .) }}
{{- $unit := regexFind "(ms|[smhdwy])$" . }}
{{- $total = add $total (mul $n (get (dict "ms" 0 "s" 1 "m" 60 "h" 3600 "d" 86400 "w" 604800 "y" 31536000) $unit)) }}
{{- end }}
{{- $total }}
{{- end }}

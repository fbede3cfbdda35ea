{{/*
The MCP check (files/mcp-check.sh) as a pod spec, shared by the `helm test` pod (tests/mcp-check.yaml), the Argo
CD PostSync Job (mcp-check-job.yaml) and Argo Rollouts' analysis Job (analysistemplate.yaml): the same script and
the same inputs, however the engine runs it. Call with the root, or (list $ baseUrl) to check another Service.
*/}}
{{- define "mcp-server.checkPodSpec" -}}
{{- $url := "" }}
{{- $root := . }}
{{- if kindIs "slice" . }}{{ $root = index . 0 }}{{ $url = index . 1 }}{{ end }}
{{- with $root }}
{{- $check := .Values.mcpCheck }}
{{- $image := printf "%s:%s" $check.image.repository $check.image.tag }}
{{- if $check.image.digest }}{{ $image = printf "%s@%s" $image $check.image.digest }}{{ end }}
restartPolicy: Never
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  runAsNonRoot: true
  runAsUser: 65532
  runAsGroup: 65532
  seccompProfile:
    type: RuntimeDefault
containers:
  - name: mcp-check
    image: {{ $image | quote }}
    imagePullPolicy: IfNotPresent
    env:
      - name: BASE_URL
        value: {{ $url | default (printf "http://%s.%s.svc:%s" (include "mcp-server.fullname" .) .Release.Namespace (include "mcp-server.servicePort" .)) | quote }}
      - name: MCP_PATH
        value: {{ include "mcp-server.endpointPath" . | quote }}
      - name: TRANSPORT
        value: {{ include "mcp-server.endpointTransport" . | quote }}
      - name: HEALTH_PATH
        value: {{ .Values.mcp.healthPath | quote }}
      - name: EXPECT_TOOLS
        value: {{ $check.expectTools | toString | quote }}
      - name: WAIT_SECONDS
        value: {{ $check.waitSeconds | toString | quote }}
    {{- /* The image's entrypoint is curl; the script is the chart's own file, so a test can run exactly this. */}}
    command:
      - /bin/sh
      - -c
      - |
        {{- .Files.Get "files/mcp-check.sh" | nindent 8 }}
    resources:
      requests:
        cpu: 10m
        memory: 16Mi
      limits:
        cpu: 100m
        memory: 64Mi
    securityContext:
      allowPrivilegeEscalation: false
      privileged: false
      readOnlyRootFilesystem: true
      runAsNonRoot: true
      capabilities:
        drop:
          - ALL
      seccompProfile:
        type: RuntimeDefault
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 16Mi
{{- end }}
{{- end }}

/** `create-mcp-gitops doctor [directory]`: its flags and help, declared once (flags.ts). */
import type { CommandSpec, Flags } from "./flags.js";

const OPTIONS = "Options";

export const DOCTOR_FLAGS = {
  context: {
    type: "string",
    value: "<name>",
    section: OPTIONS,
    description: "kube context to check",
    default: "kubectl's current context",
  },
  json: {
    type: "boolean",
    section: OPTIONS,
    description: "print one JSON document on stdout (every requirement, present or missing, and how to install it)",
  },
  help: { type: "boolean", short: "h", section: OPTIONS, description: "show this help" },
} as const satisfies Flags;

export const DOCTOR_SPEC = {
  name: "doctor",
  summary: "check that a cluster has the APIs and controllers a generated repository needs",
  usage: ["create-mcp-gitops doctor [directory] [options]      (directory defaults to the current folder)"],
  description: `Reads the answers in .mcp-gitops.yaml, asks the blueprint what they need on a cluster (the GitOps engine's
resources, kagent's MCPServer, ServiceMonitor and PrometheusRule for monitoring, cert-manager for TLS, Gateway API
routes, KEDA, the VerticalPodAutoscaler, Grafana dashboards...) and compares it with \`kubectl api-resources\` and the
controllers running on the cluster. Prints what is missing and how to install it. Needs kubectl on PATH (KUBECONFIG
is honoured); reads the cluster, changes nothing.`,
  sections: [{ title: OPTIONS }],
  flags: DOCTOR_FLAGS,
  examples: [
    ["Check the current context", "npx create-mcp-gitops doctor"],
    ["Check the production cluster, as JSON", "npx create-mcp-gitops doctor ./fleet --context prod --json"],
  ],
  exitStatus: `Exit status: 0 everything needed is there, 1 something is missing (or kubectl is missing, or the cluster
cannot be reached), 2 bad input.`,
} as const satisfies CommandSpec;

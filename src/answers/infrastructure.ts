/**
 * The prerequisites the servers' objects need in their clusters — the operators behind every custom resource the
 * chart renders — and whether this repository installs them. Default: exactly what the chosen features need, so a
 * fresh cluster comes up from Git alone; `install: false` keeps one the cluster already has, and `dependsOn` then
 * names what installs it, for the servers to wait on. The blueprint decides how each is installed and ordered.
 */
import * as z from "./zod.js";

/** Every prerequisite, in the order the questions and the README list them. */
export const INFRASTRUCTURE_COMPONENTS = [
  "gatewayApi",
  "certManager",
  "kubePrometheusStack",
  "grafanaOperator",
  "kagent",
  "keda",
  "vpa",
  "externalSecrets",
  "rolloutController",
] as const;
export type InfrastructureComponent = (typeof INFRASTRUCTURE_COMPONENTS)[number];

/** What each one is, for questions and messages. */
export const COMPONENT_TITLES: Record<InfrastructureComponent, string> = {
  gatewayApi: "Gateway API CRDs (HTTPRoute)",
  certManager: "cert-manager (certificates)",
  kubePrometheusStack: "kube-prometheus-stack (ServiceMonitor, PrometheusRule, Grafana)",
  grafanaOperator: "grafana-operator (GrafanaDashboard)",
  kagent: "kagent (MCPServer)",
  keda: "KEDA (ScaledObject)",
  vpa: "Vertical Pod Autoscaler",
  externalSecrets: "External Secrets Operator (ExternalSecret)",
  rolloutController: "progressive delivery controller (canary, blue-green)",
};

// A Kustomization or Application name, optionally namespace/name.
const DEPENDENCY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const ComponentSchema = z
  .strictObject({
    /** Default: true when the answers use what it provides. */
    install: z.boolean({ error: "must be true or false" }).optional(),
    /** When not installed here: what installs it in the cluster (namespace/name), for the servers to wait on. */
    dependsOn: z
      .string({ error: "must be a name" })
      .max(253)
      .regex(DEPENDENCY, { error: "must be a name or namespace/name (lowercase letters, digits, '-', '.')" })
      .optional(),
  })
  .superRefine((component, ctx) => {
    if (component.install && component.dependsOn)
      ctx.addIssue({
        code: "custom",
        path: ["dependsOn"],
        message: "names what already installs it; it applies only with install: false",
      });
  });

const component = ComponentSchema.optional();
export const InfrastructureSchema = z.strictObject({
  gatewayApi: component,
  certManager: component,
  kubePrometheusStack: component,
  grafanaOperator: component,
  kagent: component,
  keda: component,
  vpa: component,
  externalSecrets: component,
  rolloutController: component,
} satisfies Record<InfrastructureComponent, typeof component>);

export interface ResolvedComponent {
  install: boolean;
  dependsOn?: string;
}
export type ResolvedInfrastructure = Record<InfrastructureComponent, ResolvedComponent>;

/** What the needs are read from (schema.ts and resolve.ts import this module, so it names no types of theirs). */
export interface FeatureAnswers {
  servers: readonly {
    chart?: unknown;
    mode?: string;
    stateless?: boolean;
    sessionAffinity?: string;
    managedSecrets?: readonly unknown[];
  }[];
  monitoring: { enabled: boolean; dashboards: { enabled: boolean; provider: string } };
  infrastructure?: Partial<Record<InfrastructureComponent, { install?: boolean; dependsOn?: string }>>;
}
/** An environment's features, resolved (its profile decides TLS, for one). */
export interface EnvironmentFeatures {
  exposure: { type: string };
  tls: { enabled: boolean };
  keda: { enabled: boolean };
  vpa: { enabled: boolean };
  rollout: { strategy: string };
}

/**
 * Which prerequisites the answers use. Every server on the bundled chart is monitored when monitoring is on (the
 * blueprint's lib/monitoring.mjs isMonitored; test/blueprint-contract.test.ts checks the two agree), and KEDA scales
 * only a server in mode deployment that may run several replicas (sessions.ts scalesOut, written out here because
 * that module's types import this one).
 */
export function neededComponents(
  answers: FeatureAnswers,
  environments: readonly EnvironmentFeatures[],
): Set<InfrastructureComponent> {
  const bundled = answers.servers.filter((server) => !server.chart);
  const scalable = bundled.some(
    (server) => server.mode === "deployment" && (server.stateless || server.sessionAffinity === "clientIP"),
  );
  const monitored = answers.monitoring.enabled && bundled.length > 0;
  const { dashboards } = answers.monitoring;
  const needed = new Set<InfrastructureComponent>();
  const add = (component: InfrastructureComponent, when: boolean) => when && needed.add(component);
  add("gatewayApi", bundled.length > 0 && environments.some((env) => env.exposure.type === "httproute"));
  add("certManager", bundled.length > 0 && environments.some((env) => env.tls.enabled));
  add("kubePrometheusStack", monitored);
  add("grafanaOperator", monitored && dashboards.enabled && dashboards.provider === "grafana-operator");
  add(
    "kagent",
    bundled.some((server) => server.mode === "mcpserver"),
  );
  add("keda", scalable && environments.some((env) => env.keda.enabled));
  add("vpa", bundled.length > 0 && environments.some((env) => env.vpa.enabled));
  add(
    "externalSecrets",
    bundled.some((server) => (server.managedSecrets?.length ?? 0) > 0),
  );
  // The controller is the engine's (the blueprint installs the one that pairs with it).
  add("rolloutController", bundled.length > 0 && environments.some((env) => env.rollout.strategy !== "rolling"));
  return needed;
}

/** Every component with its install decision: the answer's, else whether the answers need it. */
export function resolveInfrastructure(
  answers: FeatureAnswers,
  environments: readonly EnvironmentFeatures[],
): ResolvedInfrastructure {
  const needed = neededComponents(answers, environments);
  return Object.fromEntries(
    INFRASTRUCTURE_COMPONENTS.map((name) => {
      const given = answers.infrastructure?.[name];
      const resolved: ResolvedComponent = { install: given?.install ?? needed.has(name) };
      if (given?.dependsOn && !resolved.install) resolved.dependsOn = given.dependsOn;
      return [name, resolved];
    }),
  ) as ResolvedInfrastructure;
}

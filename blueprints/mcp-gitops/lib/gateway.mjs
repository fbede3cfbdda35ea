// @ts-check
// TLS behind a Gateway, portable to any conformant implementation: one Certificate per environment, listing the
// hostname of every server the environment exposes, and one HTTPS listener per environment that references it (a
// listener with more than one certificate is implementation-specific). The Certificate lives in the environment's
// namespace (apps/<env>/gateway-tls.yaml, applied by the GitOps engine like the servers), with a ReferenceGrant that
// lets a Gateway in another namespace read its Secret. docs/gateway.md shows the listeners the Gateway needs.
/** @import { ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { listenerName, serverHostname } from "./production.mjs";

/** The Certificate's and its Secret's name, in each environment's namespace. */
export const GATEWAY_TLS_SECRET = "mcp-gateway-tls";
const PART_OF = { "app.kubernetes.io/part-of": "mcp-servers" };

/**
 * The environment's hostname without a leading wildcard: servers are <server>.<domain>.
 * @param {ResolvedEnvironment} env
 */
function domain(env) {
  return String(env.hostname ?? "").replace(/^\*\./, "");
}

/**
 * The objects of apps/<env>/gateway-tls.yaml: the environment's Certificate and, for a Gateway elsewhere, the
 * ReferenceGrant for its Secret. Empty unless the environment routes through a Gateway with TLS.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 * @returns {Record<string, unknown>[]}
 */
export function gatewayTls(answers, env) {
  const gateway = env.exposure.gateway;
  const servers = answers.servers.filter((server) => !server.chart);
  if (env.exposure.type !== "httproute" || !env.tls.enabled || !gateway || servers.length === 0) return [];
  // Sorted, so adding a server changes one line and the order never forces a re-issue.
  const dnsNames = [...new Set(servers.map((server) => serverHostname(server, env)))].sort();
  const { kind, name } = env.tls.issuer;
  /** @type {Record<string, unknown>[]} */
  const objects = [
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: GATEWAY_TLS_SECRET, labels: PART_OF },
      spec: {
        secretName: GATEWAY_TLS_SECRET,
        dnsNames,
        issuerRef: { group: "cert-manager.io", kind, name },
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      },
    },
  ];
  if (gateway.namespace && gateway.namespace !== env.namespace) {
    objects.push({
      apiVersion: "gateway.networking.k8s.io/v1beta1",
      kind: "ReferenceGrant",
      metadata: { name: `${GATEWAY_TLS_SECRET}-${gateway.namespace}`.slice(0, 63).replace(/-+$/, ""), labels: PART_OF },
      spec: {
        from: [{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: gateway.namespace }],
        to: [{ group: "", kind: "Secret", name: GATEWAY_TLS_SECRET }],
      },
    });
  }
  return objects;
}

/**
 * The Gateways the environments attach to, each with the listeners it needs: an HTTP listener on port 80 for
 * plain-HTTP environments and cert-manager's HTTP-01 challenges, and an HTTPS listener per TLS environment with its
 * certificate; each admits exactly the namespaces of the environments that use it.
 * @param {ResolvedAnswers} answers
 */
export function gatewayDoc(answers) {
  /** @typedef {{ cluster: string, name: string, namespace: string, environments: string[], listeners: Map<string, Record<string, any>> }} GatewayEntry */
  /** @type {Map<string, GatewayEntry>} */
  const gateways = new Map();
  for (const env of answers.environments) {
    const gateway = env.exposure.gateway;
    if (env.exposure.type !== "httproute" || !gateway) continue;
    const namespace = gateway.namespace ?? env.namespace;
    const key = `${env.cluster}/${namespace}/${gateway.name}`;
    /** @type {GatewayEntry} */
    const entry = gateways.get(key) ?? {
      cluster: env.cluster,
      name: gateway.name,
      namespace,
      environments: [],
      listeners: new Map(),
    };
    gateways.set(key, entry);
    entry.environments.push(env.name);
    const section = listenerName(env);
    const plain = env.tls.enabled ? "http" : section;
    admit(entry.listeners, plain, { name: plain, port: 80, protocol: "HTTP" }, env.namespace);
    if (env.tls.enabled) {
      admit(
        entry.listeners,
        section,
        {
          name: section,
          hostname: `*.${domain(env)}`,
          port: 443,
          protocol: "HTTPS",
          tls: {
            mode: "Terminate",
            certificateRefs: [{ kind: "Secret", name: GATEWAY_TLS_SECRET, namespace: env.namespace }],
          },
        },
        env.namespace,
      );
    }
  }
  return [...gateways.values()].map((entry) => ({
    cluster: entry.cluster,
    environments: entry.environments,
    gateway: {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: entry.name, namespace: entry.namespace },
      spec: { gatewayClassName: "<your-gateway-class>", listeners: [...entry.listeners.values()] },
    },
  }));
}

/**
 * Adds a listener (or a namespace to the one of that name) that admits routes from the given namespaces only.
 * @param {Map<string, Record<string, any>>} listeners
 * @param {string} name
 * @param {Record<string, unknown>} listener
 * @param {string} namespace
 */
function admit(listeners, name, listener, namespace) {
  const existing = listeners.get(name) ?? {
    ...listener,
    allowedRoutes: {
      namespaces: {
        from: "Selector",
        selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [] }] },
      },
    },
  };
  const values = existing.allowedRoutes.namespaces.selector.matchExpressions[0].values;
  if (!values.includes(namespace)) values.push(namespace);
  listeners.set(name, existing);
}

/**
 * Network policy questions, asked once for every environment whose profile turns the policy on (prod, staging...):
 * where the servers may connect — a server that calls an API it cannot reach fails every tool call while its probes
 * stay green — and, when servers run as kagent MCPServers, the namespace kagent runs in, which their policy admits.
 */
import { EgressSchema, NetworkPolicySchema, type OUTBOUND } from "../answers/production.js";
import { resolveEnvironment } from "../answers/resolve.js";
import { EnvironmentSchema } from "../answers/schema.js";
import type { Choice, Prompter, Verdict } from "./prompter.js";

type Raw = Record<string, unknown>;

const OUTBOUND_CHOICES: Choice<(typeof OUTBOUND)[number]>[] = [
  { value: "none", name: "nowhere", description: "cluster DNS only: the servers call nothing" },
  {
    value: "in-cluster",
    name: "inside the cluster",
    description: "any pod in any namespace (databases, other services)",
  },
  { value: "internet", name: "the internet over HTTPS", description: "any address on port 443 (SaaS APIs)" },
  { value: "custom", name: "addresses I list", description: "CIDRs and ports" },
];

const validCidr = (value: string) => EgressSchema.safeParse({ cidr: value }).success;
const validKagent = (value: string): Verdict => {
  const result = NetworkPolicySchema.shape.kagentNamespace.safeParse(value.trim());
  return result.success ? true : (result.error.issues[0]?.message ?? "is not valid");
};

export async function askNetwork(raw: Raw, prompter: Prompter): Promise<void> {
  const environments = (Array.isArray(raw.environments) ? raw.environments : []) as Raw[];
  const servers = (Array.isArray(raw.servers) ? raw.servers : []) as Raw[];
  const guarded = environments.filter(policyOn);
  if (guarded.length === 0) return;
  const names = guarded.map((env) => String(env.name)).join(", ");
  const policies = guarded.map((env) => {
    env.networkPolicy = { ...((env.networkPolicy as Raw | undefined) ?? {}) };
    return env.networkPolicy as Raw;
  });
  // Every bundled server that has no answer of its own follows the environment's; ask only if one does.
  const open = servers.some((server) => !server.chart && server.outbound === undefined && server.egress === undefined);
  if (open && policies.every((policy) => policy.outbound === undefined && policy.egress === undefined)) {
    const outbound = await prompter.select({
      message: `Where may the servers connect (network policy of ${names})?`,
      choices: OUTBOUND_CHOICES,
      default: "none",
    });
    const egress = outbound === "custom" ? await askRules(prompter) : undefined;
    for (const policy of policies) Object.assign(policy, { outbound, ...(egress ? { egress } : {}) });
  }
  const kagent = servers.some((server) => !server.chart && server.mode === "mcpserver");
  if (kagent && policies.every((policy) => policy.kagentNamespace === undefined)) {
    const namespace = await prompter.text({
      message: "Namespace kagent runs in (its controller and agents reach the MCPServers)",
      default: "kagent",
      validate: validKagent,
    });
    for (const policy of policies) policy.kagentNamespace = namespace.trim();
  }
}

/** Whether an environment's answers, with its profile's defaults, turn the network policy on. */
function policyOn(env: Raw): boolean {
  const parsed = EnvironmentSchema.safeParse(env);
  return parsed.success && resolveEnvironment(parsed.data).networkPolicy.enabled;
}

/** One egress rule per CIDR, each with the same ports. */
async function askRules(prompter: Prompter): Promise<Raw[]> {
  const cidrs = await prompter.text({
    message: "CIDRs the servers may reach (comma-separated, e.g. 10.20.0.0/16)",
    validate: (value) => {
      const list = split(value);
      if (list.length === 0) return "must list at least one CIDR";
      const bad = list.find((cidr) => !validCidr(cidr));
      return bad === undefined ? true : `${bad}: must be a CIDR such as 10.0.0.0/8`;
    },
  });
  const ports = await prompter.text({
    message: "Ports (comma-separated; blank: every port)",
    default: "443",
    validate: (value) =>
      split(value).every((port) => /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)
        ? true
        : "must be port numbers from 1 to 65535, separated by commas",
  });
  return split(cidrs).map((cidr) => ({ cidr, ports: split(ports).map(Number) }));
}

function split(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

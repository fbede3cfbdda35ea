/**
 * How the servers are reached, asked once for every environment: not at all, through an Ingress, or through a
 * Gateway API HTTPRoute; then each environment's hostname, and TLS from cert-manager. Follow-up questions appear
 * only when they matter: the IngressClass only for an Ingress, the Gateway only for an HTTPRoute, the issuer only
 * with TLS.
 */
import { ExposureSchema, GatewaySchema, IssuerSchema } from "../answers/production.js";
import { EnvironmentSchema } from "../answers/schema.js";
import { askEdge } from "./ask-edge.js";
import { validateWith, type Choice, type Prompter, type Verdict } from "./prompter.js";

type RawEnvironment = Record<string, unknown>;
type Tls = "default" | "all" | "none";

const EXPOSURE_CHOICES: Choice<"none" | "ingress" | "httproute">[] = [
  { value: "none", name: "not exposed", description: "reachable inside the cluster only (a ClusterIP Service)" },
  { value: "ingress", name: "Ingress", description: "an Ingress per server, e.g. for ingress-nginx" },
  {
    value: "httproute",
    name: "Gateway API HTTPRoute",
    description: "an HTTPRoute per server on an existing Gateway (Traefik, Kong, Envoy, ...)",
  },
];

const TLS_CHOICES: Choice<Tls>[] = [
  {
    value: "default",
    name: "prod-like environments",
    description: "prod and staging get certificates; dev stays plain HTTP",
  },
  { value: "all", name: "every environment" },
  { value: "none", name: "none", description: "TLS is terminated elsewhere" },
];

const validHostname = validateWith(EnvironmentSchema.shape.hostname);
const validClass = validateWith(ExposureSchema.shape.className);
const validGatewayName = validateWith(GatewaySchema.shape.name);
const validGatewayNamespace = optional(validateWith(GatewaySchema.shape.namespace));
const validSection = optional(validateWith(GatewaySchema.shape.sectionName));
const validIssuer = validateWith(IssuerSchema.shape.name);
const validEmail = validateWith(IssuerSchema.shape.create.unwrap().shape.email);

export async function askExposure(raw: Record<string, unknown>, prompter: Prompter): Promise<void> {
  const environments = (Array.isArray(raw.environments) ? raw.environments : []) as RawEnvironment[];
  if (environments.some((environment) => environment?.exposure !== undefined))
    return askMissingHostnames(environments, prompter);
  const type = await prompter.select({
    message: "How are the servers reached from outside the cluster?",
    choices: EXPOSURE_CHOICES,
    default: "none",
  });
  if (type === "none") return;
  const exposure: Record<string, unknown> = { type };
  if (type === "ingress")
    exposure.className = await prompter.text({ message: "IngressClass", default: "nginx", validate: validClass });
  if (type === "httproute") exposure.gateway = await askGateway(prompter);
  for (const environment of environments) {
    environment.exposure = structuredClone(exposure);
    environment.hostname ??= await askHostname(prompter, String(environment.name));
  }
  await askTls(environments, prompter);
  await askEdge(environments, exposure, prompter);
}

async function askGateway(prompter: Prompter): Promise<Record<string, unknown>> {
  const gateway: Record<string, unknown> = {
    name: await prompter.text({ message: "Gateway name", validate: validGatewayName }),
  };
  const namespace = await prompter.text({
    message: "Gateway namespace (blank: each environment's namespace)",
    default: "",
    validate: validGatewayNamespace,
  });
  const sectionName = await prompter.text({
    message: "Gateway listener (sectionName; blank: any)",
    default: "",
    validate: validSection,
  });
  if (namespace.trim()) gateway.namespace = namespace.trim();
  if (sectionName.trim()) gateway.sectionName = sectionName.trim();
  return gateway;
}

function askHostname(prompter: Prompter, environment: string): Promise<string> {
  return prompter
    .text({
      message: `Hostname in ${environment} (each server gets <server>.<hostname>)`,
      validate: (value) => validHostname(value.trim()),
    })
    .then((value) => value.trim());
}

/** Exposure came from the answers file or --set: only a hostname the schema requires can still be missing. */
async function askMissingHostnames(environments: RawEnvironment[], prompter: Prompter): Promise<void> {
  for (const environment of environments) {
    const type = (environment.exposure as { type?: unknown } | undefined)?.type;
    if (type !== undefined && type !== "none" && environment.hostname === undefined) {
      environment.hostname = await askHostname(prompter, String(environment.name));
    }
  }
}

async function askTls(environments: RawEnvironment[], prompter: Prompter): Promise<void> {
  const tls = await prompter.select({
    message: "TLS certificates from cert-manager",
    choices: TLS_CHOICES,
    default: "default",
  });
  if (tls === "none") {
    for (const environment of environments) environment.tls = { enabled: false };
    return;
  }
  const issuer: Record<string, unknown> = {
    kind: "ClusterIssuer",
    name: await prompter.text({ message: "ClusterIssuer", default: "letsencrypt-prod", validate: validIssuer }),
  };
  if (
    await prompter.confirm({
      message: `Create ClusterIssuer ${String(issuer.name)} (Let's Encrypt, HTTP-01)?`,
      default: false,
    })
  ) {
    issuer.create = {
      email: await prompter.text({ message: "Email for Let's Encrypt expiry notices", validate: validEmail }),
    };
  }
  for (const environment of environments)
    environment.tls = { ...(tls === "all" ? { enabled: true } : {}), issuer: structuredClone(issuer) };
}

/** Blank means "use the default"; anything else must pass the rule. */
function optional(rule: (value: string) => Verdict): (value: string) => Verdict {
  return (value) => (value.trim() === "" ? true : rule(value.trim()));
}

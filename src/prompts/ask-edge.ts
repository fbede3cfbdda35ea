/**
 * Traffic policy at the edge, asked once the exposure is known and behind one yes/no question: which implementation
 * serves the exposure (only when the IngressClass does not say), a rate limit (not on the Gateway API's standard
 * filters, which have none), the origins CORS allows, and the security headers. The same policy goes to every
 * environment, like the exposure itself.
 */
import { CorsSchema, defaultImplementation, type EdgeImplementation } from "../answers/edge.js";
import type { Choice, Prompter, Verdict } from "./prompter.js";

type RawEnvironment = Record<string, unknown>;

const IMPLEMENTATIONS: Record<string, Choice<EdgeImplementation>[]> = {
  ingress: [
    {
      value: "nginx",
      name: "ingress-nginx",
      description: "annotations (the project is retired: no fixes after March 2026)",
    },
    { value: "traefik", name: "Traefik", description: "Middlewares the Ingress references" },
    { value: "kong", name: "Kong", description: "KongPlugins the Ingress references" },
  ],
  httproute: [
    {
      value: "gateway-api",
      name: "any Gateway API implementation",
      description: "the standard CORS and header filters",
    },
    { value: "traefik", name: "Traefik", description: "Middlewares through ExtensionRef filters" },
    { value: "kong", name: "Kong", description: "KongPlugins through ExtensionRef filters" },
  ],
};

export async function askEdge(environments: RawEnvironment[], exposure: Record<string, unknown>, prompter: Prompter) {
  const type = String(exposure.type);
  if (!(type in IMPLEMENTATIONS)) return;
  const wanted = await prompter.confirm({
    message: "Rate limits, CORS or security headers at the edge?",
    default: false,
  });
  if (!wanted) return;
  const className = typeof exposure.className === "string" ? exposure.className : undefined;
  const implementation =
    (type === "ingress" ? defaultImplementation({ type, className }) : undefined) ??
    (await prompter.select({
      message: type === "ingress" ? `What serves IngressClass ${className}?` : "What runs the Gateway?",
      choices: IMPLEMENTATIONS[type]!,
      default: type === "ingress" ? "nginx" : "gateway-api",
    }));
  const policy: Record<string, unknown> = {
    ...(implementation !== defaultImplementation({ type, className }) ? { implementation } : {}),
  };
  if (implementation !== "gateway-api") {
    const rps = await prompter.text({
      message: "Rate limit per client address (requests per second; blank: none)",
      default: "",
      validate: (value) =>
        value.trim() === "" || /^[1-9]\d{0,5}$/.test(value.trim()) ? true : "must be a whole number from 1 to 100000",
    });
    if (rps.trim()) policy.rateLimit = { rps: Number(rps.trim()) };
  }
  const origins = await prompter.text({
    message: "Origins CORS allows (comma-separated, e.g. https://app.example.com; blank: none)",
    default: "",
    validate: originsProblem,
  });
  if (origins.trim()) policy.cors = { origins: splitList(origins) };
  if (
    await prompter.confirm({
      message: "Security headers (nosniff, frame options, referrer policy, HSTS)?",
      default: true,
    })
  )
    // ingress-nginx sets HSTS itself on TLS hosts; a second header per Ingress is refused.
    policy.securityHeaders = implementation === "nginx" ? {} : { hsts: {} };
  for (const environment of environments)
    environment.exposure = { ...(environment.exposure as Record<string, unknown>), ...structuredClone(policy) };
}

function originsProblem(value: string): Verdict {
  if (value.trim() === "") return true;
  const result = CorsSchema.safeParse({ origins: splitList(value) });
  const issue = result.success ? undefined : result.error.issues[0];
  return issue ? issue.message : true;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * Traffic policy at the edge (`environments[].exposure`): rate limiting, CORS and security headers, rendered for the
 * implementation that serves the exposure — ingress-nginx annotations, Traefik Middlewares, Kong KongPlugins, or
 * the Gateway API's standard filters. The implementations do not share one model, so a policy one of them cannot
 * express is refused here, before anything is written, with the alternatives (the blueprint renders the rest).
 */
import * as z from "./zod.js";
import { line, oneOf, whole } from "./rules.js";

export const EDGE_IMPLEMENTATIONS = ["nginx", "traefik", "kong", "gateway-api"] as const;
export type EdgeImplementation = (typeof EDGE_IMPLEMENTATIONS)[number];
/** The methods the Gateway API's CORS filter accepts, so every implementation accepts the same list. */
export const CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"] as const;
export const FRAME_OPTIONS = ["DENY", "SAMEORIGIN", "none"] as const;
export const REFERRER_POLICIES = [
  "no-referrer",
  "no-referrer-when-downgrade",
  "origin",
  "origin-when-cross-origin",
  "same-origin",
  "strict-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
  "none",
] as const;

const origin = line(253).regex(/^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/, {
  error: "must be * or an origin such as https://app.example.com (scheme, host and optional port, no path)",
});
const headerName = line(128).regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "must be an HTTP header name" });

export const RateLimitSchema = z
  .strictObject({
    /** Requests per second per client address. */
    rps: whole(1, 100000).optional(),
    /** Requests per minute per client address (instead of rps). */
    rpm: whole(1, 6000000).optional(),
    /** Requests a client may send at once; default: the rate (one second's or minute's worth) everywhere. */
    burst: whole(1, 1000000).optional(),
  })
  .refine((limit) => (limit.rps === undefined) !== (limit.rpm === undefined), {
    error: "give rps (requests per second) or rpm (requests per minute), one of them",
  });

/** MCP's streamable HTTP headers: a browser client sends and reads them across origins. */
const MCP_HEADERS = ["Content-Type", "Authorization", "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID"];

export const CorsSchema = z
  .strictObject({
    origins: z
      .array(origin, { error: "must be a list of origins" })
      .min(1, { error: "must list at least one origin (or *)" })
      .max(64),
    methods: z
      .array(oneOf(CORS_METHODS), { error: `must be a list of methods (${CORS_METHODS.join(", ")})` })
      .min(1)
      .max(CORS_METHODS.length)
      .default(["GET", "POST", "DELETE", "OPTIONS"]),
    headers: z.array(headerName, { error: "must be a list of header names" }).max(64).default(MCP_HEADERS),
    exposeHeaders: z.array(headerName, { error: "must be a list of header names" }).max(64).default(["Mcp-Session-Id"]),
    allowCredentials: z.boolean({ error: "must be true or false" }).default(false),
    /** Seconds a browser may cache the preflight answer; at least 1, as the Gateway API's CORS filter requires. */
    maxAge: whole(1, 86400).default(600),
  })
  .superRefine((cors, ctx) => {
    if (cors.origins.includes("*") && cors.origins.length > 1)
      ctx.addIssue({ code: "custom", path: ["origins"], message: "* stands alone: it already allows every origin" });
    if (cors.origins.includes("*") && cors.allowCredentials)
      ctx.addIssue({
        code: "custom",
        path: ["allowCredentials"],
        message: "cannot be true with origin *: browsers refuse credentials for a wildcard origin; list the origins",
      });
  });

export const HstsSchema = z.strictObject({
  maxAge: whole(0, 63072000).default(31536000),
  includeSubdomains: z.boolean({ error: "must be true or false" }).default(true),
  preload: z.boolean({ error: "must be true or false" }).default(false),
});

export const SecurityHeadersSchema = z.strictObject({
  /** Strict-Transport-Security; leave it out where TLS ends elsewhere. */
  hsts: HstsSchema.optional(),
  /** X-Content-Type-Options: nosniff. */
  noSniff: z.boolean({ error: "must be true or false" }).default(true),
  /** X-Frame-Options; none leaves it out. */
  frameOptions: oneOf(FRAME_OPTIONS).default("DENY"),
  /** Referrer-Policy; none leaves it out. */
  referrerPolicy: oneOf(REFERRER_POLICIES).default("no-referrer"),
});

/** The edge answers, spread into ExposureSchema. */
export const edgeFields = {
  /**
   * What serves the exposure, which decides how the policies below are written. Default: the IngressClass's name
   * (nginx, traefik, kong) for an Ingress, gateway-api (the standard filters) for an HTTPRoute.
   */
  implementation: oneOf(EDGE_IMPLEMENTATIONS).optional(),
  rateLimit: RateLimitSchema.optional(),
  cors: CorsSchema.optional(),
  securityHeaders: SecurityHeadersSchema.optional(),
};

interface Exposure {
  type: string;
  className?: string;
  implementation?: EdgeImplementation;
  rateLimit?: z.output<typeof RateLimitSchema>;
  cors?: z.output<typeof CorsSchema>;
  securityHeaders?: z.output<typeof SecurityHeadersSchema>;
}

/** The implementation an exposure defaults to: the IngressClass when it names one, the standard for an HTTPRoute. */
export function defaultImplementation(exposure: Pick<Exposure, "type" | "className">): EdgeImplementation | undefined {
  if (exposure.type === "httproute") return "gateway-api";
  if (exposure.type !== "ingress") return undefined;
  const className = exposure.className ?? "nginx";
  return (["nginx", "traefik", "kong"] as const).find((name) => className === name);
}

/** Policies the exposure cannot express; paths are relative to the environment. */
export function edgeProblems(exposure: Exposure): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const add = (field: string, message: string) => problems.push({ path: ["exposure", field], message });
  const policies = (["rateLimit", "cors", "securityHeaders"] as const).filter((key) => exposure[key] !== undefined);
  const { type, implementation } = exposure;
  if (type === "none") {
    if (implementation) add("implementation", "applies only to an exposure (type ingress or httproute)");
    for (const key of policies)
      add(key, "applies at the edge: it needs exposure.type ingress or httproute (the servers are not exposed)");
    return problems;
  }
  if (type === "ingress" && implementation === "gateway-api")
    add("implementation", "gateway-api applies to type httproute; an Ingress is served by nginx, traefik or kong");
  if (type === "httproute" && implementation === "nginx")
    add(
      "implementation",
      "nginx is ingress-nginx, an Ingress controller: an HTTPRoute is served by gateway-api (the standard filters), traefik or kong",
    );
  if (!implementation && policies.length > 0)
    add(
      "implementation",
      `is required with ${policies.join(", ")}: say which controller serves IngressClass ${exposure.className} (nginx, traefik or kong), as each writes these policies its own way`,
    );
  if (implementation === "gateway-api" && exposure.rateLimit)
    add(
      "rateLimit",
      "the Gateway API has no standard rate limit: set exposure.implementation to traefik or kong (a Middleware or KongPlugin through an ExtensionRef filter), or attach your gateway's own policy by hand",
    );
  if (implementation === "kong" && exposure.rateLimit?.burst !== undefined)
    add(
      "rateLimit",
      "burst cannot be expressed with Kong: its rate-limiting plugin counts fixed windows; leave burst out, or use traefik",
    );
  const rate = exposure.rateLimit?.rps ?? exposure.rateLimit?.rpm;
  const burst = exposure.rateLimit?.burst;
  if (implementation === "nginx" && rate !== undefined && burst !== undefined && burst % rate !== 0)
    add(
      "rateLimit",
      `burst ${burst} cannot be expressed with ingress-nginx: it allows the rate times a whole limit-burst-multiplier (${rate}, ${rate * 2}, ${rate * 3}, …); give one of those, leave burst out (the rate), or use traefik`,
    );
  if (implementation === "nginx" && exposure.securityHeaders?.hsts)
    add(
      "securityHeaders",
      "hsts cannot be set per Ingress with ingress-nginx: the controller adds Strict-Transport-Security itself on TLS hosts (its ConfigMap's hsts, hsts-max-age and hsts-include-subdomains); leave hsts out, or use traefik, kong or gateway-api",
    );
  return problems;
}

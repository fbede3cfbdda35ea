// @ts-check
// Traffic policy at the edge as chart values, for the implementation that serves the environment's exposure:
// - nginx (ingress-nginx): annotations, and response headers through its custom-headers ConfigMap;
// - traefik: Middlewares (rateLimit, headers) the Ingress or HTTPRoute references;
// - kong: KongPlugins (rate-limiting, cors, response-transformer) the Ingress or HTTPRoute references;
// - gateway-api: the standard ResponseHeaderModifier and CORS filters on the HTTPRoute.
// The answers refuse what an implementation cannot express (src/answers/edge.ts). Plain functions, no I/O.
/** @import { ResolvedEnvironment } from "create-mcp-gitops" */
/** @import { ChartValues } from "./production.mjs" */

/** @typedef {NonNullable<ResolvedEnvironment["exposure"]["cors"]>} Cors */
/** @typedef {NonNullable<ResolvedEnvironment["exposure"]["securityHeaders"]>} SecurityHeaders */
/** @typedef {NonNullable<ResolvedEnvironment["exposure"]["rateLimit"]>} RateLimit */

/**
 * The response headers the security answers ask for, by name.
 * @param {SecurityHeaders | undefined} headers
 * @returns {Record<string, string>}
 */
export function securityHeaderValues(headers) {
  if (!headers) return {};
  /** @type {Record<string, string>} */
  const values = {};
  if (headers.hsts) {
    const { maxAge, includeSubdomains, preload } = headers.hsts;
    values["Strict-Transport-Security"] =
      `max-age=${maxAge}${includeSubdomains ? "; includeSubDomains" : ""}${preload ? "; preload" : ""}`;
  }
  if (headers.noSniff) values["X-Content-Type-Options"] = "nosniff";
  if (headers.frameOptions !== "none") values["X-Frame-Options"] = headers.frameOptions;
  if (headers.referrerPolicy !== "none") values["Referrer-Policy"] = headers.referrerPolicy;
  return values;
}

/**
 * How many requests a client may send at once: the answer, else the rate (ingress-nginx with a multiplier of 1,
 * Traefik's burst, a Kong window's count).
 * @param {RateLimit} rateLimit
 */
export function effectiveBurst(rateLimit) {
  return rateLimit.burst ?? rateLimit.rps ?? /** @type {number} */ (rateLimit.rpm);
}

/**
 * The controller's ConfigMap patch that lets ingress-nginx serve the headers: kubectl with the Helm chart's default
 * ConfigMap name, and the chart value for a controller installed with Helm.
 * @param {ResolvedEnvironment} env
 * @param {string[]} names
 */
export function allowedHeadersPatch(env, names) {
  const namespace = env.exposure.controllerNamespace ?? "ingress-nginx";
  const data = JSON.stringify({ data: { "global-allowed-response-headers": names.join(",") } });
  return {
    kubectl: `kubectl patch configmap ingress-nginx-controller -n ${namespace} --type merge -p '${data}'`,
    helm: `controller.config.global-allowed-response-headers: "${names.join(",")}"`,
  };
}

/**
 * edge: what the chart renders for the environment's policies, or undefined without any.
 * @param {ResolvedEnvironment} env
 * @returns {ChartValues | undefined}
 */
export function edgeValues(env) {
  const { type, implementation, rateLimit, cors, securityHeaders } = env.exposure;
  if (type === "none" || !(rateLimit || cors || securityHeaders)) return undefined;
  const headers = securityHeaderValues(securityHeaders);
  switch (implementation) {
    case "nginx":
      return nginx(rateLimit, cors, headers);
    case "traefik":
      return traefik(rateLimit, cors, securityHeaders, headers);
    case "kong":
      return kong(rateLimit, cors, headers);
    default:
      return gatewayApi(cors, headers);
  }
}

/**
 * ingress-nginx: limits are per client address and per controller replica; CORS answers preflights itself.
 * @param {RateLimit | undefined} rateLimit @param {Cors | undefined} cors @param {Record<string, string>} headers
 */
function nginx(rateLimit, cors, headers) {
  const prefix = "nginx.ingress.kubernetes.io";
  /** @type {Record<string, string>} */
  const annotations = {};
  if (rateLimit) {
    const rate = rateLimit.rps ?? /** @type {number} */ (rateLimit.rpm);
    annotations[`${prefix}/${rateLimit.rps ? "limit-rps" : "limit-rpm"}`] = String(rate);
    // ingress-nginx's burst is the rate times this multiplier, 5 when left out: written always, so the burst is the
    // answer's (a whole multiple of the rate, src/answers/edge.ts) or the rate, as with Traefik and Kong.
    annotations[`${prefix}/limit-burst-multiplier`] = String(rateLimit.burst ? rateLimit.burst / rate : 1);
  }
  if (cors) {
    annotations[`${prefix}/enable-cors`] = "true";
    annotations[`${prefix}/cors-allow-origin`] = cors.origins.join(", ");
    annotations[`${prefix}/cors-allow-methods`] = cors.methods.join(", ");
    annotations[`${prefix}/cors-allow-headers`] = cors.headers.join(", ");
    annotations[`${prefix}/cors-expose-headers`] = cors.exposeHeaders.join(", ");
    annotations[`${prefix}/cors-allow-credentials`] = String(cors.allowCredentials);
    annotations[`${prefix}/cors-max-age`] = String(cors.maxAge);
  }
  return { annotations, ...(Object.keys(headers).length ? { responseHeaders: headers } : {}) };
}

/**
 * Traefik: a token bucket per client address (average per period, burst), and one headers Middleware for CORS and
 * the security headers.
 * @param {RateLimit | undefined} rateLimit @param {Cors | undefined} cors
 * @param {SecurityHeaders | undefined} security @param {Record<string, string>} headers
 */
function traefik(rateLimit, cors, security, headers) {
  const middlewares = [];
  if (rateLimit) {
    const spec = rateLimit.rps
      ? { average: rateLimit.rps, period: "1s" }
      : { average: /** @type {number} */ (rateLimit.rpm), period: "1m" };
    middlewares.push({ name: "ratelimit", spec: { rateLimit: { ...spec, burst: effectiveBurst(rateLimit) } } });
  }
  if (cors || security) {
    /** @type {Record<string, unknown>} */
    const spec = {};
    if (cors) {
      Object.assign(spec, {
        accessControlAllowOriginList: cors.origins,
        accessControlAllowMethods: cors.methods,
        accessControlAllowHeaders: cors.headers,
        accessControlExposeHeaders: cors.exposeHeaders,
        accessControlAllowCredentials: cors.allowCredentials,
        accessControlMaxAge: cors.maxAge,
        addVaryHeader: true,
      });
    }
    if (security?.hsts) {
      const { maxAge, includeSubdomains, preload } = security.hsts;
      Object.assign(spec, { stsSeconds: maxAge, stsIncludeSubdomains: includeSubdomains, stsPreload: preload });
    }
    if (security?.noSniff) spec.contentTypeNosniff = true;
    if (security && security.frameOptions !== "none") spec.customFrameOptionsValue = security.frameOptions;
    if (headers["Referrer-Policy"]) spec.referrerPolicy = headers["Referrer-Policy"];
    middlewares.push({ name: "headers", spec: { headers: spec } });
  }
  return { middlewares };
}

/**
 * Kong: fixed windows counted per client address on each Kong node (policy local), the cors plugin, and the
 * response-transformer adding the security headers.
 * @param {RateLimit | undefined} rateLimit @param {Cors | undefined} cors @param {Record<string, string>} headers
 */
function kong(rateLimit, cors, headers) {
  const plugins = [];
  if (rateLimit) {
    const window = rateLimit.rps ? { second: rateLimit.rps } : { minute: rateLimit.rpm };
    plugins.push({
      name: "rate-limiting",
      plugin: "rate-limiting",
      config: { ...window, policy: "local", limit_by: "ip" },
    });
  }
  if (cors) {
    plugins.push({
      name: "cors",
      plugin: "cors",
      config: {
        origins: cors.origins,
        methods: cors.methods,
        headers: cors.headers,
        exposed_headers: cors.exposeHeaders,
        credentials: cors.allowCredentials,
        max_age: cors.maxAge,
      },
    });
  }
  if (Object.keys(headers).length) {
    const add = Object.entries(headers).map(([name, value]) => `${name}:${value}`);
    plugins.push({ name: "security-headers", plugin: "response-transformer", config: { add: { headers: add } } });
  }
  return { kongPlugins: plugins };
}

/**
 * The Gateway API's standard filters (Extended support: an implementation without them reports the route).
 * @param {Cors | undefined} cors @param {Record<string, string>} headers
 */
function gatewayApi(cors, headers) {
  const filters = [];
  if (cors) {
    filters.push({
      type: "CORS",
      cors: {
        allowOrigins: cors.origins,
        allowMethods: cors.methods,
        allowHeaders: cors.headers,
        exposeHeaders: cors.exposeHeaders,
        allowCredentials: cors.allowCredentials,
        maxAge: cors.maxAge,
      },
    });
  }
  if (Object.keys(headers).length) {
    const set = Object.entries(headers).map(([name, value]) => ({ name, value }));
    filters.push({ type: "ResponseHeaderModifier", responseHeaderModifier: { set } });
  }
  return { filters };
}

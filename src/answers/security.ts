/**
 * Helm `values` overrides that weaken a security default of the generated workloads. The chart is hardened
 * (non-root, read-only root filesystem, no privilege escalation, every capability dropped, RuntimeDefault seccomp,
 * requests and limits, a pinned image, no service-account token); a values override can undo any of that, so one
 * that does is refused unless the server or environment lists the default in `securityOverrides` — and then every
 * run prints a warning. Keys are recognised wherever they sit, so an existing chart's values are checked too.
 */
export const SECURITY_DEFAULTS = [
  "runAsRoot",
  "privileged",
  "privilegeEscalation",
  "writableRootFilesystem",
  "capabilities",
  "seccomp",
  "securityContext",
  "hostNamespaces",
  "hostPath",
  "serviceAccountToken",
  "resources",
  "unpinnedImage",
] as const;

export type SecurityDefault = (typeof SECURITY_DEFAULTS)[number];

const WHAT: Record<SecurityDefault, string> = {
  runAsRoot: "lets the container run as root",
  privileged: "runs the container privileged",
  privilegeEscalation: "allows privilege escalation",
  writableRootFilesystem: "makes the root filesystem writable",
  capabilities: "adds Linux capabilities or stops dropping ALL",
  seccomp: "turns the RuntimeDefault seccomp profile off",
  securityContext: "removes a whole security context",
  hostNamespaces: "shares the node's network, PID or IPC namespace or a host port",
  hostPath: "mounts a folder of the node (hostPath)",
  serviceAccountToken: "mounts the service-account token",
  resources: "removes resource requests or limits",
  unpinnedImage: "uses the image tag latest, or no tag at all",
};

export interface Weakening {
  /** Path inside the values object. */
  path: (string | number)[];
  rule: SecurityDefault;
}

type Json = Record<string, unknown>;

/** Every weakening in a values object, at any depth. */
export function findWeakenings(values: unknown, path: (string | number)[] = []): Weakening[] {
  const found: Weakening[] = [];
  if (Array.isArray(values)) {
    for (const [index, item] of values.entries()) found.push(...findWeakenings(item, [...path, index]));
    return found;
  }
  if (!values || typeof values !== "object") return found;
  for (const [key, value] of Object.entries(values as Json)) {
    const here = [...path, key];
    const rule = ruleFor(key, value, path);
    if (rule) found.push({ path: here, rule });
    if (rule !== "hostPath") found.push(...findWeakenings(value, here));
  }
  return found;
}

function ruleFor(key: string, value: unknown, parents: (string | number)[]): SecurityDefault | undefined {
  const parent = String(parents.at(-1) ?? "");
  switch (key) {
    case "runAsNonRoot":
      return value === false ? "runAsRoot" : undefined;
    case "runAsUser":
      return value === 0 ? "runAsRoot" : undefined;
    case "privileged":
      return value === true ? "privileged" : undefined;
    case "allowPrivilegeEscalation":
      return value === true ? "privilegeEscalation" : undefined;
    case "readOnlyRootFilesystem":
      return value === false ? "writableRootFilesystem" : undefined;
    case "capabilities":
      return weakCapabilities(value) ? "capabilities" : undefined;
    case "seccompProfile":
      return value === null ||
        (isObject(value) && value.type !== undefined && value.type !== "RuntimeDefault" && value.type !== "Localhost")
        ? "seccomp"
        : undefined;
    case "securityContext":
    case "podSecurityContext":
      return value === null ? "securityContext" : undefined;
    case "hostNetwork":
    case "hostPID":
    case "hostIPC":
      return value === true ? "hostNamespaces" : undefined;
    case "hostPort":
      return typeof value === "number" && value > 0 ? "hostNamespaces" : undefined;
    case "hostPath":
      return value !== null && value !== undefined && value !== false ? "hostPath" : undefined;
    case "automountToken":
    case "automountServiceAccountToken":
      return value === true ? "serviceAccountToken" : undefined;
    case "resources":
      return value === null ? "resources" : undefined;
    case "limits":
    case "requests":
    case "cpu":
    case "memory":
      return value === null && (parent === "resources" || parent === "limits" || parent === "requests")
        ? "resources"
        : undefined;
    case "tag":
      return parent === "image" && value === "latest" ? "unpinnedImage" : undefined;
    case "image":
      return typeof value === "string" && !/(@sha256:[a-f0-9]{64}|:(?!latest$)[\w][\w.-]{0,127})$/.test(value)
        ? "unpinnedImage"
        : undefined;
    default:
      return undefined;
  }
}

function weakCapabilities(value: unknown): boolean {
  if (value === null) return true;
  if (!isObject(value)) return false;
  const added = Array.isArray(value.add) && value.add.length > 0;
  const drop = value.drop;
  const dropsAll =
    drop === undefined || (Array.isArray(drop) && drop.some((item) => String(item).toUpperCase() === "ALL"));
  return added || !dropsAll;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export interface ValuesProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Weakenings that `overrides` does not allow, as schema issues under `at` (e.g. ["values"]); `owner` names the
 * answer that holds them (`servers[weather]`), so the message can say where the override goes.
 */
export function weakeningProblems(
  values: unknown,
  overrides: readonly string[] | undefined,
  at: (string | number)[],
  owner: string,
): ValuesProblem[] {
  return findWeakenings(values)
    .filter((weakening) => !overrides?.includes(weakening.rule))
    .map((weakening) => ({
      path: [...at, ...weakening.path],
      message:
        `weakens a security default (${WHAT[weakening.rule]}); if that is really needed, add '${weakening.rule}' to ` +
        `${owner}.securityOverrides, and the tool will warn on every run`,
    }));
}

/** One warning per allowed weakening, naming the value and the default it weakens. */
export function weakeningWarnings(values: unknown, at: string): string[] {
  return findWeakenings(values).map(
    (weakening) =>
      `${at}.${weakening.path.join(".")}: ${WHAT[weakening.rule]} — allowed by securityOverrides '${weakening.rule}'`,
  );
}

/** The warnings a run prints for the weakenings its answers allow (the others never get past validation). */
export function securityWarnings(answers: { servers: Owner[]; environments: Owner[] }): string[] {
  return [
    ...answers.servers.flatMap((server) => weakeningWarnings(server.values, `servers[${server.name}].values`)),
    ...answers.environments.flatMap((environment) =>
      weakeningWarnings(environment.values, `environments[${environment.name}].values`),
    ),
  ];
}

interface Owner {
  name: string;
  values: Record<string, unknown>;
}

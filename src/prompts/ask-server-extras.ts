/**
 * What a server needs besides its program: environment variables, existing Secrets whose keys become variables,
 * image pull Secrets, secrets fetched from a secret manager, and writable storage. Asked behind one yes/no question, so
 * pressing Enter all the way stays short.
 */
import { ServerSchema } from "../answers/schema.js";
import type { Prompter, Verdict } from "./prompter.js";

type RawServer = Record<string, unknown>;

/** Each list is checked with the schema's own rules: a credential-like variable gets the same advice as a flag. */
export async function askExtras(server: RawServer, prompter: Prompter): Promise<RawServer> {
  const name = String(server.name);
  const wanted = await prompter.confirm({
    message: `Does ${name} need environment variables, Secrets, storage or an image pull secret?`,
    default: false,
  });
  if (!wanted) return server;
  const env = await prompter.text({
    message: `Environment variables of ${name} (NAME=value, comma-separated; blank for none)`,
    default: "",
    validate: (text) => serverFieldProblem(server, "env", parseVariables(text)),
  });
  const secrets = await prompter.text({
    message: `Existing Secrets whose keys become environment variables of ${name} (names, comma-separated; blank for none)`,
    default: "",
    validate: (text) => serverFieldProblem(server, "secretEnvFrom", splitList(text)),
  });
  const pullSecrets = await prompter.text({
    message: `Image pull Secrets for ${String(server.image).split("/")[0]} (names, comma-separated; blank for none)`,
    default: "",
    validate: (text) => serverFieldProblem(server, "imagePullSecrets", splitList(text)),
  });
  const managed = await prompter.text({
    message: `Secrets of ${name} from a secret manager (VARIABLE=remote-key or VARIABLE=remote-key#property, comma-separated; blank for none)`,
    default: "",
    validate: (text) =>
      parseManaged(text) === undefined
        ? "must be VARIABLE=remote-key pairs separated by commas, e.g. GITHUB_TOKEN=mcp/github#token"
        : serverFieldProblem(server, "managedSecrets", parseManaged(text)),
  });
  // A shared volume's class is asked next: until then any valid name stands in, so the other rules are checked here.
  const shared = sharedVolume(server) ? STAND_IN_CLASS : undefined;
  const storage = await prompter.text({
    message: `Writable storage of ${name} (mount path=size, e.g. /data=1Gi, comma-separated; blank for none)`,
    default: "",
    validate: (text) =>
      parseStorage(text, shared) === undefined
        ? "must be path=size pairs separated by commas, e.g. /data=1Gi"
        : serverFieldProblem(server, "storage", parseStorage(text, shared)),
  });
  let storageClass = shared;
  if (shared && storage.trim())
    storageClass = await prompter.text({
      message: `StorageClass of ${name}'s volumes, which its pods share (ReadWriteMany: NFS, EFS, Filestore, Azure Files, CephFS)`,
      default: "",
      validate: (text) =>
        text.trim() === ""
          ? "is required: a cluster's default class usually offers only ReadWriteOnce"
          : serverFieldProblem(server, "storage", parseStorage(storage, text.trim())),
    });
  if (env.trim()) server.env = parseVariables(env) as Record<string, string>;
  if (secrets.trim()) server.secretEnvFrom = splitList(secrets);
  if (pullSecrets.trim()) server.imagePullSecrets = splitList(pullSecrets);
  if (managed.trim()) server.managedSecrets = parseManaged(managed);
  if (storage.trim()) server.storage = parseStorage(storage, storageClass?.trim());
  return server;
}

const STAND_IN_CLASS = "shared";

/** `TOKEN=mcp/github#token` → one managed secret, <server>-secrets, whose keys become variables. */
function parseManaged(text: string): unknown {
  const pairs = splitList(text);
  if (pairs.length === 0) return [];
  const keys = [];
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) return undefined;
    const [remoteKey = "", property] = pair
      .slice(at + 1)
      .trim()
      .split("#");
    keys.push({ name: pair.slice(0, at).trim(), remoteKey, ...(property ? { property } : {}) });
  }
  return [{ name: "secrets", keys }];
}

/**
 * A stateless server may scale, and kagent rolls an MCPServer with a surge pod: both need a volume several pods
 * mount (ReadWriteMany, from a StorageClass that supports it). A stateful Deployment runs one pod: ReadWriteOnce.
 */
function sharedVolume(server: RawServer): boolean {
  return server.stateless === true || server.mode === "mcpserver";
}

/** `/data=1Gi` → a claim named after the folder; ReadWriteMany from `sharedClass` where the pods share it. */
function parseStorage(text: string, sharedClass: string | undefined): unknown {
  const volumes = [];
  const names = new Set<string>();
  for (const pair of splitList(text)) {
    const at = pair.indexOf("=");
    if (at <= 0) return undefined;
    const mountPath = pair.slice(0, at).trim();
    const base =
      (mountPath.split("/").filter(Boolean).at(-1) ?? "")
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 18) || "data";
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    volumes.push({
      name,
      mountPath,
      size: pair.slice(at + 1).trim(),
      ...(sharedClass ? { accessMode: "ReadWriteMany", storageClass: sharedClass } : { accessMode: "ReadWriteOnce" }),
    });
  }
  return volumes;
}

/** The schema's verdict on one field of the server, checked with the whole server (its cross-field rules too). */
function serverFieldProblem(server: RawServer, field: string, value: unknown): Verdict {
  if (value === undefined) return "must be NAME=value pairs separated by commas, e.g. LOG_LEVEL=info,REGION=eu";
  const result = ServerSchema.safeParse({ ...server, [field]: value });
  const issue = result.success ? undefined : result.error.issues.find((problem) => problem.path[0] === field);
  if (!issue) return true;
  const key = issue.path.slice(1).join(".");
  return key ? `${key}: ${issue.message}` : issue.message;
}

/** `A=1, B=two` → { A: "1", B: "two" }; undefined when a pair has no '='. */
function parseVariables(text: string): Record<string, string> | undefined {
  const variables: Record<string, string> = {};
  for (const pair of splitList(text)) {
    const at = pair.indexOf("=");
    if (at <= 0) return undefined;
    variables[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return variables;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

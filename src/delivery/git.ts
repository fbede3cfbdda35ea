/**
 * git through simple-git, authenticated the one safe way: the token travels in an `http.<origin>/.extraHeader` in a
 * private config file (mode 0600, in a 0700 folder of its own, removed when delivery ends or the process exits) that
 * git includes through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n` (`include.path`). So the token is
 * never in a URL, the repository's config, argv — nor in the environment of git or anything git starts, which
 * `NODE_DEBUG=child_process` would print and every hook would inherit. Hooks do not run at all for the tool's own git
 * calls (`core.hooksPath` is an empty folder): a reused clone's hooks are the user's, not delivery's.
 * simple-git 4 strips `GIT_*` variables (and a few others such as EDITOR) unless they are named in
 * `allowEnvironment`, and refuses `GIT_CONFIG_COUNT` and credential-helper settings unless `unsafe` allows them; we
 * allow exactly the variables we set.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import { type CommitIdentity, identityEnvironment, identityFromConfig } from "../git/identity.js";
import { basicAuthorization } from "./redact.js";

/** The author and the committer of delivery commits. */
export type { CommitIdentity } from "../git/identity.js";

/** Non-`GIT_` names simple-git also guards: programs git could be told to run. */
const GUARDED_NAMES = new Set(["editor", "pager", "prefix", "visual", "ssh_askpass"]);
/** Ambient `GIT_` variables worth keeping: GitHub Enterprise behind a private CA needs them. */
const KEPT = new Set(["git_ssl_cainfo", "git_ssl_capath"]);
/** git never needs these, so hooks and helpers it runs do not get them either. */
const TOKEN_VARIABLES = new Set(["GITHUB_TOKEN", "GH_TOKEN"]);

export function isGuarded(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("git_") || GUARDED_NAMES.has(lower);
}

/**
 * The complete environment of every git process delivery runs. Ambient `GIT_*` settings (GIT_DIR, GIT_CONFIG_*,
 * GIT_TRACE...) are dropped, as simple-git would drop them anyway; the identity is set explicitly so commits never
 * depend on what happens to be configured.
 */
export function gitEnvironment(input: {
  env: NodeJS.ProcessEnv;
  cloneUrl: string;
  token: string;
  identity?: CommitIdentity;
}): Record<string, string> {
  const env = localGitEnvironment(input.env);
  const files = authFiles(new URL(input.cloneUrl).origin, input.token);
  const config: [string, string][] = [
    // No credential helper: the token is the only credential, a bad one fails at once (no prompt), nothing is stored.
    ["credential.helper", ""],
    // The header, from the private file: read last, so its reset clears headers from other config too.
    ["include.path", files.config],
    ["core.hooksPath", files.hooks],
    // A clone or push that moves less than a byte a second for a minute has stalled: git gives up instead of hanging.
    ["http.lowSpeedLimit", "1"],
    ["http.lowSpeedTime", "60"],
  ];
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  if (input.identity) Object.assign(env, identityEnvironment(input.identity));
  return env;
}

interface AuthFiles {
  folder: string;
  config: string;
  hooks: string;
}

const authFolders = new Map<string, AuthFiles>();
let cleanupRegistered = false;

/**
 * The private config file with the header for `origin`, and an empty hooks folder, made once per process and token.
 * An empty value first clears headers inherited from other config, e.g. the one actions/checkout persists.
 */
function authFiles(origin: string, token: string): AuthFiles {
  const key = `${origin}\n${token}`;
  const known = authFolders.get(key);
  if (known) return known;
  const folder = mkdtempSync(join(tmpdir(), "mcp-gitops-git-"));
  const files = { folder, config: join(folder, "auth.config"), hooks: join(folder, "hooks") };
  mkdirSync(files.hooks, { mode: 0o700 });
  const value = `Authorization: ${basicAuthorization(token)}`.replace(/[\\"]/g, "\\$&");
  writeFileSync(files.config, `[http "${origin}/"]\n\textraHeader =\n\textraHeader = "${value}"\n`, { mode: 0o600 });
  authFolders.set(key, files);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once("exit", releaseGitAuth);
  }
  return files;
}

/** Removes every private auth folder: when delivery is over, and in any case when the process exits. */
export function releaseGitAuth(): void {
  for (const files of authFolders.values()) rmSync(files.folder, { recursive: true, force: true });
  authFolders.clear();
}

/** The environment for git commands that never talk to a remote: the ambient one minus guarded variables. */
export function localGitEnvironment(ambient: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(ambient)) {
    if (value !== undefined && (!isGuarded(name) || KEPT.has(name.toLowerCase())) && !TOKEN_VARIABLES.has(name))
      env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = "0";
  return env;
}

export async function openGit(baseDir: string, env: Record<string, string>): Promise<SimpleGit> {
  scrubSimpleGitDebug();
  const { simpleGit } = await import("simple-git");
  return simpleGit({
    baseDir,
    allowEnvironment: Object.keys(env).filter(isGuarded),
    unsafe: {
      allowUnsafeConfigEnvCount: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeInclude: true,
      allowUnsafeHooksPath: true,
    },
  }).env(env);
}

/**
 * simple-git's debug output (DEBUG=simple-git*) prints each child's full environment, header included. Delivery
 * never enables it: the namespaces are removed before simple-git (and its `debug`) first load.
 */
function scrubSimpleGitDebug(): void {
  // `debug` gives a `-name` exclusion precedence over any inclusion, whatever the order.
  if (process.env.DEBUG && !process.env.DEBUG.includes("-simple-git*"))
    process.env.DEBUG = `${process.env.DEBUG},-simple-git*`;
}

/** The identity git would use from its config or the GIT_AUTHOR_* / GIT_COMMITTER_* variables, if complete. */
export function configuredIdentity(git: SimpleGit, env: NodeJS.ProcessEnv): Promise<Partial<CommitIdentity>> {
  return identityFromConfig(async (key) => (await git.getConfig(key)).value ?? undefined, env);
}

/** A ref's sha, or undefined when it does not exist. */
export async function resolveRef(git: SimpleGit, ref: string): Promise<string | undefined> {
  const sha = (await git.raw(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
  return sha === "" ? undefined : sha;
}

/** Host and path of a git URL (https, ssh or scp-like), lowercased and without `.git`, for comparing remotes. */
export function repositoryKey(url: string): string | undefined {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
  let host: string;
  let path: string;
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    [host, path] = [scp[1]!, scp[2]!];
  } else {
    try {
      const parsed = new URL(url);
      [host, path] = [parsed.host, parsed.pathname];
    } catch {
      return undefined;
    }
  }
  return `${host}/${path.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "")}`.toLowerCase();
}

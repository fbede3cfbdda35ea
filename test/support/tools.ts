// The real tools the end-to-end tests run on generated output: helm, kubectl (for kustomize) and promtool.
// A missing tool is an error with instructions, never a skipped test: a green run must mean the tools ran.
import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { cachedToolPath } from "../../scripts/tool-cache.mjs";

/** A parsed Kubernetes manifest (one YAML document). */
export type KubeDocument = Record<string, unknown>;

/** Options for running a tool. */
export interface RunOptions {
  /** Working directory; defaults to the test process's. */
  cwd?: string;
  /** Extra environment variables, merged over the test process's. */
  env?: Record<string, string>;
  /** Kill the tool after this many milliseconds (default 120 000). */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** A tool exited non-zero (or could not start). The message includes its stderr and stdout. */
export class ToolError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number | string | null,
    readonly stdout: string,
    readonly stderr: string,
    cause: Error,
  ) {
    super(
      [
        `\`${command.join(" ")}\` failed (exit ${exitCode ?? "?"}): ${cause.message.split("\n")[0]}`,
        stderr.trim() && `stderr:\n${truncate(stderr)}`,
        stdout.trim() && `stdout:\n${truncate(stdout)}`,
      ]
        .filter(Boolean)
        .join("\n"),
      { cause },
    );
    this.name = "ToolError";
  }
}

// Written by scripts/fetch-helm.mjs; both take the path from scripts/tool-cache.mjs.
const HELM_CACHE_PATH = cachedToolPath("helm");

/** Path of the helm v4 binary fetched by scripts/fetch-helm.mjs. */
export function helmPath(): string {
  if (isExecutable(HELM_CACHE_PATH)) return HELM_CACHE_PATH;
  throw new Error(
    `helm not found at ${HELM_CACHE_PATH}. Run \`node scripts/fetch-helm.mjs\` ` +
      "(`npm test` runs it as its pretest step).",
  );
}

/**
 * Path of kubectl (its built-in kustomize renders overlays): the machine's on PATH, else the one
 * scripts/fetch-helm.mjs unpacked from the same layer package as helm.
 */
export function kubectlPath(): string {
  const cached = path.join(path.dirname(HELM_CACHE_PATH), "kubectl");
  try {
    return findOnPath("kubectl", "");
  } catch {
    if (isExecutable(cached)) return cached;
  }
  return findOnPath(
    "kubectl",
    `Install kubectl 1.27 or newer (its \`kubectl kustomize\` is used), or run \`node scripts/fetch-helm.mjs\`, which unpacks one to ${cached}.`,
  );
}

/** Path of promtool on PATH. */
export function promtoolPath(): string {
  return findOnPath(
    "promtool",
    "Install it with `apt-get install -y --no-install-recommends prometheus` (.ci/run does this).",
  );
}

/** Runs helm with the given arguments; rejects with a ToolError on a non-zero exit. */
export function helm(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(helmPath(), args, { ...opts, env: { ...isolatedHelmHome(), ...opts.env } });
}

/** Runs kubectl with the given arguments. */
export function kubectl(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(kubectlPath(), args, opts);
}

/** Runs promtool with the given arguments (e.g. `["check", "rules", file]`). */
export function promtool(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(promtoolPath(), args, opts);
}

/** Renders a kustomization directory with `kubectl kustomize` and returns every document. */
export async function kustomizeBuild(dir: string): Promise<KubeDocument[]> {
  const { stdout } = await kubectl(["kustomize", dir]);
  return parseManifests(stdout, `kubectl kustomize ${dir}`);
}

/** Options for `helm template`. */
export interface HelmTemplateOptions {
  releaseName: string;
  namespace: string;
}

/**
 * Renders a chart with `helm template`, layering the values objects in order (later wins, like repeated
 * `-f`), and returns every document.
 */
export async function helmTemplate(
  chartDir: string,
  values: readonly object[],
  opts: HelmTemplateOptions,
): Promise<KubeDocument[]> {
  return withValuesFiles(values, async (valueArgs) => {
    const args = ["template", opts.releaseName, chartDir, "--namespace", opts.namespace, ...valueArgs];
    const { stdout } = await helm(args);
    return parseManifests(stdout, `helm template ${chartDir}`);
  });
}

/** Options for `helm lint`. */
export interface HelmLintOptions {
  /** Fail on lint warnings too (`--strict`). Defaults to true. */
  strict?: boolean;
}

/** Lints a chart with the values objects layered in order; rejects with the lint report on failure. */
export async function helmLint(
  chartDir: string,
  values: readonly object[],
  opts: HelmLintOptions = {},
): Promise<RunResult> {
  const strict = opts.strict ?? true;
  return withValuesFiles(values, (valueArgs) =>
    helm(["lint", chartDir, ...(strict ? ["--strict"] : []), ...valueArgs]),
  );
}

/** Parses a multi-document YAML stream, dropping empty documents; any YAML error is fatal. */
export function parseManifests(text: string, source: string): KubeDocument[] {
  const docs: KubeDocument[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source} printed invalid YAML: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new Error(`${source} printed a YAML document that is not a mapping: ${JSON.stringify(value)}`);
    }
    docs.push(value as KubeDocument);
  }
  return docs;
}

/** Writes each values object to its own file for the duration of `use`, passing the `-f` arguments. */
async function withValuesFiles<T>(values: readonly object[], use: (args: string[]) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "mcp-gitops-values-"));
  try {
    const args: string[] = [];
    for (const [index, object] of values.entries()) {
      const file = path.join(dir, `values-${index}.yaml`);
      // JSON is YAML, and JSON.stringify cannot produce a quoting mistake — except that it leaves U+0085, U+2028 and
      // U+2029 raw, which helm's go-yaml reads as line breaks even inside quotes; as \u escapes they stay characters.
      await writeFile(
        file,
        JSON.stringify(object).replace(
          /[\u0085\u2028\u2029]/g,
          (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
        ),
      );
      args.push("-f", file);
    }
    return await use(args);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let helmHome: Record<string, string> | undefined;

/** Points helm's config, cache and data at a scratch directory so a developer's repos never leak in. */
function isolatedHelmHome(): Record<string, string> {
  if (!helmHome) {
    const base = path.join(tmpdir(), `mcp-gitops-helm-home-${process.pid}`);
    helmHome = {
      HELM_CONFIG_HOME: path.join(base, "config"),
      HELM_CACHE_HOME: path.join(base, "cache"),
      HELM_DATA_HOME: path.join(base, "data"),
    };
  }
  return helmHome;
}

function run(file: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd,
        env: { ...process.env, ...opts.env },
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (error) reject(new ToolError([file, ...args], error.code ?? null, stdout, stderr, error));
        else resolve({ stdout, stderr });
      },
    );
  });
}

function findOnPath(name: string, howToInstall: string): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(`${name} not found on PATH. ${howToInstall}`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function truncate(text: string, max = 8000): string {
  return text.length <= max ? text.trimEnd() : `${text.slice(0, max)}\n... (${text.length - max} more characters)`;
}

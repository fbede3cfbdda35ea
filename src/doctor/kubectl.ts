/**
 * What `doctor` asks a cluster, through the kubectl on PATH (its kubeconfig, contexts and credentials are the
 * person's own; nothing here handles a credential). Read-only requests, each with a time limit.
 */
import { ToolError } from "../errors.js";

export interface Kubectl {
  /** `kubectl api-resources -o name`: `<plural>.<group>` (core resources without a group). */
  apiResources(): Promise<Set<string>>;
  /**
   * Names of the Deployments and StatefulSets in every namespace, or undefined when listing them is not allowed
   * (controllers then go unchecked rather than reported missing).
   */
  workloads(): Promise<string[] | undefined>;
}

export interface KubectlOptions {
  /** `--context`; default kubectl's current context. */
  context?: string;
  /** The environment kubectl runs with (PATH finds it, KUBECONFIG chooses the config). */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export function kubectl(options: KubectlOptions): Kubectl {
  const run = (args: string[]) =>
    runKubectl([...(options.context ? ["--context", options.context] : []), ...args], options);
  return {
    async apiResources() {
      const { stdout } = await mustSucceed(run(["api-resources", "-o", "name"]), "api-resources -o name");
      return new Set(
        stdout
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
      );
    },
    async workloads() {
      const template = '{range .items[*]}{.metadata.name}{"\\n"}{end}';
      const result = await run(["get", "deployments,statefulsets", "--all-namespaces", "-o", `jsonpath=${template}`]);
      if (result.code !== 0) return undefined;
      return result.stdout
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    },
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function mustSucceed(pending: Promise<Run>, what: string): Promise<Run> {
  const result = await pending;
  if (result.code === 0) return result;
  const said = result.stderr.trim().split("\n")[0] || `exit status ${result.code}`;
  throw new ToolError(`kubectl ${what}: ${said} (is the cluster reachable, and the context right?)`);
}

async function runKubectl(args: string[], options: KubectlOptions): Promise<Run> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    execFile(
      "kubectl",
      args,
      { env: options.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT")
          return reject(
            new ToolError(
              "kubectl: not found on PATH. doctor reads the cluster with kubectl: install it (https://kubernetes.io/docs/tasks/tools/) and run again",
            ),
          );
        const code = !error ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr: stderr || (error && code === 1 ? error.message : "") });
      },
    );
  });
}

// Where the test tools (helm, and kubectl where the machine has none) are cached: outside node_modules, so a fresh
// `npm ci` does not download them again, under XDG_CACHE_HOME (default ~/.cache) like other developer tools.
// scripts/fetch-helm.mjs writes there and test/support/tools.ts reads from there: both ask this module.
import { homedir } from "node:os";
import path from "node:path";

/**
 * The cache folder for this machine's platform and architecture.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string} [platform] `<os>-<arch>` as Node names them, e.g. linux-x64
 */
export function toolCacheDir(env = process.env, platform = `${process.platform}-${process.arch}`) {
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  return path.join(xdg ?? path.join(env.HOME || homedir(), ".cache"), "create-mcp-gitops-tools", platform);
}

/** @param {NodeJS.ProcessEnv} [env] */
export function cachedToolPath(name, env = process.env) {
  return path.join(toolCacheDir(env), "bin", name);
}

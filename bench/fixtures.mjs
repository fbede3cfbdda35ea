/**
 * Inputs for the benchmark: fleet answers files and a changed copy of the bundled blueprint. Everything is written
 * under the run's scratch folder.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = join(PACKAGE_ROOT, "bin", "create-mcp-gitops.js");
export const BUNDLED_BLUEPRINT = join(PACKAGE_ROOT, "blueprints", "mcp-gitops");

export const FLEET_ENVIRONMENTS = ["dev", "test", "staging", "prod", "prod-eu"];

/**
 * A fleet answers file: `servers` × FLEET_ENVIRONMENTS on Flux (the engine that writes more files per server).
 * Servers differ in name, image and env so no two files are alike, as in a real fleet.
 */
export function writeFleetAnswers(scratch, servers) {
  const answers = {
    gitops: "flux",
    repository: { owner: "acme", name: `fleet-${servers}` },
    servers: Array.from({ length: servers }, (_, index) => {
      const name = `mcp-${String(index + 1).padStart(3, "0")}`;
      return {
        name,
        description: `Benchmark server ${index + 1}`,
        image: `ghcr.io/acme/${name}:1.${index % 7}.${index}`,
        port: 8080 + (index % 3),
        env: { LOG_LEVEL: index % 2 ? "info" : "debug", REGION: "eu-west-1" },
        secretEnvFrom: [`${name}-credentials`],
      };
    }),
    environments: FLEET_ENVIRONMENTS.map((name) => ({
      name,
      ...(name.startsWith("prod") ? { hostname: `${name}.mcp.example.com` } : {}),
    })),
  };
  const path = join(scratch, `answers-${servers}.json`);
  writeFileSync(path, `${JSON.stringify(answers, null, 2)}\n`);
  return path;
}

/**
 * A copy of the bundled blueprint at the next minor version. With `touchEveryServer`, its values documents gain a
 * line, so every server's base values and every server × environment values file changes; without, only the
 * version differs and an upgrade to it merges every file and changes none (the record aside).
 * @returns {{ root: string, version: string }}
 */
export function writeNextBlueprint(scratch, { touchEveryServer }) {
  const root = join(scratch, touchEveryServer ? "blueprint-changed" : "blueprint-same");
  cpSync(BUNDLED_BLUEPRINT, root, { recursive: true });
  const manifestPath = join(root, "blueprint.yaml");
  const manifest = readFileSync(manifestPath, "utf8");
  const current = /^version:\s*"?(\d+)\.(\d+)\.(\d+)"?\s*$/m.exec(manifest);
  if (!current) throw new Error(`${manifestPath}: no x.y.z version line to bump`);
  const version = `${current[1]}.${Number(current[2]) + 1}.0`;
  writeFileSync(manifestPath, manifest.replace(current[0], `version: ${version}`));
  if (touchEveryServer) {
    // The values files are documents of lib/documents.mjs: each gains a first comment line.
    const path = join(root, "lib", "documents.mjs");
    const source = readFileSync(path, "utf8");
    const marker = "comments: comment`# Values for ";
    if (source.split(marker).length !== 3) throw new Error(`${path}: expected two values documents`);
    writeFileSync(
      path,
      source.replaceAll(marker, `comments: comment\`# Reviewed for blueprint ${version}.\n# Values for `),
    );
  }
  return { root, version };
}

#!/usr/bin/env node
// Builds the MCP-server Grafana dashboards from their typed source (scripts/dashboards/*.mjs, written with the
// Grafana Foundation SDK) into the bundled chart, charts/mcp-server/dashboards/*.json. Run it after changing a
// dashboard; the generated JSON is committed, so creating a repository never loads the SDK.
//
// Usage: node scripts/build-dashboards.mjs           write the JSON files
//        node scripts/build-dashboards.mjs --check   exit 1 if a committed file differs from its source
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { alertsDashboard } from "./dashboards/alerts.mjs";
import { overviewDashboard } from "./dashboards/overview.mjs";
import { performanceDashboard } from "./dashboards/performance.mjs";
import { resourcesDashboard } from "./dashboards/resources.mjs";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
export const DASHBOARDS_DIR = path.join(projectRoot, "blueprints/mcp-gitops/files/common/charts/mcp-server/dashboards");

/** File name → dashboard JSON text, as committed. */
export function buildDashboards() {
  const dashboards = {
    overview: overviewDashboard(),
    performance: performanceDashboard(),
    resources: resourcesDashboard(),
    alerts: alertsDashboard(),
  };
  return Object.fromEntries(
    Object.entries(dashboards).map(([kind, json]) => [`${kind}.json`, `${JSON.stringify(json, null, 2)}\n`]),
  );
}

async function main() {
  const check = process.argv.includes("--check");
  const stale = [];
  for (const [file, text] of Object.entries(buildDashboards())) {
    const target = path.join(DASHBOARDS_DIR, file);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === text) continue;
    if (check) stale.push(file);
    else await writeFile(target, text);
  }
  if (stale.length > 0) {
    console.error(`out of date: ${stale.join(", ")}; run node scripts/build-dashboards.mjs`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

/**
 * Reading the observability a generated repository ships: its rule and test files, the dashboards in rendered
 * releases (sidecar ConfigMaps or GrafanaDashboards), and the PromQL in them with Grafana's variables filled in.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { RepositoryCheck } from "./repo-check.js";
import type { KubeDocument } from "./tools.js";

export interface RuleFiles {
  /** Relative paths of every alerts.yaml, and their parsed content by path. */
  rules: Map<string, any>;
  tests: Map<string, any>;
}

/** apps/<env>/<server>/alerts.yaml and alerts.test.yaml for every environment and every listed server. */
export async function readRuleFiles(dir: string, check: RepositoryCheck, servers: string[]): Promise<RuleFiles> {
  const rules = new Map<string, any>();
  const tests = new Map<string, any>();
  for (const env of check.answers.environments) {
    for (const server of servers) {
      const base = `apps/${env.name}/${server}`;
      rules.set(`${base}/alerts.yaml`, parse(await readFile(join(dir, base, "alerts.yaml"), "utf8")));
      tests.set(`${base}/alerts.test.yaml`, parse(await readFile(join(dir, base, "alerts.test.yaml"), "utf8")));
    }
  }
  return { rules, tests };
}

/** Every alerting rule of a rule file, by alert name. */
export function alertsByName(ruleFile: any): Map<string, any> {
  return new Map(ruleFile.groups.flatMap((group: any) => group.rules).map((rule: any) => [rule.alert, rule]));
}

export interface ShippedDashboard {
  /** Where it came from, for messages: `<server>/<env> <kind> <name>`. */
  source: string;
  json: any;
}

/** The dashboards of rendered releases, from sidecar ConfigMaps and from GrafanaDashboard resources. */
export function dashboardsOf(docs: KubeDocument[], source: string): ShippedDashboard[] {
  const found: ShippedDashboard[] = [];
  for (const doc of docs as any[]) {
    if (doc.kind === "ConfigMap" && doc.metadata.labels?.grafana_dashboard === "1") {
      for (const [key, text] of Object.entries(doc.data ?? {}))
        found.push({ source: `${source} ConfigMap ${key}`, json: JSON.parse(text as string) });
    }
    if (doc.kind === "GrafanaDashboard")
      found.push({ source: `${source} GrafanaDashboard ${doc.metadata.name}`, json: JSON.parse(doc.spec.json) });
  }
  return found;
}

/** Grafana's own variables, with values of the kind Grafana substitutes. */
const BUILT_INS: Record<string, string> = { __rate_interval: "5m", __interval: "1m", __range: "1h", __range_s: "3600" };

/**
 * A panel's query as Grafana sends it: `${name}` and `$name` replaced by the constant's value, the variable's
 * current value, or a sample; what is left must be plain PromQL.
 */
export function interpolate(expr: string, dashboard: any): string {
  const values: Record<string, string> = { ...BUILT_INS };
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === "constant") values[variable.name] = String(variable.query);
    else values[variable.name] = String(variable.current?.value ?? `sample-${variable.name}`);
  }
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (_whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    if (!(name in values)) throw new Error(`${expr}: refers to $${name}, which the dashboard does not define`);
    return values[name]!;
  });
}

/** Every query expression of a dashboard, rows' panels included. */
export function dashboardQueries(dashboard: any): string[] {
  const panels = (dashboard.panels ?? []).flatMap((panel: any) => [panel, ...(panel.panels ?? [])]);
  return panels.flatMap((panel: any) => (panel.targets ?? []).map((target: any) => target.expr)).filter(Boolean);
}

// Checks a Grafana dashboard (classic JSON model) for what makes a shipped dashboard break or not travel:
// unknown fields, duplicate panel ids, panels off the 24-column grid, and datasources pinned to one
// Grafana's instance instead of a `${datasource}` template variable.
//
// The field lists are those of Grafana's dashboard JSON schema (grafana-foundation-sdk v0.0.18, generated
// from Grafana's CUE kinds), where Dashboard, Panel, RowPanel and VariableModel are closed objects.

const DASHBOARD_FIELDS = new Set([
  "id",
  "uid",
  "title",
  "description",
  "revision",
  "gnetId",
  "tags",
  "timezone",
  "editable",
  "graphTooltip",
  "time",
  "timepicker",
  "fiscalYearStartMonth",
  "liveNow",
  "weekStart",
  "refresh",
  "schemaVersion",
  "version",
  "panels",
  "templating",
  "annotations",
  "links",
  "snapshot",
  "preload",
]);
const PANEL_FIELDS = new Set([
  "type",
  "id",
  "pluginVersion",
  "targets",
  "title",
  "description",
  "transparent",
  "datasource",
  "gridPos",
  "links",
  "repeat",
  "repeatDirection",
  "maxPerRow",
  "maxDataPoints",
  "transformations",
  "interval",
  "timeFrom",
  "timeShift",
  "hideTimeOverride",
  "timeCompare",
  "libraryPanel",
  "cacheTimeout",
  "queryCachingTTL",
  "options",
  "fieldConfig",
]);
const ROW_FIELDS = new Set(["type", "collapsed", "title", "datasource", "gridPos", "id", "panels", "repeat"]);
const VARIABLE_FIELDS = new Set([
  "type",
  "name",
  "label",
  "hide",
  "skipUrlSync",
  "description",
  "query",
  "datasource",
  "current",
  "multi",
  "allowCustomValue",
  "options",
  "refresh",
  "sort",
  "includeAll",
  "allValue",
  "regex",
  "staticOptions",
  "staticOptionsOrder",
  "auto",
  "auto_min",
  "auto_count",
  "definition",
]);
const DATASOURCE_REF_FIELDS = new Set(["type", "uid"]);
const GRID_COLUMNS = 24;
// Both spellings Grafana resolves: "${datasource}" and "$datasource".
const VARIABLE_REFERENCE = /^\$(?:\{(\w+)\}|(\w+))$/;

type Json = Record<string, unknown>;

/** Throws listing every problem if `json` is not a portable Grafana dashboard. */
export function validateGrafanaDashboard(json: unknown): void {
  const problems = dashboardProblems(json);
  if (problems.length > 0) {
    const title = isObject(json) && typeof json.title === "string" ? ` "${json.title}"` : "";
    throw new Error(`invalid Grafana dashboard${title}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

function dashboardProblems(json: unknown): string[] {
  if (!isObject(json)) return ["the dashboard is not a JSON object"];
  const problems = unknownFields(json, DASHBOARD_FIELDS, "dashboard");
  if (typeof json.schemaVersion !== "number") problems.push("schemaVersion must be a number");
  if (!nonEmptyString(json.uid)) problems.push("uid must be a non-empty string (a stable uid keeps links working)");
  if (!nonEmptyString(json.title)) problems.push("title must be a non-empty string");
  const datasourceVariables = checkTemplating(json.templating, problems);
  if (!Array.isArray(json.panels)) problems.push("panels must be an array");
  else checkPanels(json.panels, datasourceVariables, problems);
  return problems;
}

/** Checks templating.list and returns the names of its datasource variables. */
function checkTemplating(templating: unknown, problems: string[]): Set<string> {
  const names = new Set<string>();
  const datasourceVariables = new Set<string>();
  const list = isObject(templating) ? templating.list : undefined;
  if (!Array.isArray(list)) {
    problems.push("templating.list must be an array with a datasource variable");
    return datasourceVariables;
  }
  for (const [i, variable] of list.entries()) {
    const at = `templating.list[${i}]`;
    if (!isObject(variable) || !nonEmptyString(variable.name)) {
      problems.push(`${at} must be an object with a name`);
      continue;
    }
    problems.push(...unknownFields(variable, VARIABLE_FIELDS, `variable "${variable.name}"`));
    if (names.has(variable.name)) problems.push(`variable "${variable.name}" is defined twice`);
    names.add(variable.name);
    if (variable.type === "datasource") datasourceVariables.add(variable.name);
  }
  if (datasourceVariables.size === 0) problems.push('templating.list has no variable of type "datasource"');
  // Checked after the loop so that a query variable may refer to a datasource variable defined after it.
  for (const variable of list) {
    if (isObject(variable) && variable.type !== "datasource" && variable.datasource != null) {
      checkDatasource(variable.datasource, `variable "${String(variable.name)}"`, datasourceVariables, problems);
    }
  }
  return datasourceVariables;
}

function checkPanels(panels: readonly unknown[], datasourceVariables: Set<string>, problems: string[]): void {
  const ids = new Set<number>();
  const visit = (panel: unknown, at: string, insideRow: boolean): void => {
    if (!isObject(panel)) return void problems.push(`${at} is not an object`);
    const label = `panel ${typeof panel.id === "number" ? panel.id : at}${titleOf(panel)}`;
    if (typeof panel.id !== "number" || !Number.isInteger(panel.id)) problems.push(`${at} needs an integer id`);
    else if (ids.has(panel.id)) problems.push(`panel id ${panel.id} is used twice (${at})`);
    else ids.add(panel.id);
    if (!nonEmptyString(panel.type)) problems.push(`${label} needs a type`);
    checkGridPos(panel.gridPos, label, problems);
    if (panel.type === "row" && !insideRow) {
      problems.push(...unknownFields(panel, ROW_FIELDS, label));
      if (panel.datasource != null) checkDatasource(panel.datasource, label, datasourceVariables, problems);
      if (!Array.isArray(panel.panels)) problems.push(`${label} (a row) needs a panels array`);
      else for (const [i, child] of panel.panels.entries()) visit(child, `${at}.panels[${i}]`, true);
      return;
    }
    problems.push(...unknownFields(panel, PANEL_FIELDS, label));
    checkPanelDatasources(panel, label, datasourceVariables, problems);
  };
  for (const [i, panel] of panels.entries()) visit(panel, `panels[${i}]`, false);
}

/** A panel with queries must name its datasource, else Grafana silently uses whatever its default is. */
function checkPanelDatasources(panel: Json, label: string, variables: Set<string>, problems: string[]): void {
  const targets = Array.isArray(panel.targets) ? panel.targets : [];
  if (panel.datasource != null) checkDatasource(panel.datasource, label, variables, problems);
  else if (targets.length > 0) problems.push(`${label} has queries but no datasource`);
  targets.forEach((target, i) => {
    if (isObject(target) && target.datasource != null) {
      checkDatasource(target.datasource, `${label} targets[${i}]`, variables, problems);
    }
  });
}

function checkDatasource(ref: unknown, label: string, variables: Set<string>, problems: string[]): void {
  const name = referencedVariable(ref);
  if (name === undefined) {
    problems.push(`${label}: datasource ${JSON.stringify(ref)} must be a template variable such as "\${datasource}"`);
  } else if (!variables.has(name)) {
    problems.push(`${label}: datasource refers to "$${name}", which is not a datasource variable`);
  }
}

/** The variable a datasource reference names: "${ds}", "$ds" or { type?, uid: "${ds}" }. */
function referencedVariable(ref: unknown): string | undefined {
  if (isObject(ref)) {
    if (Object.keys(ref).some((key) => !DATASOURCE_REF_FIELDS.has(key))) return undefined;
    return referencedVariable(ref.uid);
  }
  if (typeof ref !== "string") return undefined;
  const match = VARIABLE_REFERENCE.exec(ref);
  return match?.[1] ?? match?.[2];
}

function checkGridPos(gridPos: unknown, label: string, problems: string[]): void {
  const isInt = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);
  if (!isObject(gridPos) || ![gridPos.h, gridPos.w, gridPos.x, gridPos.y].every(isInt)) {
    problems.push(`${label} needs a gridPos with integer h, w, x and y`);
    return;
  }
  const { w, x } = gridPos as { w: number; x: number };
  if (x < 0 || w < 1 || x + w > GRID_COLUMNS) problems.push(`${label} does not fit the ${GRID_COLUMNS}-column grid`);
}

function unknownFields(object: Json, known: ReadonlySet<string>, label: string): string[] {
  return Object.keys(object)
    .filter((key) => !known.has(key))
    .map((key) => `${label}: unknown field "${key}"`);
}

function titleOf(panel: Json): string {
  return typeof panel.title === "string" && panel.title ? ` "${panel.title}"` : "";
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** What `doctor` prints: one line per requirement, how to install what is missing; or one JSON document. */
import type { DoctorResult } from "../doctor/doctor.js";
import type { RequirementCheck } from "../doctor/check.js";
import { plural } from "../words.js";
import { plainColours, type Colours } from "./colours.js";

export function reportDoctor(result: DoctorResult, options: { json: boolean; colours?: Colours }): string {
  if (options.json) {
    return `${JSON.stringify(
      {
        ok: result.missing.length === 0,
        directory: result.directory,
        ...(result.context ? { context: result.context } : {}),
        blueprint: result.blueprint,
        controllersChecked: result.controllersChecked,
        requirements: result.checks,
        missing: result.missing.map((check) => check.resource),
      },
      null,
      2,
    )}\n`;
  }
  const colours = options.colours ?? plainColours;
  const where = result.context ? `context ${result.context}` : "the current kube context";
  const lines = [`Checking ${where} for ${result.blueprint.name} ${result.blueprint.version} (.mcp-gitops.yaml)`, ""];
  for (const check of result.checks) lines.push(...checkLines(check, colours));
  if (!result.controllersChecked)
    lines.push(
      "",
      colours.yellow("warning: listing Deployments and StatefulSets was not allowed; controllers went unchecked"),
    );
  lines.push(
    "",
    result.missing.length === 0
      ? colours.green(`Everything the repository needs is there (${plural(result.checks.length, "requirement")}).`)
      : colours.red(`${result.missing.length} of ${plural(result.checks.length, "requirement")} missing.`),
  );
  return `${lines.join("\n")}\n`;
}

function checkLines(check: RequirementCheck, colours: Colours): string[] {
  const ok = check.present && check.controller !== "missing";
  const what = `${check.kind} ${colours.dim(`(${check.resource})`)} — ${check.feature}`;
  const state = !check.present
    ? "API not served"
    : check.controller === "missing"
      ? `no controller running (${(check.controllers ?? []).join(" or ")})`
      : check.controller === "unchecked"
        ? ""
        : `controller ${check.controller.running}`;
  const line = `${ok ? colours.green("✔") : colours.red("✖")} ${what}${state ? `: ${state}` : ""}`;
  return ok ? [line] : [line, `    install: ${check.install}`];
}

/**
 * What a blueprint warns about for a set of answers (`lib/warnings.mjs`: `warnings(answers)`), because only it knows
 * what it renders: create and upgrade print these with the answers' own warnings. A blueprint without the module has
 * none.
 */
import type { ResolvedAnswers } from "../answers/resolve.js";
import { BlueprintError } from "../errors.js";
import { type Blueprint, loadBlueprintModule } from "./blueprint.js";

const FILE = "lib/warnings.mjs";

export async function loadBlueprintWarnings(blueprint: Blueprint, answers: ResolvedAnswers): Promise<string[]> {
  const module = await loadBlueprintModule<{ warnings?: unknown; default?: unknown }>(blueprint, FILE);
  if (!module) return [];
  const fail = (why: string) => new BlueprintError(`blueprint ${blueprint.name} ${blueprint.version}: ${FILE}: ${why}`);
  const warn = module.warnings ?? module.default;
  if (typeof warn !== "function") throw fail("exports no warnings(answers) function");
  let said: unknown;
  try {
    said = warn(answers);
  } catch (error) {
    throw fail(`warnings() failed: ${(error as Error).message}`);
  }
  if (!Array.isArray(said) || !said.every((line) => typeof line === "string"))
    throw fail("warnings() must return a list of strings");
  return said;
}

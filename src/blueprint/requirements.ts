/**
 * What a cluster needs for a repository, as its blueprint says (`lib/requirements.mjs`: `requirements(answers)`,
 * which includes the engine descriptor's own). A blueprint without the module states no requirements.
 */
import type { ResolvedAnswers } from "../answers/resolve.js";
import { BlueprintError } from "../errors.js";
import { type Blueprint, loadBlueprintModule } from "./blueprint.js";
import type { Requirement } from "./engines.js";

const FILE = "lib/requirements.mjs";

export async function loadRequirements(
  blueprint: Blueprint,
  answers: ResolvedAnswers,
): Promise<Requirement[] | undefined> {
  const module = await loadBlueprintModule<{ requirements?: unknown; default?: unknown }>(blueprint, FILE);
  if (!module) return undefined;
  const fail = (why: string) => new BlueprintError(`blueprint ${blueprint.name} ${blueprint.version}: ${FILE}: ${why}`);
  const list = module.requirements ?? module.default;
  if (typeof list !== "function") throw fail("exports no requirements(answers) function");
  let needed: unknown;
  try {
    needed = list(answers);
  } catch (error) {
    throw fail(`requirements() failed: ${(error as Error).message}`);
  }
  if (!Array.isArray(needed) || !needed.every(isRequirement))
    throw fail("requirements() must return a list of { feature, kind, resource, install, controllers? }");
  return needed;
}

function isRequirement(value: unknown): value is Requirement {
  if (!value || typeof value !== "object") return false;
  const item = value as Record<string, unknown>;
  const strings = ["feature", "kind", "resource", "install"].every((key) => typeof item[key] === "string");
  const controllers =
    item.controllers === undefined ||
    (Array.isArray(item.controllers) && item.controllers.every((name) => typeof name === "string"));
  return strings && controllers;
}

/** The bundled blueprint's engine descriptor applied to answers, as create() computes it for its reports. */
import type { ResolvedAnswers } from "../../src/answers/resolve.js";
import { loadBundledBlueprint } from "../../src/blueprint/blueprint.js";
import { type EngineView, engineView, loadEngines } from "../../src/blueprint/engines.js";

export async function engineFor(answers: ResolvedAnswers): Promise<EngineView> {
  const blueprint = await loadBundledBlueprint();
  return engineView(await loadEngines(blueprint), answers, blueprint);
}

/**
 * The prerequisites question, asked once the features are known: of the operators and CRDs those features need,
 * which this repository installs (all of them by default, so a fresh cluster comes up from Git alone) and, for the
 * ones the clusters already have, what installs them, so the servers wait for it.
 */
import { COMPONENT_TITLES, ComponentSchema, neededComponents } from "../answers/infrastructure.js";
import { resolveEnvironment } from "../answers/resolve.js";
import { AnswersSchema } from "../answers/schema.js";
import { validateWith, type Prompter } from "./prompter.js";

const validDependency = validateWith(ComponentSchema.shape.dependsOn.unwrap());

export async function askInfrastructure(raw: Record<string, unknown>, prompter: Prompter): Promise<void> {
  if (raw.infrastructure !== undefined) return;
  // The questions run before the cross-field checks: answers that do not parse yet are left to the error they earn.
  const parsed = AnswersSchema.safeParse(raw);
  if (!parsed.success) return;
  const environments = parsed.data.environments.map((env) =>
    resolveEnvironment(env, parsed.data.repository.baseBranch),
  );
  const needed = [...neededComponents(parsed.data, environments)];
  if (needed.length === 0) return;
  const installed = await prompter.multiSelect({
    message: "Prerequisites this repository installs in every cluster (unselect those your clusters already have)",
    choices: needed.map((name) => ({ value: name, name: COMPONENT_TITLES[name], checked: true })),
  });
  const present = needed.filter((name) => !installed.includes(name));
  const infrastructure: Record<string, { install: boolean; dependsOn?: string }> = {};
  for (const name of needed) infrastructure[name] = { install: installed.includes(name) };
  if (present.length > 0) {
    const dependsOn = await prompter.text({
      message: `What installs ${present.map((name) => COMPONENT_TITLES[name].replace(/ \(.*$/, "")).join(", ")} in your clusters, for the servers to wait on (name or namespace/name; blank: nothing)`,
      default: "",
      validate: (value) => (value.trim() === "" ? true : validDependency(value.trim())),
    });
    if (dependsOn.trim()) for (const name of present) infrastructure[name]!.dependsOn = dependsOn.trim();
  }
  raw.infrastructure = infrastructure;
}

/**
 * Environment questions: pick from dev/staging/prod, add your own, then each one's size. Environments given by
 * --envs or an answers file are not asked about again. (Hostnames are asked with exposure, where they matter.)
 */
import { DEFAULT_ENVIRONMENTS } from "../answers/defaults.js";
import { defaultProfile, defaultSize } from "../answers/resolve.js";
import { EnvironmentSchema, type Size } from "../answers/schema.js";
import { firstProblem, validateWith, type Choice, type Prompter, type Verdict } from "./prompter.js";

/**
 * The requests of each size describe it. A copy: what a size means is the blueprint's (SIZES in the bundled
 * blueprint's lib/helpers.mjs), and the questions come before the blueprint is opened. test/blueprint-contract.test.ts
 * keeps the two equal.
 */
export const SIZE_CHOICES: Choice<Size>[] = [
  { value: "small", description: "requests 100m CPU / 128Mi memory" },
  { value: "medium", description: "requests 200m CPU / 256Mi memory" },
  { value: "large", description: "requests 500m CPU / 512Mi memory" },
];

const validName = validateWith(EnvironmentSchema.shape.name);
const validCluster = validateWith(EnvironmentSchema.shape.cluster);

export interface EnvironmentQuestions {
  /** The engine delivers to a destination cluster named in the repository: ask each environment's. */
  askCluster?: boolean;
  /** How people call the engine, for the cluster question. */
  engineName?: string;
}

export async function askEnvironments(
  raw: Record<string, unknown>,
  prompter: Prompter,
  questions: EnvironmentQuestions = {},
): Promise<void> {
  if (Array.isArray(raw.environments) && raw.environments.length > 0) return;
  const picked = await prompter.multiSelect({
    message: "Environments",
    choices: DEFAULT_ENVIRONMENTS.map((name) => ({ value: name as string, checked: true })),
  });
  const extra = await prompter.text({
    message: "Other environments (comma-separated, blank for none)",
    default: "",
    validate: (value) => extraProblem(picked, splitNames(value)),
  });
  const environments: Record<string, unknown>[] = [];
  for (const name of [...picked, ...splitNames(extra)])
    environments.push(await askEnvironment(prompter, name, questions));
  raw.environments = environments;
}

/**
 * `add env` at a terminal: its name when no flag gave it (not one the repository has), then its size (and its cluster,
 * where the engine names one).
 */
export async function askAddedEnvironment(
  environment: Record<string, unknown>,
  existing: string[],
  prompter: Prompter,
  questions: EnvironmentQuestions = {},
): Promise<Record<string, unknown>> {
  const name =
    typeof environment.name === "string"
      ? environment.name
      : await prompter.text({
          message: "Environment name",
          validate: (value) =>
            firstProblem(
              () => validName(value),
              () => (existing.includes(value) ? `duplicates the name '${value}'` : true),
            ),
        });
  if (environment.size !== undefined) return { ...environment, name };
  return { ...environment, ...(await askEnvironment(prompter, name, questions)) };
}

async function askEnvironment(
  prompter: Prompter,
  name: string,
  questions: EnvironmentQuestions,
): Promise<Record<string, unknown>> {
  const size = await prompter.select({
    message: `Size of each server in ${name}`,
    choices: SIZE_CHOICES,
    default: defaultSize(defaultProfile(name)),
  });
  if (!questions.askCluster) return { name, size };
  const fallback = EnvironmentSchema.shape.cluster.parse(undefined);
  const cluster = (
    await prompter.text({
      message: `Cluster ${name} deploys to (a name registered with ${questions.engineName ?? "the GitOps engine"}, or an https:// API server URL)`,
      default: fallback,
      validate: (value) => validCluster(value.trim()),
    })
  ).trim();
  return cluster === fallback ? { name, size } : { name, size, cluster };
}

function splitNames(text: string): string[] {
  return text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** The same sentences the schema uses for a bad, duplicated or missing environment name. */
function extraProblem(picked: string[], extra: string[]): Verdict {
  if (picked.length + extra.length === 0) return "must list at least one environment";
  const seen = new Set(picked);
  for (const name of extra) {
    const problem = firstProblem(
      () => validName(name),
      () => (seen.has(name) ? `duplicates the name '${name}'` : true),
    );
    if (problem !== true) return `${name}: ${problem}`;
    seen.add(name);
  }
  return true;
}

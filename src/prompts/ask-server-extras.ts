/**
 * What a server needs besides its program: environment variables, existing Secrets whose keys become variables, and
 * image pull Secrets. Asked behind one yes/no question, so pressing Enter all the way stays short.
 */
import { ServerSchema } from "../answers/schema.js";
import type { Prompter, Verdict } from "./prompter.js";

type RawServer = Record<string, unknown>;

/** Each list is checked with the schema's own rules: a credential-like variable gets the same advice as a flag. */
export async function askExtras(server: RawServer, prompter: Prompter): Promise<RawServer> {
  const name = String(server.name);
  const wanted = await prompter.confirm({
    message: `Does ${name} need environment variables, Secrets or an image pull secret?`,
    default: false,
  });
  if (!wanted) return server;
  const env = await prompter.text({
    message: `Environment variables of ${name} (NAME=value, comma-separated; blank for none)`,
    default: "",
    validate: (text) => serverFieldProblem(server, "env", parseVariables(text)),
  });
  const secrets = await prompter.text({
    message: `Existing Secrets whose keys become environment variables of ${name} (names, comma-separated; blank for none)`,
    default: "",
    validate: (text) => serverFieldProblem(server, "secretEnvFrom", splitList(text)),
  });
  const pullSecrets = await prompter.text({
    message: `Image pull Secrets for ${String(server.image).split("/")[0]} (names, comma-separated; blank for none)`,
    default: "",
    validate: (text) => serverFieldProblem(server, "imagePullSecrets", splitList(text)),
  });
  if (env.trim()) server.env = parseVariables(env) as Record<string, string>;
  if (secrets.trim()) server.secretEnvFrom = splitList(secrets);
  if (pullSecrets.trim()) server.imagePullSecrets = splitList(pullSecrets);
  return server;
}

/** The schema's verdict on one field of the server, checked with the whole server (its cross-field rules too). */
function serverFieldProblem(server: RawServer, field: string, value: unknown): Verdict {
  if (value === undefined) return "must be NAME=value pairs separated by commas, e.g. LOG_LEVEL=info,REGION=eu";
  const result = ServerSchema.safeParse({ ...server, [field]: value });
  const issue = result.success ? undefined : result.error.issues.find((problem) => problem.path[0] === field);
  if (!issue) return true;
  const key = issue.path.slice(1).join(".");
  return key ? `${key}: ${issue.message}` : issue.message;
}

/** `A=1, B=two` → { A: "1", B: "two" }; undefined when a pair has no '='. */
function parseVariables(text: string): Record<string, string> | undefined {
  const variables: Record<string, string> = {};
  for (const pair of splitList(text)) {
    const at = pair.indexOf("=");
    if (at <= 0) return undefined;
    variables[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return variables;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

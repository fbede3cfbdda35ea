/**
 * Checks a rendered tree before anything is written: every YAML and JSON file must parse. A failure here is a
 * blueprint bug, never the user's input, so it is reported as such.
 */
import { BlueprintError } from "../errors.js";
import type { Tree } from "./tree.js";

/** Helm templates are Go templates, not YAML, until Helm renders them. */
const GO_TEMPLATE = /(^|\/)templates\/.*\.(ya?ml|tpl|txt)$/;

/**
 * Files the renderer vouches for (comments plus one document printed by the yaml library, or a verbatim file of the
 * bundled blueprint) cannot fail to parse, and a file whose exact content was already checked (a chart copied once
 * per server) need not be checked again; on a fleet these two skips are the difference between re-parsing tens of
 * megabytes and almost nothing.
 */
export async function validateTree(tree: Tree): Promise<void> {
  const { parseAllDocuments } = await import("yaml");
  const checked = new Set<string>();
  for (const path of tree.paths()) {
    const entry = tree.entry(path)!;
    if (entry.valid) continue; // before reading the content, which a stamped file decodes on demand
    const content = entry.content;
    if (typeof content !== "string") continue;
    const key = `${path.slice(path.lastIndexOf("."))}\u0000${content}`;
    if (checked.has(key)) continue;
    checked.add(key);
    if (/\.ya?ml$/.test(path) && !GO_TEMPLATE.test(path)) {
      for (const document of parseAllDocuments(content, { uniqueKeys: true })) {
        const problem = document.errors[0];
        if (problem)
          throw new BlueprintError(`blueprint rendered invalid YAML in ${path}: ${problem.message.split("\n")[0]}`);
      }
    } else if (path.endsWith(".json")) {
      try {
        JSON.parse(content);
      } catch (error) {
        throw new BlueprintError(`blueprint rendered invalid JSON in ${path}: ${(error as Error).message}`);
      }
    }
  }
}

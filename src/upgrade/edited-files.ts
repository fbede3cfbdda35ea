/**
 * Which files of a generated repository the user edited: those that differ from what its record renders (the
 * recorded version with the recorded answers). `create --force` asks before re-rendering over a living repository,
 * because overwriting those files would silently revert the edits.
 */
import { renderBlueprint } from "../blueprint/render.js";
import { BlueprintWorkspace } from "../blueprint/sources.js";
import { generatorVersion, RECORD_FILE } from "../record.js";
import { baseAnswers } from "./answers.js";
import { openBase } from "./base-and-theirs.js";
import { sameText } from "./line-endings.js";
import { readOurs } from "./ours.js";
import { readRecord } from "./recorded.js";

/** The edited files among `paths`; undefined when the record cannot be rendered (then every path may be edited). */
export async function editedFiles(directory: string, paths: string[]): Promise<string[] | undefined> {
  const workspace = new BlueprintWorkspace();
  try {
    const record = await readRecord(directory);
    const base = await openBase(record, directory, workspace);
    const rendered = await renderBlueprint(base, baseAnswers(record, directory), {
      generatorVersion: generatorVersion(record.generator),
    });
    const ours = await readOurs(directory, paths);
    return paths.filter(
      (path) =>
        path !== RECORD_FILE && ours.has(path) && !sameText(ours.get(path)!.content, rendered.entry(path)?.content),
    );
  } catch {
    return undefined;
  } finally {
    await workspace.dispose();
  }
}

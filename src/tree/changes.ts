/** What writing a tree does to a target, file by file: the shared vocabulary of the planner, writer and reports. */

/** create/update write the tree's content; delete removes a file the tree no longer has (upgrade). */
export type ChangeKind = "create" | "update" | "unchanged" | "delete";

export interface Change {
  path: string;
  kind: ChangeKind;
}

/** What is at the target before writing: nothing, an empty folder, or a folder with files. */
export interface TargetState {
  exists: boolean;
  empty: boolean;
  /** Nothing but a `.git` folder (a fresh `git init` or an empty clone): as good as empty for scaffolding into. */
  blank: boolean;
}

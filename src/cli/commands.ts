/**
 * The commands, by the word that selects them. Each entry pairs the command's declarations (light: flags and help,
 * read by `--help` and `help <command>`) with a lazy import of what runs it, so choosing a command loads nothing
 * of the others. A new command is one more entry (`add`, whose own first argument picks `server` or `env`, is one):
 * its spec module declares the flags with flags.ts, its run module parses them with parseCommand(spec, argv), and
 * the default command's spec lists it for the overview (create-spec.ts `commands`).
 */
import { ADD_SPEC } from "./add-spec.js";
import type { Io } from "./args.js";
import { CREATE_SPEC } from "./create-spec.js";
import { DOCTOR_SPEC } from "./doctor-spec.js";
import type { CommandSpec } from "./flags.js";
import { REMOVE_SPEC } from "./remove-spec.js";
import { UPGRADE_SPEC } from "./upgrade-spec.js";

export type Run = (argv: string[], io: Io) => Promise<number>;

export interface Command {
  spec: CommandSpec;
  load: () => Promise<Run>;
}

export const COMMANDS: Record<string, Command> = {
  create: { spec: CREATE_SPEC, load: async () => (await import("./create-command.js")).createCommand },
  upgrade: { spec: UPGRADE_SPEC, load: async () => (await import("./upgrade-command.js")).upgradeCommand },
  // Answer changes of a generated repository: thin over upgrade (add-command.ts, remove-command.ts).
  add: { spec: ADD_SPEC, load: async () => (await import("./add-command.js")).addCommand },
  remove: { spec: REMOVE_SPEC, load: async () => (await import("./remove-command.js")).removeCommand },
  doctor: { spec: DOCTOR_SPEC, load: async () => (await import("./doctor-command.js")).doctorCommand },
};

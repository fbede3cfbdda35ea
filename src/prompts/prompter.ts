/**
 * The questions the tool can ask, behind one small interface: inquirer at a terminal, a scripted fake in tests,
 * anything else for a library user. An implementation throws UserCancelled when the person gives up (Ctrl-C), so
 * the flow never needs to know how cancelling looks on a given terminal.
 */
import type * as z from "../answers/zod.js";

/** What a validator returns: `true` when the value is acceptable, else the sentence to show under the question. */
export type Verdict = true | string;

export interface Choice<T extends string> {
  value: T;
  /** Label shown instead of the value. */
  name?: string;
  /** One-line explanation shown while the choice is highlighted. */
  description?: string;
  /** Pre-selected in a multi-select. */
  checked?: boolean;
}

export interface TextQuestion {
  message: string;
  /** Taken when the answer is left empty; shown dimmed. */
  default?: string;
  validate?: (value: string) => Verdict;
}

export interface SelectQuestion<T extends string> {
  message: string;
  choices: readonly Choice<T>[];
  default?: T;
}

export interface MultiSelectQuestion<T extends string> {
  message: string;
  choices: readonly Choice<T>[];
  validate?: (values: T[]) => Verdict;
}

export interface ConfirmQuestion {
  message: string;
  default?: boolean;
}

export interface Prompter {
  text(question: TextQuestion): Promise<string>;
  select<T extends string>(question: SelectQuestion<T>): Promise<T>;
  multiSelect<T extends string>(question: MultiSelectQuestion<T>): Promise<T[]>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Shows a block of text between questions (the summary before writing). */
  note(text: string): void;
}

/**
 * A validator from a zod schema: the first issue's message, so a prompt says exactly what the flag error would
 * say after its `--flag:` prefix.
 */
export function validateWith(
  schema: z.ZodType,
  parse: (text: string) => unknown = (text) => text,
): (text: string) => Verdict {
  return (value) => {
    const result = schema.safeParse(parse(value));
    return result.success ? true : (result.error.issues[0]?.message ?? "is not valid");
  };
}

/** Runs validators in order and returns the first complaint. */
export function firstProblem(...verdicts: (() => Verdict)[]): Verdict {
  for (const verdict of verdicts) {
    const result = verdict();
    if (result !== true) return result;
  }
  return true;
}

/**
 * A Prompter that answers from a script, for unit tests of the question flows. Each step names the question it
 * expects (a substring or pattern of the message) and the answer; a question out of order fails the test at once.
 * Validation runs as at a terminal: a rejected answer is recorded with its message and the same question is asked
 * again, so the next step answers it.
 */
import { UserCancelled } from "../../src/errors.js";
import type {
  ConfirmQuestion,
  MultiSelectQuestion,
  Prompter,
  SelectQuestion,
  TextQuestion,
} from "../../src/prompts/prompter.js";

/** Press Enter: take the question's default. */
export const ENTER = Symbol("enter");
/** Press Ctrl-C. */
export const CTRL_C = Symbol("ctrl-c");

export type Answer = string | string[] | boolean | typeof ENTER | typeof CTRL_C;
export type Step = [question: string | RegExp, answer: Answer];

export interface Rejection {
  question: string;
  answer: unknown;
  message: string;
}

export class ScriptedPrompter implements Prompter {
  /** Every question shown, in order (a re-asked question appears again). */
  readonly asked: string[] = [];
  readonly rejections: Rejection[] = [];
  readonly notes: string[] = [];
  private readonly script: Step[];

  constructor(script: Step[]) {
    this.script = [...script];
  }

  get remaining(): Step[] {
    return this.script;
  }

  async text(question: TextQuestion): Promise<string> {
    for (;;) {
      const answer = this.next(question.message);
      const value = answer === ENTER ? (question.default ?? "") : expectType(answer, "string", question.message);
      if (this.accepts(question.message, value, question.validate?.(value) ?? true)) return value;
    }
  }

  async select<T extends string>(question: SelectQuestion<T>): Promise<T> {
    const answer = this.next(question.message);
    const value =
      answer === ENTER
        ? (question.default ?? question.choices[0]!.value)
        : expectType(answer, "string", question.message);
    if (!question.choices.some((choice) => choice.value === value))
      throw new Error(`'${value}' is not a choice of "${question.message}"`);
    return value as T;
  }

  async multiSelect<T extends string>(question: MultiSelectQuestion<T>): Promise<T[]> {
    for (;;) {
      const answer = this.next(question.message);
      const values = (
        answer === ENTER ? question.choices.filter((choice) => choice.checked).map((choice) => choice.value) : answer
      ) as T[];
      if (!Array.isArray(values)) throw new Error(`"${question.message}" needs a list answer`);
      if (this.accepts(question.message, values, question.validate?.(values) ?? true)) return values;
    }
  }

  async confirm(question: ConfirmQuestion): Promise<boolean> {
    const answer = this.next(question.message);
    return answer === ENTER ? (question.default ?? false) : expectType(answer, "boolean", question.message);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  private next(message: string): Exclude<Answer, typeof CTRL_C> {
    this.asked.push(message);
    const step = this.script.shift();
    if (!step) throw new Error(`unscripted question: "${message}"`);
    const [expected, answer] = step;
    const matches = typeof expected === "string" ? message.includes(expected) : expected.test(message);
    if (!matches) throw new Error(`expected a question matching ${String(expected)}, but was asked "${message}"`);
    if (answer === CTRL_C) throw new UserCancelled();
    return answer;
  }

  private accepts(question: string, answer: unknown, verdict: true | string): boolean {
    if (verdict === true) return true;
    this.rejections.push({ question, answer, message: verdict });
    return false;
  }
}

function expectType<T>(answer: unknown, type: string, message: string): T {
  if (typeof answer !== type) throw new Error(`"${message}" needs a ${type} answer, got ${JSON.stringify(answer)}`);
  return answer as T;
}

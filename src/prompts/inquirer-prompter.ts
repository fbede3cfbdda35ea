/**
 * The Prompter at a real terminal, built on @inquirer/prompts. Inquirer is imported on the first question only, so
 * runs that never ask (flags, --yes, CI) never load it.
 */
import { UserCancelled } from "../errors.js";
import type { ConfirmQuestion, MultiSelectQuestion, Prompter, SelectQuestion, TextQuestion } from "./prompter.js";

export interface InquirerPrompterOptions {
  /** Where questions are drawn; stderr when stdout is reserved for --json. Default: process.stdout. */
  output?: NodeJS.WritableStream;
  /** Where keystrokes come from. Default: process.stdin. */
  input?: NodeJS.ReadableStream;
}

type Inquirer = typeof import("@inquirer/prompts");

export function createInquirerPrompter(options: InquirerPrompterOptions = {}): Prompter {
  let loaded: Promise<Inquirer> | undefined;
  const inquirer = () => (loaded ??= import("@inquirer/prompts"));
  const context = { output: options.output ?? process.stdout, input: options.input ?? process.stdin };

  return {
    async text(question: TextQuestion) {
      const { input } = await inquirer();
      return ask(() =>
        input({ message: question.message, default: question.default, validate: question.validate }, context),
      );
    },
    async select<T extends string>(question: SelectQuestion<T>) {
      const { select } = await inquirer();
      return ask(() =>
        select<T>(
          { message: question.message, choices: question.choices.map(plainChoice), default: question.default },
          context,
        ),
      );
    },
    async multiSelect<T extends string>(question: MultiSelectQuestion<T>) {
      const { checkbox } = await inquirer();
      const validate = question.validate;
      return ask(() =>
        checkbox<T>(
          {
            message: question.message,
            choices: question.choices.map((choice) => ({ ...plainChoice(choice), checked: Boolean(choice.checked) })),
            validate: validate ? (chosen) => validate(chosen.map((choice) => choice.value)) : undefined,
          },
          context,
        ),
      );
    },
    async confirm(question: ConfirmQuestion) {
      const { confirm } = await inquirer();
      return ask(() => confirm({ message: question.message, default: question.default }, context));
    },
    note(text: string) {
      context.output.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  };
}

function plainChoice<T extends string>(choice: { value: T; name?: string; description?: string }) {
  return { value: choice.value, name: choice.name ?? choice.value, description: choice.description };
}

/** Inquirer rejects with ExitPromptError on Ctrl-C (or a closed terminal); that is the person cancelling. */
async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError"))
      throw new UserCancelled();
    throw error;
  }
}

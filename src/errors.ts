/**
 * Typed errors. Helpers throw them; only `cli/main.ts` turns them into a message and an exit code.
 */

/** Bad input from the user: a flag, an answer, a path. Exit status 2, nothing written. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The run finished but left something for a person to resolve (e.g. merge conflicts). Exit status 1. */
export class ConflictError extends Error {
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly conflicts: string[] = [],
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

/** A remote operation (git push, GitHub API) failed. Exit status 1; local work is kept. */
export class DeliveryError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** The person pressed Ctrl-C at a prompt. Exit status 130 (the shell's convention for SIGINT). */
export class UserCancelled extends Error {
  readonly exitCode = 130;
  constructor() {
    super("Cancelled; nothing was written.");
    this.name = "UserCancelled";
  }
}

export function exitCodeOf(error: unknown): number {
  if (error && typeof error === "object" && "exitCode" in error && typeof error.exitCode === "number") {
    return error.exitCode;
  }
  return 1;
}

/**
 * The blueprint itself is broken (a template that fails to render, a helper or migration that throws, a file that
 * does not parse): never the user's answers. Exit status 1; the message names the blueprint file (and line) at fault.
 */
export class BlueprintError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = "BlueprintError";
  }
}

/**
 * A program the run needs (git, kubectl) is missing or failed. Exit status 1; what was already written stays, and
 * the message says which program and what it said.
 */
export class ToolError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}

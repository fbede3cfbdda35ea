/**
 * Whether a person is at the keyboard. Prompts only when both ends are a terminal, --yes was not given and CI is
 * not set: automation must never hang on a question nobody will answer.
 */

export interface TerminalStreams {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean };
}

/** CI=true, CI=1, CI=anything-but-false: how CI services announce themselves. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI;
  return value !== undefined && value !== "" && !["0", "false"].includes(value.toLowerCase());
}

export function isInteractive(options: { yes?: boolean }, streams: TerminalStreams, env: NodeJS.ProcessEnv): boolean {
  return !options.yes && Boolean(streams.stdin.isTTY) && Boolean(streams.stdout.isTTY) && !isCI(env);
}

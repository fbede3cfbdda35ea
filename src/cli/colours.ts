/**
 * Colour on or off, per output stream. NO_COLOR (any value) turns colour off; FORCE_COLOR turns it on, except
 * FORCE_COLOR=0/false which turns it off (picocolors alone would read "0" as on, and would colour CI logs).
 */
import picocolors from "picocolors";

export type Colours = ReturnType<typeof picocolors.createColors>;

export function colourEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return !["0", "false"].includes(force.toLowerCase());
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}

export function coloursFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colours {
  return picocolors.createColors(colourEnabled(stream, env));
}

/** No colour at all: for JSON, tests and files. */
export const plainColours: Colours = picocolors.createColors(false);

/**
 * The built binary in a real pseudo-terminal (@lydell/node-pty): stdin and stdout are TTYs, keystrokes are bytes
 * on the terminal, and what the program draws is read back as text. CI is removed from the environment, or the
 * program would (rightly) refuse to prompt.
 */
import { spawn, type IPty } from "@lydell/node-pty";
import { stripVTControlCharacters } from "node:util";
import { BIN } from "./cli.js";

export const KEY = { enter: "\r", down: "\x1b[B", up: "\x1b[A", space: " ", backspace: "\x7f", ctrlC: "\x03" } as const;

export interface TerminalRun {
  /** Everything drawn so far, escape sequences removed. */
  text(): string;
  /** Waits until `pattern` is drawn after the last answer, then types `keys`. */
  answer(pattern: string | RegExp, keys: string): Promise<void>;
  /** Waits until `pattern` is drawn after the last answer. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit status when the program ends. */
  exited: Promise<number>;
  kill(): void;
}

export function runInTerminal(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): TerminalRun {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color", ...options.env };
  for (const name of ["CI", "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"])
    if (!options.env || !(name in options.env)) delete env[name];
  // A shell holds the terminal open a moment after the program exits: node-pty can close the terminal (and drop
  // output not yet read) as soon as the program is gone, which on a busy machine lost the end block.
  const linger = 'node="$1"; shift; "$node" "$@"; status=$?; sleep 0.5; exit $status';
  const pty: IPty = spawn("/bin/sh", ["-c", linger, "sh", process.execPath, BIN, ...args], {
    cols: 120,
    rows: 40,
    cwd: options.cwd,
    env: env as Record<string, string>,
  });
  let raw = "";
  let mark = 0;
  const listeners = new Set<() => void>();
  pty.onData((data) => {
    raw += data;
    for (const listener of listeners) listener();
  });
  // node-pty can report the exit before the last output has been read: wait until the output stops growing.
  const settled = async () => {
    for (let last = -1, round = 0; raw.length !== last && round < 40; round++) {
      last = raw.length;
      await new Promise((resume) => setTimeout(resume, 50));
    }
  };
  const exited = new Promise<number>((done) => pty.onExit(({ exitCode }) => void settled().then(() => done(exitCode))));
  const text = () => stripVTControlCharacters(raw);

  function waitFor(pattern: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const found = () => {
      const recent = stripVTControlCharacters(raw.slice(mark));
      return typeof pattern === "string" ? recent.includes(pattern) : pattern.test(recent);
    };
    return new Promise((done, fail) => {
      const check = () => {
        if (!found()) return;
        listeners.delete(check);
        clearTimeout(timer);
        done();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        fail(new Error(`timed out waiting for ${String(pattern)}; the screen ends with:\n${text().slice(-1500)}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  }

  return {
    text,
    waitFor,
    async answer(pattern, keys) {
      await waitFor(pattern);
      mark = raw.length;
      pty.write(keys);
    },
    exited,
    kill: () => {
      try {
        pty.kill();
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP while files are being written: instead of dying half-way, the writer notices
 * the signal at its next safe point, undoes what it did and reports a cancellation. Outside a write, signals keep
 * their default behaviour (nothing has been written then, so dying is harmless).
 *
 * Also the test hook `MCP_GITOPS_TEST_PAUSE_AT=<phase>`: the writer stops at the named phase, prints
 * `mcp-gitops: paused at <phase>` on stderr and waits (`MCP_GITOPS_TEST_PAUSE_MS`, default 30 s, or until a signal
 * arrives, or — with `MCP_GITOPS_TEST_RESUME_FILE=<path>` — until that file exists), so the interruption and
 * concurrency tests can kill the process, or run another beside it, at an exact point; `MCP_GITOPS_TEST_TRACE=1` prints
 * `mcp-gitops: phase <phase>` as each phase starts. Without these variables the hook does nothing.
 */
import { existsSync } from "node:fs";
import { UserCancelled } from "../errors.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * The phases a write goes through, in order; `MCP_GITOPS_TEST_PAUSE_AT` names one of them. `journaled` (the journal
 * written and the commit's new folders made, no file moved yet), `committing` and `committed` exist only when writing
 * into an existing folder (a new one is a single rename after `staged`).
 */
export type WritePhase = "writing" | "staging" | "staged" | "journaled" | "committing" | "committed";

export class InterruptGuard {
  /** How many guards are deferring signals now; the lock's own signal handler (lock.ts) stands aside while any is. */
  static active = 0;
  private signal: NodeJS.Signals | undefined;
  private wake: (() => void) | undefined;
  private released = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.signal ??= signal;
    this.wake?.();
  };

  /**
   * Starts deferring the signals; always pair with `release()` in a `finally`. Signals reach the whole process, so
   * the handlers are process-wide; released, they leave nothing behind for the next run in the same process.
   */
  static start(): InterruptGuard {
    const guard = new InterruptGuard();
    InterruptGuard.active++;
    for (const signal of SIGNALS) process.on(signal, guard.onSignal);
    return guard;
  }

  get interrupted(): boolean {
    return this.signal !== undefined;
  }

  /** Throws UserCancelled if a signal arrived; call it only where stopping leaves nothing behind. */
  check(): void {
    if (this.signal) throw new UserCancelled();
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    InterruptGuard.active--;
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
  }

  /** The test hook described above; read from process.env, as only tests that spawn the binary set it. */
  async pauseAt(phase: WritePhase): Promise<void> {
    if (process.env.MCP_GITOPS_TEST_TRACE) process.stderr.write(`mcp-gitops: phase ${phase}\n`);
    if (process.env.MCP_GITOPS_TEST_PAUSE_AT !== phase || this.signal) return;
    process.stderr.write(`mcp-gitops: paused at ${phase}\n`);
    const ms = Number(process.env.MCP_GITOPS_TEST_PAUSE_MS ?? 30_000);
    const resumeFile = process.env.MCP_GITOPS_TEST_RESUME_FILE;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const poll = resumeFile
        ? setInterval(() => {
            if (existsSync(resumeFile)) this.wake?.();
          }, 20)
        : undefined;
      this.wake = () => {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      };
    });
    this.wake = undefined;
  }
}

/**
 * Progress of the steps a run takes (render, validate, write, git, push, pull request). create() reports through
 * this interface and never learns how it is shown: a task list at a terminal, one plain line per step in logs,
 * nothing at all for a library caller.
 */

/** The colours a progress line uses; the CLI's picocolors instance is one. */
export interface StepColours {
  green(text: string): string;
  red(text: string): string;
  dim(text: string): string;
}

export interface Progress {
  /** Runs one step: its title is shown while it runs, then how it ended. The step's result or error passes through. */
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
}

/** For library use and tests: the work runs, nothing is shown. */
export const silentProgress: Progress = {
  step: (_title, work) => work(),
};

/**
 * One line per finished step, for logs and pipes (no cursor movement, no spinner):
 * `✔ Validate 73 files (41 ms)` or `✖ Push the branch`.
 */
export function plainProgress(write: (text: string) => void, colours: StepColours): Progress {
  return {
    async step(title, work) {
      // Date.now(), not performance.now(): Node 20 loads perf_hooks on first use of `performance`.
      const started = Date.now();
      try {
        const result = await work();
        write(`${colours.green("✔")} ${title} ${colours.dim(`(${elapsed(Date.now() - started)})`)}\n`);
        return result;
      } catch (error) {
        write(`${colours.red("✖")} ${title}\n`);
        throw error;
      }
    },
  };
}

function elapsed(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}

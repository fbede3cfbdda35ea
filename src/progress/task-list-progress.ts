/**
 * Progress at a terminal: a listr2 task list with a spinner while a step runs and a tick when it is done. Steps
 * arrive one at a time (create() decides what comes next), so each is its own one-task list; the finished ones
 * stay on screen, one line each. listr2 is imported on the first step only.
 */
import type { Progress } from "./progress.js";

export interface TaskListOptions {
  /** Where the list is drawn: stdout, or stderr when stdout is reserved for --json. */
  stream: NodeJS.WriteStream;
}

type Listr2 = typeof import("listr2");

export function taskListProgress(options: TaskListOptions): Progress {
  let loaded: Promise<Listr2> | undefined;
  return {
    async step(title, work) {
      loaded ??= import("listr2");
      const { Listr, ListrLogger, ProcessOutput } = await loaded;
      let result: Awaited<ReturnType<typeof work>> | undefined;
      const task = async () => {
        result = await work();
      };
      const list = new Listr([{ title, task }], {
        renderer: "default",
        // The error is printed once, by the CLI's single exit point; the list only marks the step as failed.
        exitOnError: true,
        // Ctrl-C during a step ends the process the ordinary way; listr2 must not swallow it.
        registerSignalListeners: false,
        rendererOptions: {
          showErrorMessage: false,
          // Anything else written while a step runs is held back and printed after it, so the list is not torn.
          logger: new ListrLogger({
            processOutput: new ProcessOutput(
              options.stream,
              options.stream === process.stderr ? process.stdout : process.stderr,
            ),
          }),
        },
      });
      await list.run();
      return result as Awaited<ReturnType<typeof work>>;
    },
  };
}

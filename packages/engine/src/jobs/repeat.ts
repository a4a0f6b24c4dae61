export interface Repeating {
  /** Stops repeating and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` in the background, never two runs at once: the next run is
 * scheduled when the previous one has finished, so a slow database delays runs instead of piling
 * them up. The timer does not keep the process alive.
 */
export function repeatEvery(intervalMs: number, task: () => Promise<unknown>, onError: (err: unknown) => void): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      running = task()
        .then(() => {}, onError)
        .finally(() => {
          if (!stopped) schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Resolves `signalled` on the first SIGINT or SIGTERM; after it (or `dispose`), signals have their
 * default effect again. Listen before announcing readiness: a signal right after the ready line must
 * still shut down gracefully, not kill the process.
 */
export function shutdownSignal(): { signalled: Promise<void>; dispose(): void } {
  let dispose = () => {};
  const signalled = new Promise<void>((resolve) => {
    const stop = () => {
      dispose();
      resolve();
    };
    dispose = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return { signalled, dispose };
}

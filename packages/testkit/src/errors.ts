/** The `code` of the error `fn` throws, or `'no error'`: for asserting which refusal a sync call makes. */
export function thrownCode(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? Reflect.get(err, 'code') : undefined;
  }
  return 'no error';
}

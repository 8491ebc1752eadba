/**
 * Runs a change against the node. Its refusal, the node's own plain-text message, goes to
 * `setError` (cleared first); true when the change went through.
 */
export async function attempt(setError: (message?: string) => void, step: () => Promise<unknown>): Promise<boolean> {
  setError(undefined);
  try {
    await step();
    return true;
  } catch (err) {
    setError((err as Error).message);
    return false;
  }
}

/**
 * A named check for a notebook's assertion cells: runs `assertion`, prints "ok: <name>" when it
 * holds, and otherwise throws an error that starts with the name, so a failed run says which claim
 * of the text no longer holds.
 */
export function check(name: string, assertion: () => void): void {
  try {
    assertion();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`check failed: ${name}: ${message}`);
  }
  console.log(`ok: ${name}`);
}

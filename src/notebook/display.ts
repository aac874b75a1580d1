/**
 * The one place that knows how to reach tslab's display machinery. Outside a tslab kernel
 * (tests, command line) every function here reports that there is no notebook.
 */

export type DisplayBundle = { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> };

/** tslab's writer of display_data messages (one message, several MIME types), or undefined outside a notebook. */
export function displayWriter(): ((bundle: DisplayBundle, update: boolean) => void) | undefined {
  try {
    // Internal to tslab (its public display functions send one MIME type per message), hence the guard.
    const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData?: (bundle: DisplayBundle, update: boolean) => void };
    return typeof jupyter.lastWriteDisplayData === 'function' ? jupyter.lastWriteDisplayData : undefined;
  } catch {
    return undefined;
  }
}

/** True when running inside a tslab kernel that can display rich output. */
export function inNotebook(): boolean {
  return displayWriter() !== undefined;
}

/** A display that later calls overwrite in place (tslab.newDisplay), or undefined outside a notebook. */
export function updatableDisplay(): { text(s: string): void } | undefined {
  return inNotebook() ? (require('tslab') as { newDisplay(): { text(s: string): void } }).newDisplay() : undefined;
}

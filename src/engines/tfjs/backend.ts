/**
 * Choose the tfjs backend: native TensorFlow (tfjs-node) when its binding loads, else
 * WebAssembly, else the pure-JavaScript cpu backend.
 */
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The order tried when no backend is asked for. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Why a backend was skipped, by name; filled by `selectBackend`. */
export const skippedBackends: Partial<Record<BackendName, string>> = {};

function register(name: BackendName): void {
  if (tf.findBackendFactory(name) !== null) return;
  // The native binding is installed under an alias name (see package.json optionalDependencies).
  if (name === 'tensorflow') require('tfjs-node-native');
  if (name === 'wasm') require('@tensorflow/tfjs-backend-wasm');
}

/**
 * Activate the first backend of `order` that loads and initialises, and return its name.
 * The environment variable TF_BACKEND (tensorflow, wasm or cpu) overrides the order.
 */
export async function selectBackend(order: readonly BackendName[] = BACKEND_ORDER): Promise<BackendName> {
  const forced = process.env.TF_BACKEND as BackendName | undefined;
  const candidates = forced ? [forced] : order;
  for (const name of candidates) {
    if (!BACKEND_ORDER.includes(name)) {
      throw new Error(`TF_BACKEND must be one of ${BACKEND_ORDER.join(', ')}, got "${name}"`);
    }
    try {
      register(name);
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
      skippedBackends[name] = 'failed to initialise';
    } catch (error) {
      skippedBackends[name] = (error as Error).message.split('\n')[0];
    }
  }
  throw new Error(`no tfjs backend could be started (tried ${candidates.join(', ')}): ${JSON.stringify(skippedBackends)}`);
}

/** Each backend in plain words, as notebooks and the command line name it. */
export const BACKEND_WORDS: Readonly<Record<BackendName, string>> = {
  tensorflow: 'native TensorFlow',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript',
};

export interface BackendDescription {
  /** tfjs's version, e.g. "4.22.0". */
  version: string;
  /** The active backend's name as tfjs knows it. */
  active: string;
  /** Why backends earlier in the order were skipped, by name. */
  skipped: Partial<Record<BackendName, string>>;
  /** Add why the others were skipped (default false). */
  reasons?: boolean;
}

/** "tfjs 4.22.0 on WebAssembly", and with `reasons` what was skipped and why. */
export function backendLine({ version, active, skipped, reasons = false }: BackendDescription): string {
  const line = `tfjs ${version} on ${BACKEND_WORDS[active as BackendName] ?? `the "${active}" backend`}`;
  const why = Object.entries(skipped).map(([name, reason]) => `${BACKEND_WORDS[name as BackendName] ?? name} skipped: ${reason}`);
  return reasons && why.length ? `${line} (${why.join('; ')})` : line;
}

/**
 * One line for logs and notebooks naming the active backend in plain words ("tfjs 4.22.0 on
 * WebAssembly"); `{ reasons: true }` adds why the backends before it were skipped.
 */
export function describeBackend(options: { reasons?: boolean } = {}): string {
  return backendLine({ version: tf.version_core, active: tf.getBackend(), skipped: skippedBackends, reasons: options.reasons });
}

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

/** One line for logs and notebooks: the active backend and why others were skipped. */
export function describeBackend(): string {
  const skipped = Object.entries(skippedBackends).map(([name, why]) => `${name}: ${why}`);
  return `tfjs ${tf.version_core}, backend "${tf.getBackend()}"${skipped.length ? ` (skipped ${skipped.join('; ')})` : ''}`;
}

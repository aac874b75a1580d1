/** What the walk-forward comparison and the forecasts past the end share about their networks. */
import { TUTORIAL } from '../config';

/** A network's size as the options give it, the tutorial's where they do not. */
export interface NetworkSize {
  hiddenSize?: number;
  numLayers?: number;
  head?: 'flatten' | 'last';
}

/** `size` with the tutorial's hidden size, layers and head where it does not say. */
export function networkSize(size: NetworkSize = {}): Required<NetworkSize> {
  return { hiddenSize: TUTORIAL.model.hiddenSize, numLayers: TUTORIAL.model.numLayers, head: TUTORIAL.model.head, ...size };
}

/** Element-wise mean of equally long arrays: a network's forecast over its seeds. */
export function meanOf(arrays: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(arrays[0].length);
  for (const a of arrays) for (let i = 0; i < out.length; i++) out[i] += a[i] / arrays.length;
  return out;
}

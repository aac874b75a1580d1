/**
 * The memory training a network implies, estimated from its shape before anything is allocated, so
 * that an option too large for the machine is refused with the estimate instead of failing in an
 * allocation (or swapping) after the data has loaded.
 */
import * as os from 'node:os';
import { parameterLayout } from '../engines/parameterLayout';
import { OptionError } from '../errors';
import { GATE_BLOCKS, type CellKind } from '../models/Recurrent';

export interface TrainingShape {
  kind: CellKind;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  seqLen: number;
  horizon: number;
  batchSize: number;
}

/** Bytes per parameter while training: the weights in double and single precision, the gradient, Adam's two moments, the best weights kept. */
const BYTES_PER_PARAMETER = 8 + 4 + 8 + 16 + 8;

/** Parameters of the network, and the bytes training it takes: the per-parameter state and one batch's activations, forward and back. */
export function trainingMemory(shape: TrainingShape): { parameters: number; bytes: number } {
  const { kind, hiddenSize, numLayers, seqLen, horizon, batchSize } = shape;
  const parameters = parameterLayout({ ...shape, head: { kind: 'flatten', seqLen, horizon } }).size;
  // Per window and step and layer: the gate pre-activations, the hidden (and cell) state, kept for the backward pass, and their gradients.
  const activations = batchSize * seqLen * numLayers * (GATE_BLOCKS[kind] + 2) * hiddenSize * 8 * 2;
  return { parameters, bytes: parameters * BYTES_PER_PARAMETER + activations };
}

/** Half the machine's memory: what one training run may take (the data, the browser and the system need the rest). */
export function memoryLimit(): number {
  return os.totalmem() / 2;
}

/** Refuse a network whose training would not fit in `limit` bytes, giving the estimate and the options that set it. */
export function checkTrainingMemory(shape: TrainingShape, limit = memoryLimit()): void {
  const { parameters, bytes } = trainingMemory(shape);
  if (bytes <= limit) return;
  const gb = (n: number) => `${(n / 2 ** 30).toFixed(n < 10 * 2 ** 30 ? 1 : 0)} GiB`;
  throw new OptionError(
    `${shape.kind === 'gru' ? 'a' : 'an'} ${shape.kind.toUpperCase()} of ${shape.numLayers} layer${shape.numLayers > 1 ? 's' : ''} of ${shape.hiddenSize} units ` +
      `(${parameters.toLocaleString('en-US')} parameters), on windows of ${shape.seqLen} rows in batches of ${shape.batchSize}, ` +
      `needs about ${gb(bytes)} to train, more than the ${gb(limit)} allowed (half of this machine's memory); ` +
      'use a smaller --hidden, --layers, --seq-len or --batch',
  );
}

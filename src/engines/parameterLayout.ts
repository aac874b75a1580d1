/**
 * Where every parameter of a Forecaster lives in one flat vector `theta`: PyTorch's names and
 * order (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l1, ..., fc.weight, fc.bias),
 * each block row-major. The TypeScript kernel reads its offsets from here, and the native kernel is
 * handed them (`offsets()`), so the layout is computed in this one place.
 */
import * as tf from '@tensorflow/tfjs';
import { GATE_BLOCKS, type CellKind } from '../models/Recurrent';
import type { Module } from '../models/Module';

/** What the layout depends on: the recurrent stack, and (for a forecaster) its head. */
export interface LayoutShape {
  kind: CellKind;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** The head; omitted for a recurrent stack alone. */
  head?: { kind: 'flatten' | 'last'; seqLen: number; horizon: number };
}

/** Offsets into theta of one layer's blocks, and the layer's input width. */
export interface LayerOffsets {
  weightIh: number;
  weightHh: number;
  biasIh: number;
  biasHh: number;
  inSize: number;
}

export interface ParameterLayout {
  /** Gate blocks per layer: 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n), 1 for RNN. */
  gates: number;
  layers: LayerOffsets[];
  /** The linear head: weight [horizon, inFeatures] at `weight`, bias [horizon] at `bias`. */
  head?: { weight: number; bias: number; inFeatures: number; outFeatures: number };
  /** Every parameter in order, by PyTorch name ("lstm.weight_ih_l0", ..., "fc.bias"; no prefix without a head). */
  entries: Array<{ name: string; shape: number[]; offset: number }>;
  /** Number of parameters: theta.length. */
  size: number;
}

export function parameterLayout(shape: LayoutShape): ParameterLayout {
  const { kind, inputSize, hiddenSize: H, numLayers, head } = shape;
  const gates = GATE_BLOCKS[kind];
  const GH = gates * H;
  const prefix = head ? `${kind}.` : '';
  const entries: ParameterLayout['entries'] = [];
  let size = 0;
  /** Append one block; returns its offset. */
  const add = (name: string, blockShape: number[]) => {
    const offset = size;
    entries.push({ name, shape: blockShape, offset });
    size += blockShape.reduce((a, b) => a * b, 1);
    return offset;
  };
  const layers: LayerOffsets[] = [];
  for (let k = 0; k < numLayers; k++) {
    const inSize = k === 0 ? inputSize : H;
    layers.push({
      weightIh: add(`${prefix}weight_ih_l${k}`, [GH, inSize]),
      weightHh: add(`${prefix}weight_hh_l${k}`, [GH, H]),
      biasIh: add(`${prefix}bias_ih_l${k}`, [GH]),
      biasHh: add(`${prefix}bias_hh_l${k}`, [GH]),
      inSize,
    });
  }
  let headOffsets: ParameterLayout['head'];
  if (head) {
    const inFeatures = head.kind === 'flatten' ? H * head.seqLen : H;
    headOffsets = {
      weight: add('fc.weight', [head.horizon, inFeatures]),
      bias: add('fc.bias', [head.horizon]),
      inFeatures,
      outFeatures: head.horizon,
    };
  }
  return { gates, layers, head: headOffsets, entries, size };
}

/** The offsets handed to the native kernel: 4 per layer (weight_ih, weight_hh, bias_ih, bias_hh), then fc.weight, fc.bias, and the size. */
export function offsets(layout: ParameterLayout): Int32Array {
  if (!layout.head) throw new Error('offsets: the layout has no head');
  return Int32Array.from([
    ...layout.layers.flatMap((l) => [l.weightIh, l.weightHh, l.biasIh, l.biasHh]),
    layout.head.weight,
    layout.head.bias,
    layout.size,
  ]);
}

/** Check that `module`'s parameters are the layout's, by name and shape, in order; throws naming the first difference. */
function checkModule(module: Module, layout: ParameterLayout): tf.Variable[] {
  const params = [...module.parameters()];
  const describe = (name: string, shape: readonly number[]) => `"${name}" [${shape.join(', ')}]`;
  layout.entries.forEach((entry, i) => {
    const [name, variable] = params[i] ?? ['(none)', { shape: [] }];
    if (name !== entry.name || variable.shape.join() !== entry.shape.join()) {
      throw new Error(
        `parameter ${i} of the model is ${describe(name, variable.shape)}, the layout has ${describe(entry.name, entry.shape)}`,
      );
    }
  });
  if (params.length !== layout.entries.length)
    throw new Error(`the model has ${params.length} parameters, the layout ${layout.entries.length}`);
  return params.map(([, variable]) => variable);
}

/** The module's parameters as one flat vector in the layout's order. */
export function readParameters(module: Module, layout: ParameterLayout, theta = new Float64Array(layout.size)): Float64Array {
  checkModule(module, layout).forEach((variable, i) => theta.set(variable.dataSync(), layout.entries[i].offset));
  return theta;
}

/** Write theta back into the module's parameters (rounded to float32). */
export function writeParameters(module: Module, layout: ParameterLayout, theta: Float64Array): void {
  checkModule(module, layout).forEach((variable, i) => {
    const { offset } = layout.entries[i];
    const values = Float32Array.from(theta.subarray(offset, offset + variable.size));
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
  });
}

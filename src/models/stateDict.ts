/**
 * State dicts as JSON, compatible with PyTorch's: `{name: tensor.tolist()}`, nested arrays whose
 * nesting gives the shape. `json.dump({k: v.tolist() for k, v in model.state_dict().items()}, f)`
 * in Python writes one that loads here, and the reverse.
 */
import * as tf from '@tensorflow/tfjs';
import { OptionError } from '../errors';
import type { Module } from './Module';

export type NestedArray = number | NestedArray[];
export type StateDict = Record<string, NestedArray>;

/** Every parameter of `module` as nested arrays, keyed by its PyTorch name. */
export function exportStateDict(module: Module): StateDict {
  const dict: StateDict = {};
  for (const [name, variable] of module.parameters()) dict[name] = variable.arraySync() as NestedArray;
  return dict;
}

/** Shape and flat values of a nested array; throws when ragged or not numeric. */
export function flattenNested(value: NestedArray, name: string): { shape: number[]; values: Float32Array } {
  const shape: number[] = [];
  for (let level: NestedArray = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let offset = 0;
  const walk = (node: NestedArray, depth: number, path: string) => {
    if (depth === shape.length) {
      if (typeof node !== 'number' || !Number.isFinite(node)) {
        throw new OptionError(`state dict "${name}"${path}: expected a finite number, got ${JSON.stringify(node)}`);
      }
      values[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new OptionError(`state dict "${name}"${path}: ragged array, expected ${shape[depth]} entries at depth ${depth}`);
    }
    node.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(value, 0, '');
  return { shape, values };
}

/**
 * Copy every value of `dict` into `module`'s parameters. All names and shapes are checked before
 * anything is written: a missing, unexpected or mis-shaped parameter throws naming it (and both
 * shapes), and leaves the module unchanged.
 */
export function loadStateDict(module: Module, dict: StateDict): void {
  const params = module.parameters();
  const expected = [...params.keys()];
  const missing = expected.filter((name) => !(name in dict));
  const unexpected = Object.keys(dict).filter((name) => !params.has(name));
  if (missing.length || unexpected.length) {
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.map((n) => `"${n}"`).join(', ')}`);
    if (unexpected.length) parts.push(`unexpected ${unexpected.map((n) => `"${n}"`).join(', ')}`);
    throw new OptionError(
      `state dict does not match the model: ${parts.join('; ')}. The model's parameters are ${expected.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  const checked = expected.map((name) => {
    const { shape, values } = flattenNested(dict[name], name);
    const want = params.get(name)!.shape;
    if (shape.join() !== want.join()) {
      throw new OptionError(`state dict "${name}" has shape [${shape.join(', ')}], the model's parameter has shape [${want.join(', ')}]`);
    }
    return { name, shape, values };
  });
  for (const { name, shape, values } of checked) {
    tf.tidy(() => params.get(name)!.assign(tf.tensor(values, shape)));
  }
}

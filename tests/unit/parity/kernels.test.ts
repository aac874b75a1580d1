/**
 * The TypeScript kernel's recurrent stack against PyTorch 1.13: forward outputs, final states,
 * gradients with respect to every parameter and the input, and the parameters after 3 Adam steps
 * (src/engines/Adam.ts), within 1e-5. The native kernel is checked against this kernel in
 * tests/unit/engines/NativeKernel.test.ts.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Adam } from '../../../src/engines/Adam';
import { parameterLayout } from '../../../src/engines/parameterLayout';
import { RecurrentKernel } from '../../../src/engines/typescript/RecurrentKernel';
import { flattenNested } from '../../../src/models/stateDict';
import { assertCloseToTorch, cells } from './torchFixtures';

/** [B, T, H] row-major from the kernel's time-major [T][B][H]. */
function batchMajor(values: Float64Array, T: number, B: number, H: number): Float64Array {
  const out = new Float64Array(B * T * H);
  for (let t = 0; t < T; t++)
    for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) out[(b * T + t) * H + j] = values[(t * B + b) * H + j];
  return out;
}

for (const fixture of cells) {
  it(`${fixture.name}: the TypeScript kernel's forward, final states, gradients and 3 Adam steps (with and without weight decay) match PyTorch within 1e-5`, () => {
    const { batch: B, seqLen: T, hiddenSize: H, inputSize: I } = fixture;
    const shape = {
      kind: fixture.kind,
      nonlinearity: fixture.nonlinearity ?? 'tanh',
      inputSize: I,
      hiddenSize: H,
      numLayers: fixture.numLayers,
    } as const;
    const layout = parameterLayout(shape);
    const kernel = new RecurrentKernel(shape, layout.layers);
    // The layout's names and order are PyTorch's state dict's.
    assert.deepEqual(
      layout.entries.map((e) => e.name),
      Object.keys(fixture.weights),
    );
    const theta = new Float64Array(layout.size);
    for (const { name, offset } of layout.entries) theta.set(flattenNested(fixture.weights[name], name).values, offset);
    const x = flattenNested(fixture.x, 'x').values;
    const target = flattenNested(fixture.target, 'target').values;
    const h0 = fixture.h0 ? flattenNested(fixture.h0, 'h0').values : undefined;
    const c0 = fixture.c0 ? flattenNested(fixture.c0, 'c0').values : undefined;
    const rows = Int32Array.from({ length: B }, (_, b) => b);
    const grad = new Float64Array(layout.size);
    const dx = new Float64Array(B * T * I);
    /** Forward, then the gradient of mean((output - target)^2) into grad (and dx). */
    const lossAndGradient = () => {
      kernel.forward(theta, { inputs: x, inputStride: T * I }, T, rows, h0, c0);
      const output = batchMajor(kernel.outputs(), T, B, H);
      const dOut = new Float64Array(T * B * H);
      for (let b = 0; b < B; b++)
        for (let t = 0; t < T; t++)
          for (let j = 0; j < H; j++) {
            const i = (b * T + t) * H + j;
            dOut[(t * B + b) * H + j] = (2 * (output[i] - target[i])) / output.length;
          }
      grad.fill(0);
      kernel.backward(theta, grad, dOut, dx);
      return output;
    };
    const output = lossAndGradient();
    assertCloseToTorch(output, fixture.output, 1e-5, `${fixture.name} output`, `${fixture.kind} typescript: forward output`);
    const { h, c } = kernel.finalStates();
    assertCloseToTorch(h, fixture.h, 1e-5, `${fixture.name} h_n`, `${fixture.kind} typescript: final state h_n / c_n`);
    if (fixture.c) assertCloseToTorch(c!, fixture.c, 1e-5, `${fixture.name} c_n`, `${fixture.kind} typescript: final state h_n / c_n`);
    for (const { name, offset, shape: blockShape } of layout.entries) {
      const size = blockShape.reduce((a, b) => a * b, 1);
      assertCloseToTorch(
        grad.subarray(offset, offset + size),
        fixture.grads[name],
        1e-5,
        `${fixture.name} grad ${name}`,
        `${fixture.kind} typescript: gradient, parameters`,
      );
    }
    assertCloseToTorch(dx, fixture.gradX, 1e-5, `${fixture.name} grad x`, `${fixture.kind} typescript: gradient, input`);

    const adam = new Adam(theta.length, { learningRate: fixture.adamLearningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    // From the fixture's weights: the first step uses the gradient computed above.
    for (let step = 0; step < 3; step++) {
      if (step > 0) lossAndGradient();
      adam.step(theta, grad);
    }
    for (const { name, offset, shape: blockShape } of layout.entries) {
      const size = blockShape.reduce((a, b) => a * b, 1);
      assertCloseToTorch(
        theta.subarray(offset, offset + size),
        fixture.afterAdam3[name],
        1e-5,
        `${fixture.name} after 3 Adam steps ${name}`,
        `${fixture.kind} typescript: parameters after 3 Adam steps`,
      );
    }

    // The same three steps from the fixture's weights with weight decay, as torch.optim.Adam(weight_decay=...).
    for (const { name, offset } of layout.entries) theta.set(flattenNested(fixture.weights[name], name).values, offset);
    const decayed = new Adam(theta.length, {
      learningRate: fixture.adamLearningRate,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: fixture.adamWeightDecay,
    });
    for (let step = 0; step < 3; step++) {
      lossAndGradient();
      decayed.step(theta, grad);
    }
    for (const { name, offset, shape: blockShape } of layout.entries) {
      const size = blockShape.reduce((a, b) => a * b, 1);
      assertCloseToTorch(
        theta.subarray(offset, offset + size),
        fixture.afterAdamWeightDecay3[name],
        1e-5,
        `${fixture.name} after 3 Adam steps with weight decay ${name}`,
        `${fixture.kind} typescript: parameters after 3 Adam steps with weight decay`,
      );
    }
  });
}

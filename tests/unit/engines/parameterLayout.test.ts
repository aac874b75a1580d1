import assert from 'node:assert/strict';
import { it } from 'node:test';
import { kernelShape } from '../../../src/engines/Kernel';
import { offsets, parameterLayout, readParameters } from '../../../src/engines/parameterLayout';
import { Forecaster, type ForecasterOptions } from '../../../src/models/Forecaster';
import { disposeModule } from '../../../src/models/Module';

const shapes: ForecasterOptions[] = [
  { kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 },
  { kind: 'rnn', inputSize: 1, hiddenSize: 3, numLayers: 3, seqLen: 7, horizon: 2, head: 'last', nonlinearity: 'relu' },
  { kind: 'lstm', inputSize: 2, hiddenSize: 1, numLayers: 1, seqLen: 1 },
];

for (const options of shapes) {
  it(`the layout lists the Forecaster's parameters by name and shape, in its order, back to back: ${options.kind}, ${options.numLayers} layers, ${options.head ?? 'flatten'} head`, () => {
    const model = new Forecaster(options);
    const layout = parameterLayout(kernelShape(model));
    assert.deepEqual(
      layout.entries.map((e) => [e.name, e.shape]),
      [...model.parameters()].map(([name, v]) => [name, v.shape]),
    );
    let end = 0;
    for (const entry of layout.entries) {
      assert.equal(entry.offset, end, `${entry.name} starts where the block before it ends`);
      end += entry.shape.reduce((a, b) => a * b, 1);
    }
    assert.equal(layout.size, end);
    // readParameters puts each parameter's values at its offset.
    const theta = readParameters(model, layout);
    for (const [i, variable] of [...model.parameters().values()].entries()) {
      assert.deepEqual(
        Array.from(theta.subarray(layout.entries[i].offset, layout.entries[i].offset + variable.size)),
        Array.from(variable.dataSync()),
      );
    }
    disposeModule(model);
  });
}

it("the tutorial's LSTM: 1,065 parameters, with the offsets the native kernel is handed", () => {
  const layout = parameterLayout({
    kind: 'lstm',
    inputSize: 4,
    hiddenSize: 8,
    numLayers: 2,
    head: { kind: 'flatten', seqLen: 5, horizon: 1 },
  });
  // Layer 0: weight_ih [32, 4], weight_hh [32, 8], two biases [32]; layer 1: [32, 8], [32, 8], [32], [32]; fc [1, 40], [1].
  assert.deepEqual(Array.from(offsets(layout)), [0, 128, 384, 416, 448, 704, 960, 992, 1024, 1064, 1065]);
  assert.equal(layout.size, 1065);
});

it("readParameters refuses a model whose parameters are not the layout's, naming the first difference", () => {
  const model = new Forecaster({ kind: 'rnn', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 });
  const lstmLayout = parameterLayout({
    kind: 'lstm',
    inputSize: 4,
    hiddenSize: 8,
    numLayers: 2,
    head: { kind: 'flatten', seqLen: 5, horizon: 1 },
  });
  assert.throws(
    () => readParameters(model, lstmLayout),
    /parameter 0 of the model is "rnn.weight_ih_l0" \[8, 4\], the layout has "lstm.weight_ih_l0" \[32, 4\]/,
  );
  disposeModule(model);
});

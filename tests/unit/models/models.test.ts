import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors';
import { createModel, Forecaster } from '../../../src/models/Forecaster';
import { GRU } from '../../../src/models/GRU';
import { LSTM } from '../../../src/models/LSTM';
import { disposeModule, parameterCount } from '../../../src/models/Module';
import { RNN } from '../../../src/models/RNN';
import { exportStateDict, loadStateDict } from '../../../src/models/stateDict';
import { summary, summaryRows } from '../../../src/models/summary';

const tutorial = () => new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 });

describe('recurrent layers', () => {
  it("LSTM parameters are named, shaped and ordered as PyTorch's", () => {
    const lstm = new LSTM({ inputSize: 4, hiddenSize: 8, numLayers: 2 });
    const shapes = [...lstm.parameters()].map(([name, v]) => `${name} [${v.shape.join(', ')}]`);
    assert.deepEqual(shapes, [
      'weight_ih_l0 [32, 4]',
      'weight_hh_l0 [32, 8]',
      'bias_ih_l0 [32]',
      'bias_hh_l0 [32]',
      'weight_ih_l1 [32, 8]',
      'weight_hh_l1 [32, 8]',
      'bias_ih_l1 [32]',
      'bias_hh_l1 [32]',
    ]);
    disposeModule(lstm);
  });

  it('RNN parameters have one gate block: [hiddenSize, in]', () => {
    const rnn = new RNN({ inputSize: 3, hiddenSize: 5 });
    assert.deepEqual(
      [...rnn.parameters()].map(([name, v]) => `${name} [${v.shape.join(', ')}]`),
      ['weight_ih_l0 [5, 3]', 'weight_hh_l0 [5, 5]', 'bias_ih_l0 [5]', 'bias_hh_l0 [5]'],
    );
    disposeModule(rnn);
  });

  it("GRU parameters have three gate blocks (r, z, n): [3 * hiddenSize, in], named as PyTorch's", () => {
    const gru = new GRU({ inputSize: 4, hiddenSize: 8, numLayers: 2 });
    assert.deepEqual(
      [...gru.parameters()].map(([name, v]) => `${name} [${v.shape.join(', ')}]`),
      [
        'weight_ih_l0 [24, 4]',
        'weight_hh_l0 [24, 8]',
        'bias_ih_l0 [24]',
        'bias_hh_l0 [24]',
        'weight_ih_l1 [24, 8]',
        'weight_hh_l1 [24, 8]',
        'bias_ih_l1 [24]',
        'bias_hh_l1 [24]',
      ],
    );
    // 3 blocks against the LSTM's 4 and the RNN's 1, layer for layer.
    const lstm = new LSTM({ inputSize: 4, hiddenSize: 8, numLayers: 2 });
    const rnn = new RNN({ inputSize: 4, hiddenSize: 8, numLayers: 2 });
    assert.equal(parameterCount(gru), 3 * parameterCount(rnn));
    assert.equal(4 * parameterCount(gru), 3 * parameterCount(lstm));
    [gru, lstm, rnn].forEach(disposeModule);
  });

  it('a GRU has no cell state: output [B, L, H] and h [numLayers, B, H]; an initial c is refused by name', () => {
    const gru = new GRU({ inputSize: 3, hiddenSize: 5, numLayers: 2 });
    tf.tidy(() => {
      const x = tf.randomUniform([4, 6, 3], 0, 1, 'float32', 2) as tf.Tensor3D;
      const { output, h, c } = gru.forward(x);
      assert.deepEqual([output.shape, h.shape, c], [[4, 6, 5], [2, 4, 5], undefined]);
      const zeros = tf.zeros([2, 4, 5]) as tf.Tensor3D;
      assert.throws(() => gru.forward(x, { h: zeros, c: zeros }), /GRU: has no cell state; pass only h/);
    });
    disposeModule(gru);
  });

  it('forgetBias belongs to the LSTM and nonlinearity to the RNN: asking another cell for them is an error', () => {
    assert.throws(
      () => new Forecaster({ kind: 'gru', inputSize: 1, hiddenSize: 2, numLayers: 1, seqLen: 3, forgetBias: 1 }),
      /forgetBias is for kind "lstm" only, got kind "gru"/,
    );
    assert.throws(
      () => new Forecaster({ kind: 'gru', inputSize: 1, hiddenSize: 2, numLayers: 1, seqLen: 3, nonlinearity: 'relu' }),
      /nonlinearity "relu" is for kind "rnn" only, got kind "gru"/,
    );
  });

  it('initialisation is U(-1/sqrt(H), 1/sqrt(H)) and depends only on the seed', () => {
    const a = new LSTM({ inputSize: 4, hiddenSize: 16, seed: 3 });
    const b = new LSTM({ inputSize: 4, hiddenSize: 16, seed: 3 });
    const c = new LSTM({ inputSize: 4, hiddenSize: 16, seed: 4 });
    const values = (m: LSTM) => [...m.parameters().values()].flatMap((v) => Array.from(v.dataSync()));
    const va = values(a);
    assert.ok(va.every((v) => Math.abs(v) <= 1 / 4));
    assert.ok(Math.max(...va) > 0.24 && Math.min(...va) < -0.24, 'the draws fill the range');
    assert.deepEqual(va, values(b));
    assert.notDeepEqual(va, values(c));
    [a, b, c].forEach(disposeModule);
  });

  it('forward gives output [B, L, H] and h, c [numLayers, B, H]; zeros initial state by default', () => {
    const lstm = new LSTM({ inputSize: 4, hiddenSize: 8, numLayers: 2 });
    tf.tidy(() => {
      const x = tf.randomUniform([3, 5, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
      const { output, h, c } = lstm.forward(x);
      assert.deepEqual(output.shape, [3, 5, 8]);
      assert.deepEqual(h.shape, [2, 3, 8]);
      assert.deepEqual(c!.shape, [2, 3, 8]);
      // The last layer's final h is the output's last step.
      assert.deepEqual(Array.from(h.slice([1, 0, 0], [1, 3, 8]).dataSync()), Array.from(output.slice([0, 4, 0], [3, 1, 8]).dataSync()));
      const zeros = { h: tf.zeros([2, 3, 8]) as tf.Tensor3D, c: tf.zeros([2, 3, 8]) as tf.Tensor3D };
      assert.deepEqual(Array.from(lstm.forward(x, zeros).output.dataSync()), Array.from(output.dataSync()));
    });
    disposeModule(lstm);
  });

  it('forward rejects a wrong feature count and a mis-shaped initial state', () => {
    const lstm = new LSTM({ inputSize: 4, hiddenSize: 8, numLayers: 2 });
    tf.tidy(() => {
      assert.throws(() => lstm.forward(tf.zeros([1, 5, 3]) as tf.Tensor3D), /LSTM: input has 3 features per step, inputSize is 4/);
      const h = tf.zeros([1, 1, 8]) as tf.Tensor3D;
      assert.throws(
        () => lstm.forward(tf.zeros([1, 5, 4]) as tf.Tensor3D, { h, c: h }),
        /initial h has shape \[1, 1, 8\], expected \[numLayers, batch, hiddenSize\] = \[2, 1, 8\]/,
      );
    });
    disposeModule(lstm);
  });

  it('options out of range are rejected by name', () => {
    assert.throws(
      () => new LSTM({ inputSize: 0, hiddenSize: 8 }),
      (e: Error) => e instanceof OptionError && /inputSize must be a whole number of at least 1, got 0/.test(e.message),
    );
    assert.throws(
      () => new RNN({ inputSize: 2, hiddenSize: 8, nonlinearity: 'sigmoid' as 'tanh' }),
      /nonlinearity must be "tanh" or "relu", got "sigmoid"/,
    );
  });
});

describe('Forecaster', () => {
  it("the tutorial's model maps [B, 5, 4] to [B, 1] through Linear(40, 1)", () => {
    const model = tutorial();
    const y = tf.tidy(() => model.forward(tf.zeros([7, 5, 4]) as tf.Tensor3D).shape);
    assert.deepEqual(y, [7, 1]);
    assert.deepEqual([...model.parameters().keys()].slice(-2), ['fc.weight', 'fc.bias']);
    assert.deepEqual(model.parameters().get('fc.weight')!.shape, [1, 40]);
    disposeModule(model);
  });

  it('the last-step head is Linear(hiddenSize -> horizon)', () => {
    const model = new Forecaster({ kind: 'rnn', inputSize: 2, hiddenSize: 6, numLayers: 1, seqLen: 9, horizon: 3, head: 'last' });
    assert.deepEqual(model.parameters().get('fc.weight')!.shape, [3, 6]);
    assert.deepEqual(
      tf.tidy(() => model.forward(tf.zeros([2, 9, 2]) as tf.Tensor3D).shape),
      [2, 3],
    );
    disposeModule(model);
  });

  it('summary() lists layer, output shape and parameter count, with the total', () => {
    const model = tutorial();
    const rows = summaryRows(model);
    // LSTM: 4*8*(4+8) + 2*32 = 448 for layer 0, 4*8*(8+8) + 64 = 576 for layer 1; fc: 40 + 1.
    assert.deepEqual(
      rows.map((r) => [r.outputShape, r.parameters]),
      [
        ['[B, 5, 8]', 1024],
        ['[B, 40]', 0],
        ['[B, 1]', 41],
      ],
    );
    assert.equal(parameterCount(model), 1065);
    assert.match(summary(model), /lstm \(LSTM\(4, 8, num_layers=2\)\)\s+\[B, 5, 8\]\s+1,024[\s\S]*Total params: 1,065/);
    disposeModule(model);
  });

  it('createModel rejects an unknown kind with the valid choices', () => {
    assert.throws(
      () => createModel({ kind: 'transformer' as 'lstm', inputSize: 1, hiddenSize: 1, numLayers: 1, seqLen: 1 }),
      /model kind must be one of lstm, rnn, gru, got "transformer"/,
    );
  });
});

describe('state dicts', () => {
  it('export then load round-trips every parameter', () => {
    const a = tutorial();
    const b = new Forecaster({ ...a.options, seed: 99 });
    const dict = JSON.parse(JSON.stringify(exportStateDict(a)));
    loadStateDict(b, dict);
    assert.deepEqual(exportStateDict(b), exportStateDict(a));
    [a, b].forEach(disposeModule);
  });

  it('a wrong shape names the parameter and both shapes, and changes nothing', () => {
    const model = tutorial();
    const before = exportStateDict(model);
    const dict = { ...before, 'fc.weight': [[1, 2, 3]], 'fc.bias': [5] };
    assert.throws(
      () => loadStateDict(model, dict),
      (e: Error) =>
        e instanceof OptionError && e.message === 'state dict "fc.weight" has shape [1, 3], the model\'s parameter has shape [1, 40]',
    );
    assert.deepEqual(exportStateDict(model), before);
    disposeModule(model);
  });

  it('a missing or misspelled name is named, with the expected names', () => {
    const model = tutorial();
    const { 'lstm.bias_hh_l1': _dropped, ...rest } = exportStateDict(model);
    assert.throws(
      () => loadStateDict(model, rest),
      /state dict does not match the model: missing "lstm.bias_hh_l1"\. The model's parameters are "lstm.weight_ih_l0"/,
    );
    const renamed = { ...rest, 'lstm.bias_hh_1': _dropped };
    assert.throws(() => loadStateDict(model, renamed), /missing "lstm.bias_hh_l1"; unexpected "lstm.bias_hh_1"/);
    disposeModule(model);
  });

  it('a ragged or non-numeric array is rejected with its position', () => {
    const model = tutorial();
    const dict = exportStateDict(model);
    assert.throws(
      () => loadStateDict(model, { ...dict, 'fc.weight': [[...Array(39).fill(0), 'x']] }),
      /state dict "fc.weight"\[0\]\[39\]: expected a finite number, got "x"/,
    );
    assert.throws(
      () => loadStateDict(model, { ...dict, 'lstm.weight_hh_l0': [[1, 2], [3]] }),
      /state dict "lstm.weight_hh_l0"\[1\]: ragged array/,
    );
    disposeModule(model);
  });
});

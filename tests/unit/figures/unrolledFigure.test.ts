import assert from 'node:assert/strict';
import { it } from 'node:test';
import { unrolledFigure } from '../../../src/figures/unrolledFigure';

type Annotation = { text: string; showarrow: boolean; x: number; y: number; ax?: number; ay?: number };

it('unrolledFigure({ steps: 3 }) draws one box per step and labels x_t, h_t and h_0 in a text trace', () => {
  const figure = unrolledFigure({ steps: 3, cell: 'RNN cell' });
  const [boxes, labels] = figure.data as Array<{ mode: string; x: Array<number | null>; text: string[] }>;
  // One closed outline per box, separated by null: left and right edges at centre ± 0.55.
  assert.equal(boxes.mode, 'lines');
  assert.deepEqual(boxes.x.slice(0, 6), [1.45, 2.55, 2.55, 1.45, 1.45, null]);
  assert.equal(boxes.x.filter((v) => v === null).length, 3);
  assert.deepEqual(boxes.x.slice(12, 14), [5.45, 6.55]);
  const annotations = figure.layout.annotations as Annotation[];
  assert.equal(labels.mode, 'text');
  const texts = labels.text;
  for (const t of [1, 2, 3]) {
    assert.ok(texts.includes(`x<sub>${t}</sub>`), `x_${t}`);
    assert.ok(texts.includes(`h<sub>${t}</sub>`), `h_${t}`);
  }
  assert.ok(texts.includes('h<sub>0</sub>'));
  assert.equal(texts.filter((t) => t === 'RNN cell').length, 3);
  // Three arrows per step: input up, output up, state from the left.
  assert.equal(annotations.length, 9);
  assert.ok(annotations.every((a) => a.showarrow));
});

it('the state arrow of each step starts at the previous box and ends at this one', () => {
  const annotations = unrolledFigure({ steps: 2, cell: 'cell' }).layout.annotations as Annotation[];
  const horizontal = annotations.filter((a) => a.showarrow && a.y === 1).map((a) => [a.ax, a.x]);
  assert.deepEqual(horizontal, [
    [0.25, 1.45],
    [2.55, 3.45],
  ]);
});

it('unrolledFigure refuses a number of steps outside 2 to 8', () => {
  assert.throws(() => unrolledFigure({ steps: 1, cell: 'cell' }), /steps must be a whole number from 2 to 8, got 1/);
});

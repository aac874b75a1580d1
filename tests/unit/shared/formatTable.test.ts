import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatTable } from '../../../src/formatTable';

it('formatTable aligns the first column left and the others right, each as wide as its widest cell', () => {
  const table = formatTable({
    columns: ['model', 'params'],
    rows: [
      ['RNN', 297],
      ['LSTM', '1,065'],
    ],
  });
  assert.equal(table, ['model  params', '-------------', 'RNN       297', 'LSTM    1,065'].join('\n'));
});

it('formatTable follows an explicit alignment and trims trailing spaces', () => {
  const table = formatTable({ columns: ['a', 'b'], rows: [['x', 'long']], align: ['right', 'left'] });
  assert.equal(table, ['a  b', '-------', 'x  long'].join('\n'));
});

it('formatTable names the row whose length differs from the header', () => {
  assert.throws(() => formatTable({ columns: ['a', 'b'], rows: [['1', '2'], ['3']] }), /row 1 has 1 cells, the header has 2/);
});

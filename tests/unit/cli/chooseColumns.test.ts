import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseCells } from '../../../src/cli/chooseCells';
import { chooseColumns } from '../../../src/cli/chooseColumns';
import { DataError, OptionError } from '../../../src/errors';
import { writeCsv } from '../../helpers';

const csv = (header: string) =>
  writeCsv(
    `${header}\n2020-01-01,${header
      .split(',')
      .slice(1)
      .map(() => '1')
      .join(',')}\n`,
  );
const optionError = (pattern: RegExp) => (error: Error) => error instanceof OptionError && pattern.test(error.message);

describe('chooseColumns', () => {
  it('takes the tutorial target and features when the file has them all, with no note', () => {
    assert.deepEqual(chooseColumns({ csv: csv('date,open,high,low,close,volume') }), {
      target: 'close',
      features: ['open', 'high', 'low', 'volume'],
      delimiter: ',',
    });
  });

  it('takes --target and --features as given, trimmed, empty names dropped', () => {
    assert.deepEqual(chooseColumns({ csv: csv('date,a,b,c'), target: 'c', features: ' a, b,,' }), {
      target: 'c',
      features: ['a', 'b'],
      delimiter: ',',
    });
  });

  it('with some default features missing, takes those present and names the missing ones', () => {
    const chosen = chooseColumns({ csv: csv('date,open,close,volume') });
    assert.deepEqual([chosen.target, chosen.features], ['close', ['open', 'volume']]);
    assert.match(chosen.note ?? '', /no "high", "low" columns, so the features are the default ones it has: open, volume/);
  });

  it('with none of the default features, forecasts the target from its own past, and says so', () => {
    const chosen = chooseColumns({ csv: csv('date,close,other') });
    assert.deepEqual([chosen.target, chosen.features], ['close', ['close']]);
    assert.match(chosen.note ?? '', /none of the default feature columns .* the past of "close" is the only feature/);
  });

  it('matches the default column names whatever their case', () => {
    assert.deepEqual(chooseColumns({ csv: csv('Date,Open,High,Low,Close,Volume') }).features, ['open', 'high', 'low', 'volume']);
  });

  it('with no "close" column, takes the only numeric column as the target', () => {
    const chosen = chooseColumns({ csv: csv('date,CO2') });
    assert.deepEqual([chosen.target, chosen.features], ['CO2', ['CO2']]);
  });

  it('with no "close" column and several numeric ones, asks for --target and lists them', () => {
    const file = csv('date,a,b');
    assert.throws(
      () => chooseColumns({ csv: file }),
      optionError(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: no "close" column; choose the target with --target, one of "a", "b"$`,
        ),
      ),
    );
  });

  it('with only a date column, says there is no numeric column (never an empty list of choices)', () => {
    const file = writeCsv('date\n2020-01-01\n2020-01-02\n');
    assert.throws(
      () => chooseColumns({ csv: file }),
      (error: Error) => error instanceof DataError && /: no numeric column besides the date column "date"$/.test(error.message),
    );
  });

  it('reads a tab- or semicolon-separated header, detected or as given, and names a header read as one field', () => {
    for (const delimiter of ['\t', ';']) {
      const file = writeCsv(`date${delimiter}open${delimiter}close\n2020-01-01${delimiter}1${delimiter}2\n`);
      const chosen = chooseColumns({ csv: file });
      assert.deepEqual([chosen.target, chosen.features, chosen.delimiter], ['close', ['open'], delimiter]);
      assert.equal(chooseColumns({ csv: file, delimiter }).delimiter, delimiter);
    }
    const tabs = writeCsv('date\topen\tclose\n2020-01-01\t1\t2\n');
    assert.throws(
      () => chooseColumns({ csv: tabs, delimiter: ',' }),
      (error: Error) =>
        error instanceof DataError &&
        /the header is one field, "date\topen\tclose": give the file's delimiter with --delimiter/.test(error.message),
    );
  });
});

describe('chooseCells', () => {
  it('takes one cell, a list, "all" and "both", in order and each once', () => {
    assert.deepEqual(chooseCells('lstm'), ['lstm']);
    assert.deepEqual(chooseCells('GRU, rnn'), ['gru', 'rnn']);
    assert.deepEqual(chooseCells('all'), ['rnn', 'lstm', 'gru']);
    assert.deepEqual(chooseCells('both'), ['rnn', 'lstm']);
    assert.deepEqual(chooseCells('lstm,both,gru'), ['lstm', 'rnn', 'gru']);
  });

  it('rejects an unknown name, quoting what was given', () => {
    assert.throws(
      () => chooseCells('lstm,transformer'),
      optionError(/^--model takes lstm, rnn, gru or a comma-separated list of them, all, or both; got "lstm,transformer"$/),
    );
  });

  it('rejects a list that names no cell', () => {
    assert.throws(() => chooseCells(' , '), optionError(/^--model names no cell/));
  });
});

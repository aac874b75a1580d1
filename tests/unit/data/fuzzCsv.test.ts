/** Fuzzed input: mutants of valid CSV files through the loader give a table or a DataError that names the file, never anything else. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import fc from 'fast-check';
import { loadCsv } from '../../../src/data/loadCsv';
import { DataError } from '../../../src/errors';
import { mutant } from '../../csvMutants';
import { temporaryFolder } from '../../helpers';

/** Problems of the file as a whole, which no single line causes; every other message names a line or a column. */
const WHOLE_FILE =
  /the file is empty|has a header line but no data rows|no numeric columns besides|no column "|cannot also be a numeric column/;

it('600 mutants of valid files: each loads as a table or fails with a DataError naming the file, and the line where one is to blame', async () => {
  const dir = temporaryFolder('rf-fuzz-');
  const file = path.join(dir, 'mutant.csv');
  const outcomes = { tables: 0, errors: 0 };
  await fc.assert(
    fc.asyncProperty(mutant, async (text) => {
      fs.writeFileSync(file, text, 'latin1');
      try {
        const table = await loadCsv(file);
        assert.ok(table.dates.length > 0 && table.names.length > 0);
        for (const name of table.names) assert.ok(table.columns[name].every(Number.isFinite), name);
        outcomes.tables++;
      } catch (error) {
        assert.ok(error instanceof DataError, `not a DataError: ${(error as Error).stack}`);
        assert.ok(error.message.startsWith(path.relative(process.cwd(), file)) || error.message.startsWith(file), error.message);
        assert.ok(WHOLE_FILE.test(error.message) || /line \d+|column "/.test(error.message), error.message);
        outcomes.errors++;
      }
    }),
    { numRuns: 600, seed: 20261204 },
  );
  // The mutants are varied enough to exercise both outcomes.
  assert.ok(outcomes.tables > 50 && outcomes.errors > 50, JSON.stringify(outcomes));
});

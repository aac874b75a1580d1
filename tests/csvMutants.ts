/**
 * Mutants of CSV files for the fuzz tests: a seeded fast-check arbitrary that truncates, flips
 * bytes, inserts delimiters, quotes and line breaks, and swaps, repeats or drops rows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { REPOSITORY } from '../src/repository';

const month = (i: number) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;

/** The valid files the mutants start from: the default data's first rows, and small files of other shapes. */
export const BASES: readonly string[] = [
  `${fs
    .readFileSync(path.join(REPOSITORY, 'data', 'sp500.csv'), 'utf8')
    .split('\n')
    .slice(0, 80)
    .join('\n')}\n`,
  `Month,Passengers\n${Array.from({ length: 60 }, (_, i) => `${month(i)},${100 + i}`).join('\n')}\n`,
  `t\tvalue\n${Array.from({ length: 60 }, (_, i) => `${i}\t${(i * 1.5).toFixed(2)}`).join('\n')}\n`,
  `"date";"a";"b"\n${Array.from({ length: 40 }, (_, i) => `"${month(i)}";${i};"${i * 2}"`).join('\n')}\n`,
];

type Edit = (text: string) => string;
const at = (text: string, where: number) => Math.floor(where * (text.length + 1));

/** One edit of a file's text; `where` in [0, 1) picks the place. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map(
    (where): Edit =>
      (text) =>
        text.slice(0, at(text, where)),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 })).map(
    ([where, bits]): Edit =>
      (text) => {
        if (text.length === 0) return text;
        const i = Math.min(text.length - 1, Math.floor(where * text.length));
        return text.slice(0, i) + String.fromCharCode((text.charCodeAt(i) ^ bits) & 0xff) + text.slice(i + 1);
      },
  ),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      fc.constantFrom(',', '"', '\n', '\r', '\t', ';', '""', ',,', '"\n'),
    )
    .map(
      ([where, insert]): Edit =>
        (text) =>
          text.slice(0, at(text, where)) + insert + text.slice(at(text, where)),
    ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([a, b]): Edit =>
      (text) => {
        const lines = text.split('\n');
        const [i, j] = [a % lines.length, b % lines.length];
        [lines[i], lines[j]] = [lines[j], lines[i]];
        return lines.join('\n');
      },
  ),
  fc.nat().map(
    (a): Edit =>
      (text) => {
        const lines = text.split('\n');
        lines.splice(a % lines.length, 0, lines[a % lines.length]);
        return lines.join('\n');
      },
  ),
  fc.nat().map(
    (a): Edit =>
      (text) => {
        const lines = text.split('\n');
        lines.splice(a % lines.length, 1);
        return lines.join('\n');
      },
  ),
);

/** A base file with one to three edits; one character per byte (write it with the 'latin1' encoding). */
export const mutant: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...BASES), fc.array(edit, { minLength: 1, maxLength: 3 }))
  .map(([base, edits]) => edits.reduce((text, e) => e(text), base));

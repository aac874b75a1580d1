import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDecimal } from '../../../src/data/parseDecimal';
import { createRandom } from '../../../src/random';

const parse = (text: string) => {
  const bytes = Buffer.from(`,${text},`);
  return parseDecimal(bytes, 1, bytes.length - 1);
};

describe('parseDecimal', () => {
  it('parseDecimal(bytes) is Number(text) bit for bit on plain decimals', () => {
    const cases = [
      '0',
      '-0',
      '+0',
      '1',
      '-1',
      '1455.219971',
      '5792140000',
      '.5',
      '5.',
      '-.25',
      '+1.5e3',
      '1E-7',
      '2.5e+10',
      '-0.0',
      '000123.4500',
      '999999999999999',
      '0.000000000000001',
      '123456789012345e-22',
      '1e22',
      '9.99e-20',
    ];
    for (const text of cases) assert.ok(Object.is(parse(text), Number(text)), `${text}: ${parse(text)} vs ${Number(text)}`);
  });

  it('parseDecimal agrees with Number on 100,000 random decimals (seeded)', () => {
    const random = createRandom(7);
    const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random.next() * 10)).join('');
    let fast = 0;
    for (let k = 0; k < 100_000; k++) {
      const whole = digits(Math.floor(random.next() * 10));
      const fraction = digits(Math.floor(random.next() * 10));
      const sign = ['', '-', '+'][Math.floor(random.next() * 3)];
      const exponent = random.next() < 0.3 ? `e${Math.floor(random.next() * 50) - 25}` : '';
      const text = `${sign}${whole || '0'}${fraction ? `.${fraction}` : ''}${exponent}`;
      const value = parse(text);
      if (Number.isNaN(value)) continue; // outside the fast path: the caller reads it as text
      fast++;
      assert.ok(Object.is(value, Number(text)), `${text}: ${value} vs ${Number(text)}`);
    }
    assert.ok(fast > 80_000, `only ${fast} of 100,000 took the fast path`);
  });

  it('parseDecimal gives NaN for what it leaves to the caller: non-numbers, spaces, long or far numbers', () => {
    for (const text of [
      '',
      '-',
      '+',
      '.',
      'e5',
      '1e',
      '1e+',
      'abc',
      'NaN',
      'Infinity',
      '-inf',
      '0x10',
      ' 1',
      '1 ',
      '1,5',
      '1.2.3',
      '--1',
      '1234567890123456',
      '0.1234567890123456',
      '1e23',
      '1e-23',
      '9.99e-23',
      '1e0000001',
    ]) {
      assert.ok(Number.isNaN(parse(text)), `${JSON.stringify(text)} gave ${parse(text)}`);
    }
  });
});

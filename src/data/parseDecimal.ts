/**
 * A plain decimal read straight from a file's bytes, without making a string: the common case of
 * loading numbers from a CSV, where a string per cell would cost more than the number itself.
 */

/** 10^0 .. 10^22: every power of ten a double holds exactly. */
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * The number that bytes[start, end) spell, when they are `[-+]digits[.digits][(e|E)[-+]digits]` with at
 * most 15 significant digits and a decimal exponent within 22 of the point; NaN otherwise (anything
 * else: spaces, signs alone, "NaN", more digits, hexadecimal...), for the caller to handle as text.
 *
 * Within those limits the digits and the power of ten are exact doubles and one multiplication or
 * division rounds correctly (Clinger's fast path), so the result is bit for bit `Number(text)`.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) negative = bytes[i++] === MINUS;
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let exponent = 0;
  let c = 0;
  for (; i < end && (c = bytes[i]) >= ZERO && c <= NINE; i++) {
    mantissa = mantissa * 10 + (c - ZERO);
    if (mantissa !== 0) significant++;
    digits++;
  }
  if (i < end && bytes[i] === DOT) {
    for (i++; i < end && (c = bytes[i]) >= ZERO && c <= NINE; i++) {
      mantissa = mantissa * 10 + (c - ZERO);
      if (mantissa !== 0) significant++;
      digits++;
      exponent--;
    }
  }
  if (digits === 0 || significant > 15) return NaN;
  if (i < end && (bytes[i] | 0x20) === 101) {
    i++;
    let negativeExponent = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) negativeExponent = bytes[i++] === MINUS;
    let written = 0;
    let places = 0;
    for (; i < end && (c = bytes[i]) >= ZERO && c <= NINE && places < 6; i++, places++) written = written * 10 + (c - ZERO);
    if (places === 0) return NaN;
    exponent += negativeExponent ? -written : written;
  }
  if (i !== end || exponent > 22 || exponent < -22) return NaN;
  const value = exponent >= 0 ? mantissa * POWERS[exponent] : mantissa / POWERS[-exponent];
  return negative ? -value : value;
}

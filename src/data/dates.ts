/**
 * Dates read strictly: ISO 8601 dates and date-times (2000-01-03, 2000-01, 2000-01-03 09:30,
 * 2000-01-03T09:30:00.5Z), a plain whole-number index (0, 1, 2, ...), or dates in a format the
 * user names (--date-format %m/%d/%Y), turned into ISO. Nothing else is a date: "1" is an index, not
 * 2001, and "01/02/2020" needs its format named, since it reads as January or February.
 */

/** A date as written: its instant (ms, UTC; an index's own value) and how it was written. */
export interface ParsedDate {
  ms: number;
  /** 'integer' 12 | 'month' 2020-04 | 'day' 2020-04-01 | 'time' 2020-04-01 09:30[:00[.5]][Z|+02:00] (or with T). */
  form: 'integer' | 'month' | 'day' | 'time';
  /** For 'time': the separator between date and time, whether seconds are written, the zone as written ('' for none). */
  separator?: string;
  seconds?: boolean;
  zone?: string;
}

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2})(?:([T ])(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;
const INTEGER = /^[-+]?\d+$/;

/** The offset of a zone as written (Z, +02:00, -0530), in ms to subtract from the local time. */
export function zoneOffset(zone: string): number {
  if (zone === '' || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** A valid calendar date and time of day, as UTC ms; NaN where a field is out of range (2020-02-30, 24:00). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : Number.NaN;
}

/** An ISO 8601 date or date-time, or a whole number; undefined for anything else. */
export function parseDate(text: string): ParsedDate | undefined {
  const trimmed = text.trim();
  if (INTEGER.test(trimmed)) return { ms: Number(trimmed), form: 'integer' };
  const m = ISO.exec(trimmed);
  if (!m) return undefined;
  const [, y, mo, d, separator, h, mi, s, fraction, zone] = m;
  const base = utc(Number(y), Number(mo), d ? Number(d) : 1, h ? Number(h) : 0, mi ? Number(mi) : 0, s ? Number(s) : 0);
  if (Number.isNaN(base)) return undefined;
  if (!d) return { ms: base, form: 'month' };
  if (!h) return { ms: base, form: 'day' };
  const ms = base + (fraction ? Math.round(Number(fraction) * 1000) : 0) - zoneOffset(zone ?? '');
  return { ms, form: 'time', separator, seconds: s !== undefined, zone: zone ?? '' };
}

/** How a parsed date is written, in words, for messages: "a date (2020-04-01)", "a whole number", ... */
export function describeForm(date: ParsedDate): string {
  switch (date.form) {
    case 'integer':
      return 'a whole number';
    case 'month':
      return 'a month (YYYY-MM)';
    case 'day':
      return 'a date (YYYY-MM-DD)';
    case 'time':
      return `a date and time (YYYY-MM-DD${date.separator === 'T' ? 'T' : ' '}HH:MM${date.seconds ? ':SS' : ''}${date.zone ? ' with a zone' : ''})`;
  }
}

/** Two dates written the same way: the same form, and for date-times the same separator, seconds and zone. */
export function sameForm(a: ParsedDate, b: ParsedDate): boolean {
  return a.form === b.form && a.separator === b.separator && a.seconds === b.seconds && (a.zone === '') === (b.zone === '');
}

const FIELDS: Record<string, { pattern: string; key: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' }> = {
  Y: { pattern: '(\\d{4})', key: 'year' },
  m: { pattern: '(\\d{1,2})', key: 'month' },
  d: { pattern: '(\\d{1,2})', key: 'day' },
  H: { pattern: '(\\d{1,2})', key: 'hour' },
  M: { pattern: '(\\d{1,2})', key: 'minute' },
  S: { pattern: '(\\d{1,2})', key: 'second' },
};

/**
 * A reader of dates in a strftime-like `format` (%Y, %m, %d, %H, %M, %S and %%; every other
 * character stands for itself): each text becomes an ISO date (YYYY-MM-DD) or date-time
 * (YYYY-MM-DD HH:MM[:SS]), or undefined where it does not match or is not a valid date.
 * Throws for a format without %Y, %m and %d, or with a field twice or one it does not know.
 */
export function dateFormatReader(format: string): (text: string) => string | undefined {
  const keys: string[] = [];
  let pattern = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      pattern += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    const field = format[++i];
    if (field === '%') {
      pattern += '%';
      continue;
    }
    const known = FIELDS[field];
    if (!known) throw new Error(`"%${field ?? ''}" is not a field it knows; use %Y, %m, %d, %H, %M, %S (and %% for a percent sign)`);
    if (keys.includes(known.key)) throw new Error(`%${field} appears twice`);
    keys.push(known.key);
    pattern += known.pattern;
  }
  for (const needed of ['year', 'month', 'day'] as const) {
    if (!keys.includes(needed)) throw new Error(`it has no ${needed} (%${needed === 'year' ? 'Y' : needed === 'month' ? 'm' : 'd'})`);
  }
  const regex = new RegExp(`^${pattern}$`);
  const hasTime = keys.includes('hour') || keys.includes('minute');
  const hasSeconds = keys.includes('second');
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (text) => {
    const m = regex.exec(text.trim());
    if (!m) return undefined;
    const value: Record<string, number> = { hour: 0, minute: 0, second: 0 };
    keys.forEach((key, i) => {
      value[key] = Number(m[i + 1]);
    });
    if (Number.isNaN(utc(value.year, value.month, value.day, value.hour, value.minute, value.second))) return undefined;
    const day = `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
    if (!hasTime && !hasSeconds) return day;
    return `${day} ${pad(value.hour)}:${pad(value.minute)}${hasSeconds ? `:${pad(value.second)}` : ''}`;
  };
}

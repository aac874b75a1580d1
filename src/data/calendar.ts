/**
 * The calendar a series is kept on, found from its dates, and the dates that come after its last
 * row: what forecasts past the end of the data are dated with. Trading days continue on weekdays
 * (exchange holidays are not known), daily data on days, monthly data on month starts or month
 * ends, intraday data on its minutes, and a plain integer index on its integers.
 */
import { DataError } from '../errors';
import { parseDate as parse, zoneOffset } from './dates';

export type Spacing =
  | { kind: 'weekdays' }
  | { kind: 'days'; step: number }
  | { kind: 'months'; step: number; anchor: 'start' | 'end' | 'month' }
  | { kind: 'minutes'; step: number }
  | { kind: 'integers'; step: number };

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
const monthIndex = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
const isWeekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());

/** Weekdays from `a` to `b` (b after a): how many weekday steps lie between two trading days. */
function weekdaysBetween(a: number, b: number): number {
  let count = 0;
  for (let t = a + DAY_MS; t <= b; t += DAY_MS) if (!isWeekend(t)) count++;
  return count;
}

/**
 * The step that makes most of `differences` (positive whole numbers of one unit), if every other one
 * is a whole multiple of it (missing rows) and it is at least half of them; else undefined.
 */
function commonStep(differences: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const d of differences) counts.set(d, (counts.get(d) ?? 0) + 1);
  const [step, count] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  if (step <= 0 || count * 2 < differences.length) return undefined;
  return differences.every((d) => d % step === 0) ? step : undefined;
}

function describeGaps(differences: number[], unit: string): string {
  const distinct = [...new Set(differences)].sort((a, b) => a - b);
  const shown = distinct.slice(0, 6).join(', ');
  return `gaps of ${shown}${distinct.length > 6 ? ', ...' : ''} ${unit}`;
}

/** How the dates of a series are spaced. `where` names the series in errors (its file and column). */
export function detectSpacing(dates: readonly string[], where: string): Spacing {
  if (dates.length < 2)
    throw new DataError(`${where}: ${dates.length} date${dates.length === 1 ? '' : 's'}, too few to tell how the series is spaced`);
  const parsed = dates.map((text, i) => {
    const p = parse(text);
    if (!p)
      throw new DataError(`${where}, row ${i + 1}: "${text}" is not a date (YYYY-MM, YYYY-MM-DD, YYYY-MM-DD HH:MM) or a whole number`);
    return p;
  });
  const forms = new Set(parsed.map((p) => p.form));
  if (forms.size > 1)
    throw new DataError(`${where}: the dates are written in ${forms.size} ways (${[...forms].join(', ')}); one is needed to continue them`);
  const form = parsed[0].form;
  const ms = parsed.map((p) => p.ms);
  for (let i = 1; i < ms.length; i++) {
    if (ms[i] <= ms[i - 1]) throw new DataError(`${where}, row ${i + 1}: "${dates[i]}" does not come after "${dates[i - 1]}"`);
  }
  const differences = (unit: (a: number, b: number) => number) => ms.slice(1).map((b, i) => unit(ms[i], b));
  const irregular = (gaps: number[], unit: string): never => {
    throw new DataError(`${where}: the dates are irregular (${describeGaps(gaps, unit)}), so the dates after the last row are not known`);
  };

  if (form === 'integer') {
    const gaps = differences((a, b) => b - a);
    const step = commonStep(gaps);
    return step ? { kind: 'integers', step } : irregular(gaps, 'between the numbers');
  }
  if (form === 'time') {
    const gaps = differences((a, b) => (b - a) / MINUTE_MS);
    const step = gaps.every(Number.isInteger) ? commonStep(gaps) : undefined;
    return step ? { kind: 'minutes', step } : irregular(gaps, 'minutes');
  }
  const days = ms.map((t) => new Date(t).getUTCDate());
  const monthly =
    form === 'month' ||
    days.every((d) => d === 1) ||
    ms.every((t, i) => days[i] === lastDayOfMonth(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth()));
  if (monthly && differences((a, b) => monthIndex(b) - monthIndex(a)).every((d) => d >= 1)) {
    const gaps = differences((a, b) => monthIndex(b) - monthIndex(a));
    const step = commonStep(gaps);
    if (step) return { kind: 'months', step, anchor: form === 'month' ? 'month' : days[0] === 1 ? 'start' : 'end' };
  }
  const dayGaps = differences((a, b) => Math.round((b - a) / DAY_MS));
  if (!ms.some(isWeekend) && dayGaps.some((d) => d > 1)) {
    // No Saturday or Sunday: trading days. Friday to Monday is one step.
    const gaps = differences(weekdaysBetween);
    if (commonStep(gaps) === 1) return { kind: 'weekdays' };
  }
  const step = commonStep(dayGaps);
  return step ? { kind: 'days', step } : irregular(dayGaps, 'days');
}

/** The `count` dates after the last of `dates`, on their calendar and written as they are. */
export function continueDates(dates: readonly string[], count: number, where: string, spacing = detectSpacing(dates, where)): string[] {
  const last = parse(dates[dates.length - 1])!;
  const out: string[] = [];
  const date = new Date(last.ms);
  const writeDay = (t: number) => {
    const d = new Date(t);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  };
  let t = last.ms;
  for (let k = 1; k <= count; k++) {
    switch (spacing.kind) {
      case 'integers':
        out.push(String(last.ms + k * spacing.step));
        continue;
      case 'minutes': {
        t += spacing.step * MINUTE_MS;
        // Written in the last date's zone, as it was: its local time, then the zone.
        const local = t + zoneOffset(last.zone ?? '');
        const d = new Date(local);
        const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${last.seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
        out.push(`${writeDay(local)}${last.separator}${time}${last.zone ?? ''}`);
        continue;
      }
      case 'months': {
        const index = date.getUTCFullYear() * 12 + date.getUTCMonth() + k * spacing.step;
        const [year, month] = [Math.floor(index / 12), index % 12];
        if (spacing.anchor === 'month') out.push(`${year}-${pad(month + 1)}`);
        else out.push(`${year}-${pad(month + 1)}-${pad(spacing.anchor === 'start' ? 1 : lastDayOfMonth(year, month))}`);
        continue;
      }
      case 'weekdays':
        do t += DAY_MS;
        while (isWeekend(t));
        out.push(writeDay(t));
        continue;
      case 'days':
        t += spacing.step * DAY_MS;
        out.push(writeDay(t));
        continue;
    }
  }
  return out;
}

/** The calendar in words, for messages: "weekdays (exchange holidays are not known)", "months (on the 1st)", ... */
export function describeSpacing(spacing: Spacing): string {
  switch (spacing.kind) {
    case 'weekdays':
      return 'weekdays (exchange holidays are not known)';
    case 'days':
      return spacing.step === 1 ? 'days' : `every ${spacing.step} days`;
    case 'months': {
      const every = spacing.step === 1 ? 'months' : `every ${spacing.step} months`;
      return spacing.anchor === 'month' ? every : `${every} (on the ${spacing.anchor === 'start' ? '1st' : 'last day'})`;
    }
    case 'minutes':
      return spacing.step === 1 ? 'minutes' : `every ${spacing.step} minutes`;
    case 'integers':
      return spacing.step === 1 ? 'whole numbers' : `whole numbers in steps of ${spacing.step}`;
  }
}

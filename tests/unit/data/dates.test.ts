import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { continueDates } from '../../../src/data/calendar';
import { dateFormatReader, describeForm, parseDate, sameForm } from '../../../src/data/dates';

describe('parseDate', () => {
  it('reads ISO 8601 dates, months and date-times, and whole numbers', () => {
    assert.deepEqual(parseDate('2020-02-29'), { ms: Date.UTC(2020, 1, 29), form: 'day' });
    assert.deepEqual(parseDate('2020-02'), { ms: Date.UTC(2020, 1, 1), form: 'month' });
    assert.deepEqual(parseDate(' 13 '), { ms: 13, form: 'integer' });
    assert.equal(parseDate('2020-01-01T09:30:15.25Z')!.ms, Date.UTC(2020, 0, 1, 9, 30, 15, 250));
    assert.equal(parseDate('2020-01-01 10:30+01:00')!.ms, Date.UTC(2020, 0, 1, 9, 30));
    assert.equal(parseDate('2020-01-01 04:00-0530')!.ms, Date.UTC(2020, 0, 1, 9, 30));
  });

  it('refuses what Date.parse would guess at, and days and times that do not exist', () => {
    for (const text of [
      '01/02/2020',
      'Jan 2 2020',
      '2020-1-2',
      '2019-02-29',
      '2020-13-01',
      '2020-01-01 24:00',
      '2020-01-01 10:60',
      'x',
      '',
    ])
      assert.equal(parseDate(text), undefined, text);
  });

  it('tells the forms apart, and says which in words', () => {
    const [day, time, zoned, index] = ['2020-01-01', '2020-01-01 10:00', '2020-01-01 10:00Z', '7'].map((t) => parseDate(t)!);
    assert.ok(!sameForm(day, time) && !sameForm(time, zoned) && sameForm(time, parseDate('2020-01-02 11:00')!));
    assert.deepEqual(
      [describeForm(day), describeForm(index), describeForm(zoned)],
      ['a date (YYYY-MM-DD)', 'a whole number', 'a date and time (YYYY-MM-DD HH:MM with a zone)'],
    );
  });
});

describe('dateFormatReader', () => {
  it('reads a format into ISO dates, with the time where the format has one', () => {
    assert.equal(dateFormatReader('%m/%d/%Y')('1/2/2020'), '2020-01-02');
    assert.equal(dateFormatReader('%d.%m.%Y %H:%M:%S')('31.12.1999 23:59:58'), '1999-12-31 23:59:58');
    assert.equal(dateFormatReader('%Y%m%d')('20200102'), '2020-01-02');
    assert.equal(dateFormatReader('100%% on %Y-%m-%d')('100% on 2020-01-02'), '2020-01-02');
  });

  it('refuses text that does not match and dates that do not exist', () => {
    const read = dateFormatReader('%m/%d/%Y');
    for (const text of ['2020-01-02', '13/01/2020', '02/30/2020', '1/2/20']) assert.equal(read(text), undefined, text);
  });

  it('refuses a format without a day, with a field twice or one it does not know', () => {
    assert.throws(() => dateFormatReader('%Y-%m'), /it has no day \(%d\)/);
    assert.throws(() => dateFormatReader('%Y-%m-%d %d'), /%d appears twice/);
    assert.throws(() => dateFormatReader('%Y-%b-%d'), /"%b" is not a field it knows/);
  });
});

it('continues date-times in the zone they were written in', () => {
  const dates = ['2020-01-01T09:00+01:00', '2020-01-01T09:30+01:00', '2020-01-01T10:00+01:00'];
  assert.deepEqual(continueDates(dates, 2, 'test'), ['2020-01-01T10:30+01:00', '2020-01-01T11:00+01:00']);
});

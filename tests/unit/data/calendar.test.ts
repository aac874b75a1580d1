import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { continueDates, describeSpacing, detectSpacing } from '../../../src/data/calendar';
import { DataError } from '../../../src/errors';
import { REPOSITORY } from '../../helpers';

const firstColumn = (file: string) =>
  fs
    .readFileSync(path.join(REPOSITORY, 'data', file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]);
const dataError = (pattern: RegExp) => (error: Error) => error instanceof DataError && pattern.test(error.message);

describe('detectSpacing and continueDates', () => {
  it('trading days continue on weekdays: Friday is followed by Monday', () => {
    // Thursday, a holiday (Good Friday), then Monday to Friday.
    const dates = ['2020-04-09', '2020-04-13', '2020-04-14', '2020-04-15', '2020-04-16', '2020-04-17'];
    assert.deepEqual(detectSpacing(dates, 'x'), { kind: 'weekdays' });
    assert.deepEqual(continueDates(dates, 3, 'x'), ['2020-04-20', '2020-04-21', '2020-04-22']);
  });

  it('the embedded S&P 500 is on weekdays, with its holidays as gaps, and continues after 2020-04-17', () => {
    const dates = firstColumn('sp500.csv');
    const spacing = detectSpacing(dates, 'data/sp500.csv');
    assert.equal(describeSpacing(spacing), 'weekdays (exchange holidays are not known)');
    assert.deepEqual(continueDates(dates, 2, 'data/sp500.csv', spacing), ['2020-04-20', '2020-04-21']);
  });

  it('the embedded CO2 series continues on month starts after 2020-04-01', () => {
    const dates = firstColumn('co2.csv');
    assert.deepEqual(detectSpacing(dates, 'co2'), { kind: 'months', step: 1, anchor: 'start' });
    assert.deepEqual(continueDates(dates, 3, 'co2'), ['2020-05-01', '2020-06-01', '2020-07-01']);
  });

  it('month ends stay month ends, through February of a leap year', () => {
    const dates = ['2023-11-30', '2023-12-31', '2024-01-31'];
    assert.deepEqual(detectSpacing(dates, 'x'), { kind: 'months', step: 1, anchor: 'end' });
    assert.deepEqual(continueDates(dates, 3, 'x'), ['2024-02-29', '2024-03-31', '2024-04-30']);
  });

  it('YYYY-MM months and quarters keep their form and step', () => {
    assert.deepEqual(continueDates(['2019-11', '2019-12'], 2, 'x'), ['2020-01', '2020-02']);
    const quarters = ['2019-01-01', '2019-04-01', '2019-07-01', '2019-10-01'];
    assert.deepEqual(continueDates(quarters, 2, 'x'), ['2020-01-01', '2020-04-01']);
  });

  it('a run of weekdays with no weekend in it cannot be told from daily data, and is taken as daily', () => {
    assert.deepEqual(detectSpacing(['2020-04-13', '2020-04-14', '2020-04-15'], 'x'), { kind: 'days', step: 1 });
  });

  it('daily data with weekends continues every day; weekly data every 7 days', () => {
    const daily = ['2020-02-27', '2020-02-28', '2020-02-29', '2020-03-01'];
    assert.deepEqual(detectSpacing(daily, 'x'), { kind: 'days', step: 1 });
    assert.deepEqual(continueDates(daily, 2, 'x'), ['2020-03-02', '2020-03-03']);
    assert.deepEqual(continueDates(['2020-01-05', '2020-01-12', '2020-01-19'], 1, 'x'), ['2020-01-26']);
  });

  it('minutes continue on their step, across midnight, written as they were', () => {
    const dates = ['2020-01-01 23:50', '2020-01-01 23:55'];
    assert.deepEqual(continueDates(dates, 2, 'x'), ['2020-01-02 00:00', '2020-01-02 00:05']);
    assert.deepEqual(continueDates(['2020-01-01T10:00:00', '2020-01-01T10:01:00'], 1, 'x'), ['2020-01-01T10:02:00']);
  });

  it('a plain integer index continues its integers', () => {
    assert.deepEqual(detectSpacing(['1', '2', '3'], 'x'), { kind: 'integers', step: 1 });
    assert.deepEqual(continueDates(['10', '20', '30'], 2, 'x'), ['40', '50']);
  });

  it('a missing row is a gap, not a new step', () => {
    assert.deepEqual(detectSpacing(['2020-01-01', '2020-01-02', '2020-01-04', '2020-01-05', '2020-01-06'], 'x'), { kind: 'days', step: 1 });
  });

  it('irregular dates are refused, naming the gaps found', () => {
    assert.throws(
      () => detectSpacing(['2020-01-01', '2020-01-04', '2020-01-09', '2020-01-20'], 'my.csv'),
      dataError(/^my\.csv: the dates are irregular \(gaps of 3, 5, 11 days\)/),
    );
  });

  it('refuses dates that are not dates, go backwards, mix forms, or are too few, saying where', () => {
    assert.throws(() => detectSpacing(['2020-01-01', 'soon'], 'my.csv'), dataError(/^my\.csv, row 2: "soon" is not a date/));
    assert.throws(() => detectSpacing(['2020-02-30', '2020-03-01'], 'my.csv'), dataError(/row 1: "2020-02-30" is not a date/));
    assert.throws(
      () => detectSpacing(['2020-01-02', '2020-01-01'], 'my.csv'),
      dataError(/row 2: "2020-01-01" does not come after "2020-01-02"/),
    );
    assert.throws(() => detectSpacing(['2020-01', '2020-02-01'], 'my.csv'), dataError(/written in 2 ways/));
    assert.throws(() => detectSpacing(['2020-01-01'], 'my.csv'), dataError(/1 date, too few/));
  });
});

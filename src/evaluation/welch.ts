/**
 * Welch's t-test of equal means for two samples whose variances may differ: the statistic
 * (mean a - mean b) / sqrt(va / na + vb / nb) against Student's t with the Welch-Satterthwaite
 * degrees of freedom (Welch, 1947, Biometrika 34). Here: the seeds of two networks, one score each.
 */
import { studentTTwoSided } from './studentT';

export interface WelchResult {
  /** Mean of a minus mean of b. */
  difference: number;
  statistic: number;
  degreesOfFreedom: number;
  /** Two-sided: the chance of a statistic at least this far from 0 if the means were equal. */
  pValue: number;
}

export function welchTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2) throw new Error(`welchTest: each sample needs at least 2 values, got ${a.length} and ${b.length}`);
  const moments = (x: readonly number[]) => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1);
    return { mean, share: variance / x.length, n: x.length };
  };
  const [ma, mb] = [moments(a), moments(b)];
  const difference = ma.mean - mb.mean;
  const se2 = ma.share + mb.share;
  if (!(se2 > 0))
    return {
      difference,
      statistic: difference === 0 ? 0 : Math.sign(difference) * Infinity,
      degreesOfFreedom: NaN,
      pValue: difference === 0 ? 1 : 0,
    };
  const statistic = difference / Math.sqrt(se2);
  const degreesOfFreedom = se2 ** 2 / (ma.share ** 2 / (ma.n - 1) + mb.share ** 2 / (mb.n - 1));
  return { difference, statistic, degreesOfFreedom, pValue: studentTTwoSided(statistic, degreesOfFreedom) };
}

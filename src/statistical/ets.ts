/**
 * Exponential smoothing in the state-space form of Hyndman et al. (Forecasting with Exponential
 * Smoothing, 2008; FPP3 chapter 8), as statsmodels' ETSModel computes it: the error additive (A)
 * or multiplicative (M); the trend none (N), additive (A) or additive damped (Ad); the season
 * none (N), additive (A) or multiplicative (M) with a given period. The states follow the
 * smoothing equations; the error type decides the likelihood:
 *
 *   additive error:        log L = -n/2 (log(2 pi mean(e^2)) + 1),            e = y - yhat
 *   multiplicative error:  log L = -n/2 (log(2 pi mean(e^2)) + 1) - sum log|yhat|, e = (y - yhat) / yhat
 *
 * Fitted by maximum likelihood under the usual bounds (alpha, beta / alpha and gamma / (1 - alpha)
 * in [1e-4, 1 - 1e-4], phi in [0.8, 0.98]) with the initial states estimated; chosen by AICc
 * among the admissible specs (autoEts).
 */
import { DataError, OptionError } from '../errors';
import { normalQuantile } from '../evaluation/intervals';
import { createRandom } from '../random';
import { minimize } from './optimize';

export interface EtsSpec {
  error: 'A' | 'M';
  trend: 'N' | 'A' | 'Ad';
  season: 'N' | 'A' | 'M';
  /** Season length in rows (for season A or M). */
  period?: number;
}

/**
 * The parameters in statsmodels' internal order: alpha, beta, gamma, phi, the initial level and
 * trend, and the initial seasonal states s[-1], ..., s[-m] (s[-m] the season of the first row). A
 * spec without trend has beta = 0 and trend 0, without damping phi = 1, without season gamma = 0.
 */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  level: number;
  trend: number;
  seasonal: number[];
}

export interface EtsFit {
  spec: EtsSpec;
  params: EtsParams;
  /** One-step forecasts of every row. */
  fitted: Float64Array;
  logLikelihood: number;
  /** Free parameters plus one for the error variance, as statsmodels counts them. */
  dfModel: number;
  aicc: number;
  /** The last states: level, trend, and the season's states s[n], s[n-1], ..., s[n-m+1]. */
  last: { level: number; trend: number; seasonal: number[] };
  /** Mean squared error of the one-step forecasts, as e is defined for the spec (relative for M error). */
  sigma2: number;
}

/** "AAdM" and the like; throws OptionError for anything else. */
export function parseSpec(name: string, period?: number): EtsSpec {
  const m = /^([AM])(N|A|Ad)([NAM])$/.exec(name);
  if (!m) throw new OptionError(`"${name}" is not an ETS spec; write error, trend, season, as in ANN, AAdN, MAM`);
  const spec: EtsSpec = { error: m[1] as EtsSpec['error'], trend: m[2] as EtsSpec['trend'], season: m[3] as EtsSpec['season'] };
  if (spec.season !== 'N') {
    if (!period || period < 2) throw new OptionError(`ETS spec ${name} has a season, so it needs a season length of 2 or more`);
    spec.period = period;
  }
  return spec;
}

export function specName(spec: EtsSpec): string {
  return `${spec.error}${spec.trend}${spec.season}`;
}

/** The spec in words: "additive error, additive damped trend, multiplicative season of 12". */
export function describeSpec(spec: EtsSpec): string {
  const kind = { A: 'additive', M: 'multiplicative', N: 'no', Ad: 'additive damped' } as const;
  return `${kind[spec.error]} error, ${kind[spec.trend]} trend, ${spec.season === 'N' ? 'no season' : `${kind[spec.season]} season of ${spec.period}`}`;
}

/**
 * The state recursions: one-step forecasts into `fitted`, and the states after the last row;
 * `afterRow` sees the states after each row (the seasonal array is reused: copy what is kept).
 */
function smooth(
  spec: EtsSpec,
  p: EtsParams,
  y: ArrayLike<number>,
  fitted: Float64Array,
  afterRow?: (row: number, states: EtsFit['last']) => void,
): EtsFit['last'] {
  const n = y.length;
  const m = spec.season === 'N' ? 0 : spec.period!;
  const multiplicative = spec.season === 'M';
  const betaStar = spec.trend === 'N' ? 0 : p.beta / p.alpha;
  const gammaStar = m ? p.gamma / (1 - p.alpha) : 0;
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  let level = p.level;
  let trend = spec.trend === 'N' ? 0 : p.trend;
  // S[j] is s[t-1-j]: S[m-1] is the season of row t.
  const S = m ? p.seasonal.slice(0, m) : [];
  for (let i = 0; i < n; i++) {
    const season = m ? S[m - 1] : multiplicative ? 1 : 0;
    const base = level + phi * trend;
    fitted[i] = multiplicative ? base * season : base + season;
    const newLevel = multiplicative ? p.alpha * (y[i] / season) + (1 - p.alpha) * base : p.alpha * (y[i] - season) + (1 - p.alpha) * base;
    const newTrend = betaStar * (newLevel - level) + (1 - betaStar) * phi * trend;
    if (m) {
      const newSeason = multiplicative
        ? gammaStar * (y[i] / newLevel) + (1 - gammaStar) * season
        : gammaStar * (y[i] - newLevel) + (1 - gammaStar) * season;
      for (let j = m - 1; j > 0; j--) S[j] = S[j - 1];
      S[0] = newSeason;
    }
    level = newLevel;
    trend = newTrend;
    afterRow?.(i, { level, trend, seasonal: S });
  }
  return { level, trend, seasonal: S };
}

/** The log-likelihood of one-step forecasts `fitted` of `y` under the spec's error, and the mean squared error it rests on. */
function likelihood(spec: EtsSpec, y: ArrayLike<number>, fitted: Float64Array): { logLikelihood: number; sigma2: number } {
  const n = y.length;
  let squares = 0;
  let logs = 0;
  for (let i = 0; i < n; i++) {
    const yhat = spec.error === 'M' && fitted[i] === 0 ? 1e-32 : fitted[i];
    const e = spec.error === 'M' ? (y[i] - yhat) / yhat : y[i] - yhat;
    squares += e * e;
    if (spec.error === 'M') logs += Math.log(Math.abs(yhat));
  }
  const sigma2 = squares / n;
  return { logLikelihood: (-n / 2) * (Math.log(2 * Math.PI * sigma2) + 1) - logs, sigma2 };
}

/**
 * The negative log-likelihood of a spec at the fitting variables x = [alpha, beta*, gamma*, phi,
 * level, trend, s[-1], ..., s[-m+1]] (those the spec has, in that order; s[-m] fixed at 0 or 1),
 * and its gradient by one backward pass through the recursions (reverse mode), which costs about
 * one more pass where differences would cost two per variable.
 */
export function negativeLogLikelihood(
  spec: EtsSpec,
  x: readonly number[],
  y: ArrayLike<number>,
  withGradient = true,
  workspace = likelihoodWorkspace(spec, y.length),
): { value: number; gradient: number[] } {
  const value = likelihoodForward(spec, x, y, workspace);
  return { value, gradient: withGradient ? likelihoodBackward(spec, y, workspace) : [] };
}

/**
 * The arrays the likelihood works in, for a spec and a series of n rows: made once per fit, not per
 * evaluation. Both passes run every spec as one with a trend and a season: a spec without trend
 * as one whose trend starts at 0 with beta* = 0 and phi = 1, without season as an additive season
 * of one row that starts at 0 with gamma* = 0. Those states stay exactly 0, so the values are the
 * spec's own, and the code the engine compiles for one spec serves every other (apart from the
 * multiplicative error and season).
 */
export function likelihoodWorkspace(spec: EtsSpec, n: number) {
  const m = spec.season === 'N' ? 1 : spec.period!;
  const trend = spec.trend !== 'N';
  // The fitting variables' places among alpha, beta*, gamma*, phi, level, trend, s[-1], ..., s[-m+1].
  const slots = [
    0,
    ...(trend ? [1] : []),
    ...(spec.season !== 'N' ? [2] : []),
    ...(spec.trend === 'Ad' ? [3] : []),
    4,
    ...(trend ? [5] : []),
  ];
  for (let j = 1; j < m; j++) slots.push(5 + j);
  return {
    m,
    slots,
    /** Every variable, the spec's own from x and the others at their fixed values. */
    all: Float64Array.of(0, 0, 0, 1, 0, 0, ...new Array<number>(Math.max(0, m - 1)).fill(0)),
    /** Their derivatives. */
    derivatives: new Float64Array(5 + m),
    seasons: new Float64Array(m + n),
    levels: new Float64Array(n + 1),
    trends: new Float64Array(n + 1),
    yhat: new Float64Array(n),
    seasonAdjoint: new Float64Array(m + n),
    /** The variables of the last forward pass, and its sum of squared errors: the backward pass starts from them. */
    x: [] as number[],
    squares: 0,
  };
}

type Workspace = ReturnType<typeof likelihoodWorkspace>;

/** The forward pass: the value at x, the states of every row kept in the workspace for a backward pass. */
function likelihoodForward(spec: EtsSpec, x: readonly number[], y: ArrayLike<number>, workspace: Workspace): number {
  const n = y.length;
  const multiplicativeSeason = spec.season === 'M';
  const multiplicativeError = spec.error === 'M';
  const { m, slots, all, seasons, levels, trends, yhat } = workspace;
  for (let k = 0; k < slots.length; k++) all[slots[k]] = x[k];
  const alpha = all[0];
  const betaStar = all[1];
  const gammaStar = all[2];
  const phi = all[3];
  // seasons[m + i] is the season state made at row i; seasons[m - j] is s[-j], s[-m] fixed at 0 or 1.
  for (let j = 1; j < m; j++) seasons[m - j] = all[5 + j];
  seasons[0] = multiplicativeSeason ? 1 : 0;
  levels[0] = all[4];
  trends[0] = all[5];
  // levels[i + 1], trends[i + 1] are the states after row i.
  let squares = 0;
  let logs = 0;
  // The product of |yhat| over a stretch of rows, its logarithm taken once per stretch.
  let product = 1;
  for (let i = 0; i < n; i++) {
    const season = seasons[i];
    const base = levels[i] + phi * trends[i];
    let forecast = multiplicativeSeason ? base * season : base + season;
    const level = multiplicativeSeason ? alpha * (y[i] / season) + (1 - alpha) * base : alpha * (y[i] - season) + (1 - alpha) * base;
    levels[i + 1] = level;
    trends[i + 1] = betaStar * (level - levels[i]) + (1 - betaStar) * phi * trends[i];
    seasons[m + i] = multiplicativeSeason
      ? gammaStar * (y[i] / level) + (1 - gammaStar) * season
      : gammaStar * (y[i] - level) + (1 - gammaStar) * season;
    if (multiplicativeError) {
      if (forecast === 0) forecast = 1e-32;
      const e = (y[i] - forecast) / forecast;
      squares += e * e;
      product *= Math.abs(forecast);
      if (!(product > 1e-150 && product < 1e150) || (i & 31) === 31) {
        logs += Math.log(product);
        product = 1;
      }
    } else {
      const e = y[i] - forecast;
      squares += e * e;
    }
    yhat[i] = forecast;
  }
  logs += Math.log(product);
  workspace.x = x.slice();
  workspace.squares = squares;
  return (n / 2) * (Math.log((2 * Math.PI * squares) / n) + 1) + logs;
}

/** The gradient at the workspace's last forward pass: the adjoint (derivative of the value) of each state, from the last row to the first. */
function likelihoodBackward(spec: EtsSpec, y: ArrayLike<number>, workspace: Workspace): number[] {
  const n = y.length;
  const multiplicativeSeason = spec.season === 'M';
  const multiplicativeError = spec.error === 'M';
  const { m, slots, all, derivatives, seasons, levels, trends, yhat, seasonAdjoint, squares } = workspace;
  const alpha = all[0];
  const betaStar = all[1];
  const gammaStar = all[2];
  const phi = all[3];
  seasonAdjoint.fill(0);
  let levelAdjoint = 0;
  let trendAdjoint = 0;
  let dAlpha = 0;
  let dBeta = 0;
  let dGamma = 0;
  let dPhi = 0;
  for (let i = n - 1; i >= 0; i--) {
    const season = seasons[i];
    const previousLevel = levels[i];
    const previousTrend = trends[i];
    const base = previousLevel + phi * previousTrend;
    const level = levels[i + 1];
    let aLevel = levelAdjoint;
    let aSeason = 0;
    let aPreviousLevel = 0;
    let aPreviousTrend = 0;
    // The season state made at this row.
    const aNew = seasonAdjoint[m + i];
    if (multiplicativeSeason) {
      dGamma += aNew * (y[i] / level - season);
      aLevel += aNew * ((-gammaStar * y[i]) / (level * level));
    } else {
      dGamma += aNew * (y[i] - level - season);
      aLevel += -gammaStar * aNew;
    }
    aSeason += aNew * (1 - gammaStar);
    // The trend made at this row.
    dBeta += trendAdjoint * (level - previousLevel - phi * previousTrend);
    aLevel += trendAdjoint * betaStar;
    aPreviousLevel -= trendAdjoint * betaStar;
    dPhi += trendAdjoint * (1 - betaStar) * previousTrend;
    aPreviousTrend += trendAdjoint * (1 - betaStar) * phi;
    // The level made at this row.
    const pulled = multiplicativeSeason ? y[i] / season : y[i] - season;
    dAlpha += aLevel * (pulled - base);
    let aBase = aLevel * (1 - alpha);
    aSeason += aLevel * alpha * (multiplicativeSeason ? -y[i] / (season * season) : -1);
    // The forecast's share of the value.
    const e = multiplicativeError ? (y[i] - yhat[i]) / yhat[i] : y[i] - yhat[i];
    const dE = multiplicativeError ? -y[i] / (yhat[i] * yhat[i]) : -1;
    const aYhat = (n / squares) * e * dE + (multiplicativeError ? 1 / yhat[i] : 0);
    if (multiplicativeSeason) {
      aBase += aYhat * season;
      aSeason += aYhat * base;
    } else {
      aBase += aYhat;
      aSeason += aYhat;
    }
    aPreviousLevel += aBase;
    aPreviousTrend += phi * aBase;
    dPhi += aBase * previousTrend;
    seasonAdjoint[i] += aSeason;
    levelAdjoint = aPreviousLevel;
    trendAdjoint = aPreviousTrend;
  }
  derivatives[0] = dAlpha;
  derivatives[1] = dBeta;
  derivatives[2] = dGamma;
  derivatives[3] = dPhi;
  derivatives[4] = levelAdjoint;
  derivatives[5] = trendAdjoint;
  for (let j = 1; j < m; j++) derivatives[5 + j] = seasonAdjoint[m - j];
  const gradient = new Array<number>(slots.length).fill(0);
  for (let k = 0; k < slots.length; k++) gradient[k] = derivatives[slots[k]];
  return gradient;
}

/** The gradient at x: a backward pass alone where the workspace's last forward pass was at x, as after a line search. */
function likelihoodGradient(spec: EtsSpec, x: readonly number[], y: ArrayLike<number>, workspace: Workspace): number[] {
  const same = workspace.x.length === x.length && x.every((v, i) => v === workspace.x[i]);
  if (!same) likelihoodForward(spec, x, y, workspace);
  return likelihoodBackward(spec, y, workspace);
}

/** Free parameters of a spec (smoothing, damping and every initial state), as statsmodels' k_params counts them. */
function parameterCount(spec: EtsSpec): number {
  const trend = spec.trend !== 'N';
  const m = spec.season === 'N' ? 0 : spec.period!;
  return 1 + (trend ? 1 : 0) + (m ? 1 : 0) + (spec.trend === 'Ad' ? 1 : 0) + 1 + (trend ? 1 : 0) + m;
}

/** AICc as statsmodels computes it: -2 log L + 2 k n / (n - k - 1), k the free parameters plus one. */
export function aiccOf(logLikelihood: number, n: number, k: number): number {
  return -2 * logLikelihood + (2 * k * n) / (n - k - 1);
}

/** Run the spec with given parameters over `y`: fitted values, likelihood, AICc and the last states. */
export function etsFilter(spec: EtsSpec, params: EtsParams, y: ArrayLike<number>): EtsFit {
  const fitted = new Float64Array(y.length);
  const last = smooth(spec, params, y, fitted);
  const { logLikelihood, sigma2 } = likelihood(spec, y, fitted);
  const dfModel = parameterCount(spec) + 1;
  return { spec, params, fitted, logLikelihood, dfModel, aicc: aiccOf(logLikelihood, y.length, dfModel), last, sigma2 };
}

/** Point forecasts `horizon` steps past the end of a fit. */
export function etsForecast(fit: EtsFit, horizon: number): Float64Array {
  return forecastFrom(fit.spec, fit.params, fit.last, horizon);
}

/**
 * Forecasts [targetRows.length, horizon] row-major from many origins with one fit: its states
 * carried on through values[from, ...) as the rows become known (`fit` was fitted on rows from
 * `from`), and for each first target row r the forecasts of rows r .. r + horizon - 1 from the
 * states after row r - 1.
 */
export function etsRolling(
  fit: EtsFit,
  values: ArrayLike<number>,
  from: number,
  targetRows: ArrayLike<number>,
  horizon: number,
): Float64Array {
  const out = new Float64Array(targetRows.length * horizon);
  const wanted = new Map<number, number[]>();
  let last = from;
  for (let k = 0; k < targetRows.length; k++) {
    const origin = targetRows[k] - 1;
    if (origin < from) throw new Error(`etsRolling: origin row ${origin} comes before the fit's first row ${from}`);
    wanted.set(origin, [...(wanted.get(origin) ?? []), k]);
    last = Math.max(last, origin + 1);
  }
  const y = Array.prototype.slice.call(values, from, last) as number[];
  smooth(fit.spec, fit.params, y, new Float64Array(y.length), (row, states) => {
    const ks = wanted.get(row + from);
    if (!ks) return;
    const forecasts = forecastFrom(fit.spec, fit.params, states, horizon);
    for (const k of ks) out.set(forecasts, k * horizon);
  });
  return out;
}

function forecastFrom(spec: EtsSpec, params: EtsParams, last: EtsFit['last'], horizon: number): Float64Array {
  const m = spec.season === 'N' ? 0 : spec.period!;
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const out = new Float64Array(horizon);
  let damped = 0;
  for (let h = 1; h <= horizon; h++) {
    damped += phi ** h;
    const base = last.level + (spec.trend === 'N' ? 0 : damped * last.trend);
    if (!m) {
      out[h - 1] = base;
      continue;
    }
    // The season of step h: the state from m - ((h - 1) mod m) - 1 steps before the end.
    const season = last.seasonal[m - 1 - ((h - 1) % m)];
    out[h - 1] = spec.season === 'M' ? base * season : base + season;
  }
  return out;
}

/**
 * Starting states, by the heuristic of Hyndman et al. (2008, section 2.6.1) as statsmodels applies
 * it: the season from the first few cycles detrended by a centred moving average, the level and
 * trend from a line through the first ten values of that average (of the series itself without a
 * season). Short series start from their first values instead.
 */
function startParams(
  spec: EtsSpec,
  y: ArrayLike<number>,
): Pick<EtsParams, 'level' | 'trend' | 'seasonal'> & { statsmodels: { level: number; seasonal: number[] } } {
  const n = y.length;
  const m = spec.season === 'N' ? 0 : spec.period!;
  let base: number[] = Array.from(y as ArrayLike<number>);
  const seasonal = new Array<number>(m).fill(spec.season === 'M' ? 1 : 0);
  const minimum = 10 + 2 * Math.floor(m / 2);
  if (m && n >= 2 * m && n >= minimum) {
    const cycles = Math.max(Math.min(5, Math.floor(n / m)), Math.ceil(minimum / m));
    const rows = Math.min(n, cycles * m);
    // A centred moving average over one cycle (for an even cycle, the mean of two neighbouring ones).
    const average = new Array<number>(rows).fill(Number.NaN);
    const window = (from: number) => {
      let sum = 0;
      for (let i = from; i < from + m; i++) sum += y[i];
      return sum / m;
    };
    const half = Math.floor(m / 2);
    for (let t = 0; t < rows; t++) {
      if (m % 2 === 1) {
        if (t - half >= 0 && t + half < rows) average[t] = window(t - half);
      } else if (t - half >= 0 && t + half < rows) {
        average[t] = (window(t - half) + window(t - half + 1)) / 2;
      }
    }
    const sums = new Array<number>(m).fill(0);
    const counts = new Array<number>(m).fill(0);
    for (let t = 0; t < rows; t++) {
      if (Number.isNaN(average[t])) continue;
      sums[t % m] += spec.season === 'M' ? y[t] / average[t] : y[t] - average[t];
      counts[t % m]++;
    }
    const means = sums.map((s, j) => (counts[j] ? s / counts[j] : spec.season === 'M' ? 1 : 0));
    const centre = means.reduce((a, b) => a + b, 0) / m;
    // Row j's season is s[-(m - j)], at index m - 1 - j.
    for (let j = 0; j < m; j++) seasonal[m - 1 - j] = spec.season === 'M' ? means[j] / centre : means[j] - centre;
    base = average.filter((v) => !Number.isNaN(v));
  }
  // A line through the first ten values (fewer in a short series), at times 1, 2, ...
  const k = Math.min(10, base.length);
  let level = base[0];
  let trend = 0;
  if (k >= 2) {
    const tMean = (k + 1) / 2;
    const yMean = base.slice(0, k).reduce((a, b) => a + b, 0) / k;
    let num = 0;
    let den = 0;
    for (let i = 0; i < k; i++) {
      num += (i + 1 - tMean) * (base[i] - yMean);
      den += (i + 1 - tMean) ** 2;
    }
    trend = num / den;
    level = yMean - trend * tMean;
  }
  if (spec.trend === 'N') trend = 0;
  // statsmodels 0.13 starts its internal states s[-1], ..., s[-m] in the order of the rows
  // (GH 7893), anchored on the last: a start in another basin of the likelihood, kept as one more start.
  const reversed = m ? Array.from({ length: m }, (_, j) => seasonal[m - 1 - j]) : [];
  const statsmodels = { level, seasonal: reversed };
  if (m) {
    const last = reversed[m - 1];
    if (spec.season === 'M') {
      statsmodels.level = level * last;
      statsmodels.seasonal = reversed.map((v) => v / last);
    } else {
      statsmodels.level = level + last;
      statsmodels.seasonal = reversed.map((v) => v - last);
    }
  }
  if (m) {
    // The oldest state is fixed (0 or 1); the level takes up the difference, as statsmodels does.
    const anchor = seasonal[m - 1];
    if (spec.season === 'M') {
      level *= anchor;
      for (let j = 0; j < m; j++) seasonal[j] /= anchor;
    } else {
      level += anchor;
      for (let j = 0; j < m; j++) seasonal[j] -= anchor;
    }
  }
  return { level, trend, seasonal, statsmodels };
}

/** Why a spec cannot be fitted to `y`, or undefined: a multiplicative part with values not positive, a season too long, too few rows. */
export function inadmissible(spec: EtsSpec, y: ArrayLike<number>): string | undefined {
  const n = y.length;
  if ((spec.error === 'M' || spec.season === 'M') && Array.prototype.some.call(y, (v: number) => !(v > 0)))
    return `ETS ${specName(spec)} multiplies by the series' values, and it has values of zero or below`;
  const m = spec.season === 'N' ? 0 : spec.period!;
  if (m && m > n / 2) return `ETS ${specName(spec)}: a season of ${m} is longer than half the ${n} rows`;
  const k = parameterCount(spec) + 1;
  if (n <= k + 1) return `ETS ${specName(spec)} has ${k} parameters, too many for ${n} rows (it needs at least ${k + 2})`;
  return undefined;
}

/** Fit a spec by maximum likelihood. Throws DataError where the spec is not admissible for `y`. */
export function fitEts(spec: EtsSpec, y: ArrayLike<number>, where = 'the series'): EtsFit {
  const problem = inadmissible(spec, y);
  if (problem) throw new DataError(`${where}: ${problem}`);
  const m = spec.season === 'N' ? 0 : spec.period!;
  const trend = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  // Fitted on the series divided by its mean size, so that the states are of the order of 1 like the
  // smoothing parameters (the fit is the same: the likelihood only shifts by n log scale).
  let size = 0;
  for (let i = 0; i < y.length; i++) size += Math.abs(y[i]);
  const scale = size / y.length || 1;
  const scaled = Float64Array.from(y as ArrayLike<number>, (v) => v / scale);
  const start = startParams(spec, scaled);
  // The free variables: alpha, beta* = beta / alpha, gamma* = gamma / (1 - alpha), phi, the level, the trend, s[-1] .. s[-m+1].
  const unpack = (x: number[]): EtsParams => {
    let k = 0;
    const alpha = x[k++];
    const betaStar = trend ? x[k++] : 0;
    const gammaStar = m ? x[k++] : 0;
    const phi = damped ? x[k++] : 1;
    const level = x[k++];
    const trendState = trend ? x[k++] : 0;
    const seasonal = m ? [...x.slice(k, k + m - 1), spec.season === 'M' ? 1 : 0] : [];
    return { alpha, beta: betaStar * alpha, gamma: gammaStar * (1 - alpha), phi, level, trend: trendState, seasonal };
  };
  const unit = { lower: 1e-4, upper: 1 - 1e-4 };
  const bounds = [unit, ...(trend ? [unit] : []), ...(m ? [unit] : []), ...(damped ? [{ lower: 0.8, upper: 0.98 }] : [])];
  // The line search asks for values only; the backward pass runs where a gradient is wanted.
  const workspace = likelihoodWorkspace(spec, scaled.length);
  const objective = (x: number[]) => likelihoodForward(spec, x, scaled, workspace);
  const gradient = (x: number[]) => likelihoodGradient(spec, x, scaled, workspace);
  // Several starts, each run briefly, then the best run to convergence: the likelihood has local
  // optima in the initial states. The starts: statsmodels' smoothing defaults and quicker ones, and
  // the starting season in its order and reversed (as statsmodels 0.13 starts it, GH 7893).
  const starts: number[][] = [];
  const smoothing = (alpha: number, betaStar: number, gammaStar: number, phi: number) => [
    alpha,
    ...(trend ? [betaStar] : []),
    ...(m ? [gammaStar] : []),
    ...(damped ? [phi] : []),
  ];
  for (const [alpha, betaStar] of trend
    ? [
        [0.1, 0.1],
        [0.5, 0.1],
        [0.5, 0.9],
      ]
    : [
        [0.1, 0],
        [0.5, 0],
      ]) {
    for (const gammaStar of m ? [0.05, 0.5] : [0]) {
      starts.push([
        ...smoothing(alpha, betaStar, gammaStar, 0.95),
        start.level,
        ...(trend ? [start.trend] : []),
        ...start.seasonal.slice(0, Math.max(0, m - 1)),
      ]);
    }
  }
  // statsmodels' own start: its defaults (alpha 0.1, beta 0.01, gamma 0.01, phi 0.98) nudged by 1e-3, its season order.
  starts.push([
    ...smoothing(0.101, (0.01 + 1e-3) / 0.101, (0.01 + 1e-3) / (1 - 0.101), 0.98),
    start.statsmodels.level + 1e-3 / scale,
    ...(trend ? [start.trend + 1e-3 / scale] : []),
    ...start.statsmodels.seasonal.slice(0, Math.max(0, m - 1)),
  ]);
  // Each start briefly, then the two best to convergence.
  const brief = starts
    .map((x0) => minimize(objective, x0, { bounds, gradient, maxIterations: 25, tolerance: 1e-12 }))
    .sort((a, b) => a.value - b.value);
  const best = brief
    .slice(0, 2)
    .map((run) => minimize(objective, run.x, { bounds, gradient, maxIterations: 2000, tolerance: 1e-10 }))
    .reduce((a, b) => (b.value < a.value ? b : a));
  const fittedParams = unpack(best.x);
  return etsFilter(
    spec,
    {
      ...fittedParams,
      level: fittedParams.level * scale,
      trend: fittedParams.trend * scale,
      seasonal: spec.season === 'A' ? fittedParams.seasonal.map((v) => v * scale) : fittedParams.seasonal,
    },
    y,
  );
}

/** Every spec of the family for a series: error A/M, trend N/A/Ad, season N (and A/M with a period). */
export function allSpecs(period?: number): EtsSpec[] {
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const)
    for (const trend of ['N', 'A', 'Ad'] as const)
      for (const season of period ? (['N', 'A', 'M'] as const) : (['N'] as const))
        out.push({ error, trend, season, ...(season === 'N' ? {} : { period }) });
  return out;
}

export interface AutoEtsResult {
  best: EtsFit;
  /** Every admissible spec fitted, in the family's order. */
  fits: EtsFit[];
  /** The specs left out, with why. */
  skipped: Array<{ spec: string; reason: string }>;
}

/**
 * Why automatic selection leaves a spec out even where it can be fitted: additive error with a
 * multiplicative season (ANM, AAM, AAdM) divides by states that can come near zero, and FPP3
 * (section 8.6) and R's ets() leave those three out of selection for it.
 */
export function restricted(spec: EtsSpec): string | undefined {
  return spec.error === 'A' && spec.season === 'M'
    ? `ETS ${specName(spec)}: additive error with a multiplicative season is numerically unstable, left out of selection as in FPP3 8.6 and R's ets() (fix it with ets-${specName(spec)})`
    : undefined;
}

/**
 * Fit every admissible spec and keep the one with the lowest AICc. `restrict` (default true)
 * leaves out the three unstable specs (restricted); false considers all 18, as statsmodels' fits
 * of every spec do.
 */
export function autoEts(y: ArrayLike<number>, options: { period?: number; where?: string; restrict?: boolean } = {}): AutoEtsResult {
  const fits: EtsFit[] = [];
  const skipped: AutoEtsResult['skipped'] = [];
  const restrict = options.restrict ?? true;
  for (const spec of allSpecs(options.period)) {
    const reason = inadmissible(spec, y) ?? (restrict ? restricted(spec) : undefined);
    if (reason) skipped.push({ spec: specName(spec), reason });
    else fits.push(fitEts(spec, y, options.where));
  }
  if (fits.length === 0) throw new DataError(`${options.where ?? 'the series'}: no ETS spec can be fitted (${skipped[0]?.reason})`);
  const best = fits.reduce((a, b) => (b.aicc < a.aicc ? b : a));
  return { best, fits, skipped };
}

/** Whether a spec's prediction intervals have a closed form: additive error and no multiplicative part (Hyndman et al.'s class 1). */
export function hasExactIntervals(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

/**
 * The forecast variance at steps 1 .. horizon of a class-1 spec (Hyndman et al. 2008, chapter 6;
 * FPP3 table 8.8): sigma^2 (1 + c_1^2 + ... + c_(h-1)^2), c_j = alpha + beta (j, or phi + ... + phi^j
 * damped) + gamma where j is a whole number of seasons; sigma^2 the mean squared one-step error.
 */
export function etsForecastVariance(fit: EtsFit, horizon: number): Float64Array {
  const { spec, params, sigma2 } = fit;
  if (!hasExactIntervals(spec)) throw new Error(`etsForecastVariance: ETS ${specName(spec)} has no closed-form variance`);
  const m = spec.season === 'N' ? 0 : spec.period!;
  const out = new Float64Array(horizon);
  let sum = 0;
  let damped = 0;
  for (let h = 1; h <= horizon; h++) {
    out[h - 1] = sigma2 * (1 + sum);
    // c_h, for the next step's variance.
    damped += params.phi ** h;
    const trendTerm = spec.trend === 'N' ? 0 : params.beta * (spec.trend === 'Ad' ? damped : h);
    const c = params.alpha + trendTerm + (m && h % m === 0 ? params.gamma : 0);
    sum += c * c;
  }
  return out;
}

/** The q-quantile of sorted values, interpolated linearly between neighbours (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
}

/**
 * Prediction intervals of an ETS fit at `levels` (percent) for steps 1 .. horizon, around its point
 * forecasts: exact (normal, with etsForecastVariance) for class-1 specs; otherwise simulated, as
 * statsmodels does: `repetitions` future paths with normal errors of the fit's variance (relative
 * ones for multiplicative error) run through the recursions, seeded, and their quantiles.
 */
export function etsIntervals(
  fit: EtsFit,
  horizon: number,
  levels: readonly number[],
  options: { repetitions?: number; seed?: number } = {},
): Array<{ level: number; lo: number[]; hi: number[]; method: 'exact' | 'simulated' }> {
  const forecast = etsForecast(fit, horizon);
  if (hasExactIntervals(fit.spec)) {
    const variance = etsForecastVariance(fit, horizon);
    return levels.map((level) => {
      const z = normalQuantile(0.5 + level / 200);
      return {
        level,
        lo: Array.from(forecast, (f, h) => f - z * Math.sqrt(variance[h])),
        hi: Array.from(forecast, (f, h) => f + z * Math.sqrt(variance[h])),
        method: 'exact' as const,
      };
    });
  }
  const repetitions = options.repetitions ?? 1000;
  const random = createRandom(options.seed ?? 0);
  const sd = Math.sqrt(fit.sigma2);
  const normal = () => {
    // Box-Muller; 1 - u keeps the logarithm finite.
    const u = 1 - random.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
  };
  const paths = Array.from({ length: horizon }, () => new Float64Array(repetitions));
  const { spec, params } = fit;
  const m = spec.season === 'N' ? 0 : spec.period!;
  const multiplicative = spec.season === 'M';
  const betaStar = spec.trend === 'N' ? 0 : params.beta / params.alpha;
  const gammaStar = m ? params.gamma / (1 - params.alpha) : 0;
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  for (let r = 0; r < repetitions; r++) {
    let level = fit.last.level;
    let trend = fit.last.trend;
    const S = [...fit.last.seasonal];
    for (let h = 0; h < horizon; h++) {
      const season = m ? S[m - 1] : multiplicative ? 1 : 0;
      const base = level + phi * trend;
      const mean = multiplicative ? base * season : base + season;
      const y = spec.error === 'M' ? mean * (1 + sd * normal()) : mean + sd * normal();
      paths[h][r] = y;
      const newLevel = multiplicative
        ? params.alpha * (y / season) + (1 - params.alpha) * base
        : params.alpha * (y - season) + (1 - params.alpha) * base;
      trend = betaStar * (newLevel - level) + (1 - betaStar) * phi * trend;
      if (m) {
        const newSeason = multiplicative
          ? gammaStar * (y / newLevel) + (1 - gammaStar) * season
          : gammaStar * (y - newLevel) + (1 - gammaStar) * season;
        for (let j = m - 1; j > 0; j--) S[j] = S[j - 1];
        S[0] = newSeason;
      }
      level = newLevel;
    }
  }
  for (const path of paths) path.sort();
  return levels.map((level) => ({
    level,
    lo: paths.map((path) => quantile(path, 0.5 - level / 200)),
    hi: paths.map((path) => quantile(path, 0.5 + level / 200)),
    method: 'simulated' as const,
  }));
}

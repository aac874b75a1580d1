/**
 * Minimising a smooth function of a few dozen variables under box bounds, without gradients: a
 * projected quasi-Newton method. BFGS directions over the variables not held at a bound, steps
 * projected back into the box, the gradient given or by central differences (one-sided at a
 * bound), and a backtracking line search. Variables at a bound whose gradient pushes outward stay there, so an
 * optimum on a bound (a smoothing parameter of 1 - 1e-4, say) is reached exactly.
 */

export interface Bounds {
  lower: number;
  upper: number;
}

export interface MinimizeOptions {
  /** Bounds per variable; undefined or infinite ends leave it free. */
  bounds?: ReadonlyArray<Bounds | undefined>;
  /** Iterations at most (default 1000). */
  maxIterations?: number;
  /** Stop when an iteration improves the value by less than this, relative (default 1e-12). */
  tolerance?: number;
  /** The exact gradient at x, where known; else central differences. */
  gradient?: (x: number[]) => number[];
}

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  evaluations: number;
}

/** Minimise `f` from `start` (clipped into the bounds). A non-finite value counts as +infinity. */
export function minimize(f: (x: number[]) => number, start: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = start.length;
  const lower = Array.from({ length: n }, (_, i) => options.bounds?.[i]?.lower ?? Number.NEGATIVE_INFINITY);
  const upper = Array.from({ length: n }, (_, i) => options.bounds?.[i]?.upper ?? Number.POSITIVE_INFINITY);
  const clip = (x: number[]) => x.map((v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  let evaluations = 0;
  const value = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const gradient = (x: number[], fx: number) => {
    if (options.gradient) {
      evaluations++;
      return options.gradient(x).map((g) => (Number.isFinite(g) ? g : 0));
    }
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const h = 1e-7 * Math.max(1, Math.abs(x[i]));
      const saved = x[i];
      const canUp = saved + h <= upper[i];
      const canDown = saved - h >= lower[i];
      x[i] = saved + h;
      const up = canUp ? value(x) : Number.NaN;
      x[i] = saved - h;
      const down = canDown ? value(x) : Number.NaN;
      x[i] = saved;
      if (Number.isFinite(up) && Number.isFinite(down)) out[i] = (up - down) / (2 * h);
      else if (Number.isFinite(up)) out[i] = (up - fx) / h;
      else if (Number.isFinite(down)) out[i] = (fx - down) / h;
      else out[i] = 0;
    }
    return out;
  };
  const identity = () => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

  let x = clip([...start]);
  let fx = value(x);
  let grad = gradient(x, fx);
  let H: number[][] = identity();
  // Until a step has measured the curvature, steepest descent with a step of length at most 1.
  let fresh = true;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-12;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Held: at a bound, with the gradient pushing out of the box.
    const held = x.map((v, i) => (v <= lower[i] && grad[i] > 0) || (v >= upper[i] && grad[i] < 0));
    const free = grad.map((g, i) => (held[i] ? 0 : g));
    const norm = Math.sqrt(free.reduce((s, g) => s + g * g, 0));
    if (norm === 0) break;
    let direction = fresh ? free.map((g) => -g / Math.max(1, norm)) : H.map((row) => -row.reduce((s, h, j) => s + h * free[j], 0));
    direction = direction.map((d, i) => (held[i] ? 0 : d));
    if (!(direction.reduce((s, d, i) => s + d * free[i], 0) < 0)) {
      fresh = true;
      H = identity();
      direction = free.map((g) => -g / Math.max(1, norm));
    }
    let step = 1;
    let next = x;
    let fNext = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 60; tries++) {
      next = clip(x.map((v, i) => v + step * direction[i]));
      fNext = value(next);
      const decrease = grad.reduce((s, g, i) => s + g * (next[i] - x[i]), 0);
      if (fNext <= fx + 1e-4 * Math.min(0, decrease)) break;
      step *= 0.5;
    }
    if (!(fNext < fx)) {
      if (fresh) break;
      // The quasi-Newton direction failed: try once more from steepest descent.
      fresh = true;
      H = identity();
      continue;
    }
    const gradNext = gradient(next, fNext);
    const s = next.map((v, i) => v - x[i]);
    const y = gradNext.map((g, i) => g - grad[i]);
    const sy = s.reduce((acc, v, i) => acc + v * y[i], 0);
    const improvement = fx - fNext;
    const previous = fx;
    x = next;
    fx = fNext;
    grad = gradNext;
    if (sy > 1e-16) {
      if (fresh) {
        // The first curvature measured scales the identity (Nocedal and Wright, eq. 6.20).
        const yy = y.reduce((acc, v) => acc + v * v, 0);
        H = H.map((row, i) => row.map((_, j) => (i === j ? sy / yy : 0)));
        fresh = false;
      }
      // BFGS update of the inverse Hessian: H = (I - rho s y') H (I - rho y s') + rho s s'.
      const rho = 1 / sy;
      const Hy = H.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
      const yHy = y.reduce((acc, v, i) => acc + v * Hy[i], 0);
      H = H.map((row, i) => row.map((h, j) => h - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]));
    }
    if (improvement <= tolerance * Math.max(1, Math.abs(previous))) break;
  }
  return { x, value: fx, iterations, evaluations };
}

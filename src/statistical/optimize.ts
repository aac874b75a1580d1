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
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
  };
  // H, the inverse Hessian's estimate, row-major; reset to the identity.
  const H = new Float64Array(n * n);
  const reset = () => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
  };

  let x = clip([...start]);
  let fx = value(x);
  let grad = gradient(x, fx);
  reset();
  // Until a step has measured the curvature, steepest descent with a step of length at most 1.
  let fresh = true;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-12;
  const free = new Float64Array(n);
  const direction = new Float64Array(n);
  const held = new Array<boolean>(n);
  const s = new Float64Array(n);
  const yDiff = new Float64Array(n);
  const Hy = new Float64Array(n);
  const steepest = (norm: number) => {
    for (let i = 0; i < n; i++) direction[i] = -free[i] / Math.max(1, norm);
  };
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Held: at a bound, with the gradient pushing out of the box.
    for (let i = 0; i < n; i++) {
      held[i] = (x[i] <= lower[i] && grad[i] > 0) || (x[i] >= upper[i] && grad[i] < 0);
      free[i] = held[i] ? 0 : grad[i];
    }
    const norm = Math.sqrt(dot(free, free));
    if (norm === 0) break;
    if (fresh) steepest(norm);
    else
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += H[i * n + j] * free[j];
        direction[i] = -sum;
      }
    for (let i = 0; i < n; i++) if (held[i]) direction[i] = 0;
    if (!(dot(direction, free) < 0)) {
      fresh = true;
      reset();
      steepest(norm);
    }
    let step = 1;
    let next = x;
    let fNext = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 60; tries++) {
      next = new Array<number>(n);
      for (let i = 0; i < n; i++) next[i] = Math.min(upper[i], Math.max(lower[i], x[i] + step * direction[i]));
      fNext = value(next);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += grad[i] * (next[i] - x[i]);
      if (fNext <= fx + 1e-4 * Math.min(0, decrease)) break;
      step *= 0.5;
    }
    if (!(fNext < fx)) {
      if (fresh) break;
      // The quasi-Newton direction failed: try once more from steepest descent.
      fresh = true;
      reset();
      continue;
    }
    const gradNext = gradient(next, fNext);
    for (let i = 0; i < n; i++) {
      s[i] = next[i] - x[i];
      yDiff[i] = gradNext[i] - grad[i];
    }
    const sy = dot(s, yDiff);
    const improvement = fx - fNext;
    const previous = fx;
    x = next;
    fx = fNext;
    grad = gradNext;
    if (sy > 1e-16) {
      if (fresh) {
        // The first curvature measured scales the identity (Nocedal and Wright, eq. 6.20).
        const yy = dot(yDiff, yDiff);
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = sy / yy;
        fresh = false;
      }
      // BFGS update of the inverse Hessian: H = (I - rho s y') H (I - rho y s') + rho s s'.
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += H[i * n + j] * yDiff[j];
        Hy[i] = sum;
      }
      const yHy = dot(yDiff, Hy);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          H[i * n + j] = H[i * n + j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
    if (improvement <= tolerance * Math.max(1, Math.abs(previous))) break;
  }
  return { x, value: fx, iterations, evaluations };
}

/** Adam over a flat Float64Array of parameters, with torch.optim.Adam's update rule. */

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Added to each gradient times its weight, as torch.optim.Adam(weight_decay=...) does (default 0). */
  weightDecay?: number;
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly options: AdamOptions,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /**
   * g = grad + λ θ (weight decay λ);  m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g²;
   * θ -= lr / (1-β1^t) · m / (sqrt(v) / sqrt(1-β2^t) + ε)
   */
  step(theta: Float64Array, grad: Float64Array): void {
    const { learningRate, beta1, beta2, epsilon } = this.options;
    const decay = this.options.weightDecay ?? 0;
    this.t++;
    const stepSize = learningRate / (1 - beta1 ** this.t);
    const correction2 = Math.sqrt(1 - beta2 ** this.t);
    const { m, v } = this;
    for (let i = 0; i < theta.length; i++) {
      const g = decay ? grad[i] + decay * theta[i] : grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      theta[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / correction2 + epsilon);
    }
  }
}

/**
 * The two optimisers, updating flat parameter buffers in place. Each keeps its own state
 * (momentum, Adam's moments) per parameter name, so one optimiser belongs to one model.
 */
import type { ParameterSet } from "./clipping.js";

export interface Optimizer {
  name: "sgd" | "adam";
  /** η, read at every step (training may lower it between epochs). */
  learningRate: number;
  /** One update of every parameter from its gradient. */
  step(parameters: ParameterSet, gradients: ParameterSet): void;
}

function checkLearningRate(learningRate: unknown): number {
  if (typeof learningRate !== "number" || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(
      `learningRate: expected a positive number, got ${JSON.stringify(learningRate)}`,
    );
  }
  return learningRate;
}

export interface SGDOptions {
  /** η. */
  learningRate: number;
  /** μ, default 0 (plain SGD). */
  momentum?: number;
}

/**
 * Stochastic gradient descent, optionally with momentum:
 *   v ← μ v + g,   θ ← θ − η v
 */
export function sgd(options: SGDOptions): Optimizer {
  const learningRate = checkLearningRate(options.learningRate);
  const momentum = options.momentum ?? 0;
  if (!(momentum >= 0 && momentum < 1))
    throw new Error(`momentum: expected 0 ≤ μ < 1, got ${momentum}`);
  const velocity = new Map<string, Float64Array>();
  const optimizer: Optimizer = {
    name: "sgd",
    learningRate,
    step(parameters, gradients) {
      const eta = optimizer.learningRate;
      for (const [name, theta] of Object.entries(parameters)) {
        const g = gradients[name];
        if (!theta || !g) continue;
        if (momentum === 0) {
          // θ ← θ − η g
          for (let j = 0; j < theta.length; j++) theta[j] -= eta * g[j];
          continue;
        }
        let v = velocity.get(name);
        if (!v) {
          v = new Float64Array(theta.length);
          velocity.set(name, v);
        }
        for (let j = 0; j < theta.length; j++) {
          // v ← μ v + g;  θ ← θ − η v
          v[j] = momentum * v[j] + g[j];
          theta[j] -= eta * v[j];
        }
      }
    },
  };
  return optimizer;
}

export interface AdamOptions {
  /** η, default DEFAULT_ADAM_LEARNING_RATE (0.01; the paper, tfjs and Keras use 0.001). */
  learningRate?: number;
  /** β₁, default 0.9 (as the paper and tfjs). */
  beta1?: number;
  /** β₂, default 0.999 (as the paper and tfjs). */
  beta2?: number;
  /** ε, default 1e-7 (as tfjs and Keras; the paper uses 1e-8). */
  epsilon?: number;
}

/**
 * The library's default η for Adam: 0.01, ten times the 0.001 that Kingma & Ba (2015),
 * tf.train.adam and Keras default to, because the course trains small models in short runs, in a
 * notebook (chapters 3–5 even pass 0.03). Chapter 02 shows what 0.001 does with its budget of
 * 20 epochs.
 */
export const DEFAULT_ADAM_LEARNING_RATE = 0.01;

/**
 * Adam (Kingma & Ba 2015), with tfjs's β₁, β₂ and ε (but not its η: see
 * DEFAULT_ADAM_LEARNING_RATE):
 *   m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
 *   m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const learningRate = checkLearningRate(options.learningRate ?? DEFAULT_ADAM_LEARNING_RATE);
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = options;
  for (const [name, beta] of [
    ["beta1", beta1],
    ["beta2", beta2],
  ] as const) {
    if (!(beta >= 0 && beta < 1)) throw new Error(`${name}: expected 0 ≤ β < 1, got ${beta}`);
  }
  const moments = new Map<string, { m: Float64Array; v: Float64Array }>();
  let t = 0;
  const optimizer: Optimizer = {
    name: "adam",
    learningRate,
    step(parameters, gradients) {
      const eta = optimizer.learningRate;
      t++;
      const correction1 = 1 - beta1 ** t; // 1 − β₁ᵗ
      const correction2 = 1 - beta2 ** t; // 1 − β₂ᵗ
      for (const [name, theta] of Object.entries(parameters)) {
        const g = gradients[name];
        if (!theta || !g) continue;
        let state = moments.get(name);
        if (!state) {
          state = { m: new Float64Array(theta.length), v: new Float64Array(theta.length) };
          moments.set(name, state);
        }
        const { m, v } = state;
        for (let j = 0; j < theta.length; j++) {
          m[j] = beta1 * m[j] + (1 - beta1) * g[j];
          v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
          // θ ← θ − η m̂ / (√v̂ + ε)
          theta[j] -= (eta * (m[j] / correction1)) / (Math.sqrt(v[j] / correction2) + epsilon);
        }
      }
    },
  };
  return optimizer;
}

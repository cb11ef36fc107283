/**
 * Backprop through time for a plain RNN, one Jacobian at a time (chapter 02).
 *
 * tfjs's simple RNN (row vectors): h_k = tanh(x_k W + h_{k−1} U + b).
 * One step's Jacobian, entry (i, j) = ∂h_k[i] / ∂h_{k−1}[j]:
 *   J_k = diag(1 − h_k²) · Uᵀ                       (U, U)
 * (in general diag(φ'(a_k)) · Uᵀ, a_k the pre-activation; for tanh φ' = 1 − h².)
 * Many steps, by the chain rule:
 *   ∂h_T/∂h_t = J_T · J_{T−1} ⋯ J_{t+1}              (U, U)
 * Its norm against the lag T − t is the vanishing / exploding gradient picture.
 *
 * Steps are numbered as the trace stores them: h_k = trace.steps[k].states[0], k = 0 … T;
 * h_{−1} is the initial state (zeros unless given), so J_0 = ∂h_0/∂h_{−1} exists too.
 */
import type { Matrix } from "../arrays.js";
import { identity, matMul } from "../by-hand/dense.js";
import type { SimpleRNNStep } from "../cells/simple-rnn.js";
import type { Trace } from "../layer.js";
import { spectralNorm } from "./spectral.js";

function checkTrace(trace: Trace, sample: number): void {
  if (trace.kind !== "simpleRNN") {
    throw new Error(`expected the trace of a simpleRNN, got ${trace.kind}`);
  }
  if (!Number.isInteger(sample) || sample < 0 || sample >= trace.ctx.batch) {
    throw new Error(`sample: expected an integer in [0, ${trace.ctx.batch}), got ${sample}`);
  }
}

/** J_k = ∂h_k/∂h_{k−1} = diag(φ'(a_k)) · Uᵀ for one sample of the batch.   (U, U) */
export function stepJacobian(trace: Trace, k: number, sample = 0): Matrix {
  checkTrace(trace, sample);
  if (!Number.isInteger(k) || k < 0 || k >= trace.time) {
    throw new Error(`k: expected a step in [0, ${trace.time}), got ${k}`);
  }
  const { units: U, activation } = trace.ctx;
  const step = trace.steps[k] as SimpleRNNStep;
  const recurrent = trace.weights.recurrentKernel; // U as flat (U, U): U[j][i] = recurrent[j·U + i]
  return Array.from({ length: U }, (_, i) => {
    const j0 = sample * U + i;
    // φ'(a_k[i]); for tanh this is 1 − h_k[i]²
    const slope = activation.derivative(step.preActivation[j0], step.h[j0]);
    // row i of diag(φ'(a_k)) · Uᵀ: slope_i · U[j][i] for every j
    return Array.from({ length: U }, (_, j) => slope * recurrent[j * U + i]);
  });
}

/** ∂h_T/∂h_t = J_T ⋯ J_{t+1} for −1 ≤ t ≤ T (t = T gives I).   (U, U) */
export function hiddenJacobian(trace: Trace, t: number, T: number, sample = 0): Matrix {
  checkTrace(trace, sample);
  if (!(Number.isInteger(t) && Number.isInteger(T) && -1 <= t && t <= T && T < trace.time)) {
    throw new Error(`expected −1 ≤ t ≤ T < ${trace.time}, got t = ${t}, T = ${T}`);
  }
  let product = identity(trace.ctx.units);
  // multiply on the right, newest step first: J_T, then J_T·J_{T−1}, …
  for (let k = T; k > t; k--) product = matMul(product, stepJacobian(trace, k, sample));
  return product;
}

export interface NormsByLag {
  /** lag = T − t, from 0 (t = T) to T + 1 (t = −1, the initial state). */
  lags: number[];
  /** ‖∂h_T/∂h_t‖₂, the largest singular value, for each lag. */
  norms: number[];
}

/**
 * ‖∂h_T/∂h_{T−lag}‖₂ for every lag, with T the last step: one running product
 * P ← P · J_k, k = T, T−1, …, 0, so all lags cost one pass.
 */
export function jacobianNormsByLag(trace: Trace, sample = 0): NormsByLag {
  checkTrace(trace, sample);
  const last = trace.time - 1;
  let product = identity(trace.ctx.units);
  const lags = [0];
  const norms = [1];
  for (let k = last; k >= 0; k--) {
    product = matMul(product, stepJacobian(trace, k, sample)); // ∂h_T/∂h_{k−1}
    lags.push(last - k + 1);
    norms.push(spectralNorm(product));
  }
  return { lags, norms };
}

/** The mean of φ'(a_k) = 1 − h_k² over steps and units: how far tanh's slope is below 1. */
export function meanActivationSlope(trace: Trace, sample = 0): number {
  checkTrace(trace, sample);
  const { units: U, activation } = trace.ctx;
  let sum = 0;
  for (const record of trace.steps as SimpleRNNStep[]) {
    for (let i = 0; i < U; i++) {
      const j = sample * U + i;
      sum += activation.derivative(record.preActivation[j], record.h[j]);
    }
  }
  return sum / (trace.time * U);
}

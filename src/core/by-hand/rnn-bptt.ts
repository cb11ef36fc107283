/**
 * Backpropagation through time for the weights of a plain RNN (chapter 02), written as one loop
 * backwards over the steps, for a batch of B sequences in tfjs's row-vector layout:
 *
 *   h_t = tanh(x_t W_xh + h_{t−1} W_hh + b)     W_xh = kernel (I, U), W_hh = recurrentKernel
 *                                                (U, U), b = bias (U); h_{−1} = h0 (zeros)
 *
 * The same weights are used at every step, so each weight's gradient is a SUM over the steps:
 * every step adds what it contributed. And h_t feeds two things, the loss of step t (if that
 * step has one) and the next step h_{t+1}; so ∂L/∂h_t is the sum of what comes from each:
 *
 *   ∂L/∂h_t = ∂L_t/∂h_t  +  ∂L/∂h_t through h_{t+1}     ("dhnext" in Karpathy's min-char-rnn)
 *
 * With a loss at the last step only, the first term is zero except at t = T − 1. The library
 * computes the same for every cell (../layer.ts, `backwardTrace`); this file is the plain RNN
 * alone, with nothing but the equations, and the chapter checks it against both.
 */
import type { Matrix, Tensor3 } from "../arrays.js";
import { type LayerWeights, weightShape } from "../weights.js";
import { matMul, transpose } from "./dense.js";

/** The forward pass, kept for the backward one. */
export interface RNNForward {
  /** h_{−1}, the state before the first step (B, U). */
  h0: Matrix;
  /** h_t after reading x_t, for t = 0 … T − 1: T matrices (B, U). */
  h: Matrix[];
}

/** ∂L/∂(everything the plain RNN reads), in the shapes of what it reads. */
export interface RNNGradients {
  kernel: Matrix; // ∂L/∂W_xh (I, U)
  recurrentKernel: Matrix; // ∂L/∂W_hh (U, U)
  bias: number[]; // ∂L/∂b (U)
  x: Tensor3; // ∂L/∂x_t (B, T, I)
  h0: Matrix; // ∂L/∂h_{−1} (B, U)
  /** ∂L/∂h_t, both terms added, for t = 0 … T − 1: T matrices (B, U). */
  hidden: Matrix[];
}

const zeros = (rows: number, cols: number): Matrix =>
  Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));

/** acc += m, in place (the sums over time). */
function addInto(acc: Matrix, m: Matrix): void {
  acc.forEach((row, i) => {
    row.forEach((_, j) => {
      row[j] += m[i][j];
    });
  });
}

/** x_t of every sequence: (B, T, I) → (B, I). */
const stepOf = (x: Tensor3, t: number): Matrix => x.map((sequence) => sequence[t]);

function checkSizes(weights: LayerWeights, x: Tensor3): { I: number; U: number; T: number } {
  const { inputSize: I, units: U } = weightShape("simpleRNN", weights);
  if (x.length === 0 || x[0].length === 0) {
    throw new Error("x: expected at least one sequence of one step (batch, time, features)");
  }
  x.forEach((sequence, n) => {
    if (sequence.length !== x[0].length) {
      throw new Error(`x[${n}]: expected ${x[0].length} steps like x[0], got ${sequence.length}`);
    }
    sequence.forEach((xt, t) => {
      if (xt.length !== I) {
        throw new Error(`x[${n}][${t}]: expected ${I} features (kernel rows), got ${xt.length}`);
      }
    });
  });
  return { I, U, T: x[0].length };
}

/** The plain RNN over x (B, T, I), keeping every h_t. h0 defaults to zeros. */
export function rnnForward(weights: LayerWeights, x: Tensor3, h0?: Matrix): RNNForward {
  const { U, T } = checkSizes(weights, x);
  const [kernel, recurrentKernel, bias] = weights as [Matrix, Matrix, number[]];
  const start = h0 ?? zeros(x.length, U);
  const h: Matrix[] = [];
  let hPrev = start;
  for (let t = 0; t < T; t++) {
    const xW = matMul(stepOf(x, t), kernel); // (B, U)
    const hW = matMul(hPrev, recurrentKernel); // (B, U)
    // h_t = tanh(x_t W_xh + h_{t−1} W_hh + b)    (added in tfjs's order: x_t W_xh + b first)
    const ht = xW.map((row, n) => row.map((v, u) => Math.tanh(v + bias[u] + hW[n][u]))); // (B, U)
    h.push(ht);
    hPrev = ht;
  }
  return { h0: start, h };
}

/**
 * ∂L/∂h_t from a loss at the last step only: zeros at every step but the last, which gets
 * `dhLast` (B, U). A loss at every step gives its own ∂L_t/∂h_t for every t instead.
 */
export function lossAtLastStepOnly(dhLast: Matrix, steps: number): Matrix[] {
  return Array.from({ length: steps }, (_, t) =>
    t === steps - 1 ? dhLast.map((row) => [...row]) : zeros(dhLast.length, dhLast[0].length),
  );
}

/**
 * Backpropagation through time: given ∂L_t/∂h_t, what each step's own loss sends into h_t (T
 * matrices (B, U); zeros where a step has no loss), returns ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b summed
 * over the steps, and ∂L/∂x_t, ∂L/∂h_{−1}.
 */
export function rnnBackpropThroughTime(
  weights: LayerWeights,
  x: Tensor3,
  forward: RNNForward,
  lossGradients: Matrix[],
): RNNGradients {
  const { I, U, T } = checkSizes(weights, x);
  if (lossGradients.length !== T || forward.h.length !== T) {
    throw new Error(
      `lossGradients: expected ∂L_t/∂h_t for each of the ${T} steps, got ${lossGradients.length} (and ${forward.h.length} hidden states)`,
    );
  }
  const [kernel, recurrentKernel] = weights;
  const B = x.length;
  const dKernel = zeros(I, U); // ∂L/∂W_xh, summed over t   (I, U)
  const dRecurrentKernel = zeros(U, U); // ∂L/∂W_hh, summed over t   (U, U)
  const dBias = new Array<number>(U).fill(0); // ∂L/∂b, summed over t   (U)
  const dx: Matrix[] = new Array(T); // ∂L/∂x_t, step by step   (T, B, I)
  const hidden: Matrix[] = new Array(T);
  let dhNext = zeros(B, U); // ∂L/∂h_t through h_{t+1}: nothing comes back after the last step
  for (let t = T - 1; t >= 0; t--) {
    const h = forward.h[t]; // (B, U)
    const hPrev = t === 0 ? forward.h0 : forward.h[t - 1]; // (B, U)
    // ∂L/∂h_t = ∂L_t/∂h_t + ∂L/∂h_t through h_{t+1}
    const dh = add(lossGradients[t], dhNext); // (B, U)
    hidden[t] = dh;
    // ∂L/∂a_t = ∂L/∂h_t ⊙ (1 − h_t²)    a_t: the sum inside tanh; tanh'(a) = 1 − tanh(a)²
    const dRaw = dh.map((row, n) => row.map((g, u) => g * (1 - h[n][u] * h[n][u]))); // (B, U)
    // ∂L/∂W_xh += x_tᵀ ∂L/∂a_t
    addInto(dKernel, matMul(transpose(stepOf(x, t)), dRaw)); // (I, U)
    // ∂L/∂W_hh += h_{t−1}ᵀ ∂L/∂a_t
    addInto(dRecurrentKernel, matMul(transpose(hPrev), dRaw)); // (U, U)
    // ∂L/∂b += Σ_n ∂L/∂a_t[n]
    dRaw.forEach((row) => {
      row.forEach((g, u) => {
        dBias[u] += g;
      });
    });
    // ∂L/∂x_t = ∂L/∂a_t W_xhᵀ
    dx[t] = matMul(dRaw, transpose(kernel)); // (B, I)
    // ∂L/∂h_{t−1} = ∂L/∂a_t W_hhᵀ   (the second term of ∂L/∂h_{t−1}, one step further back)
    dhNext = matMul(dRaw, transpose(recurrentKernel)); // (B, U)
  }
  return {
    kernel: dKernel,
    recurrentKernel: dRecurrentKernel,
    bias: dBias,
    x: x.map((_, n) => dx.map((dxt) => dxt[n])), // (T, B, I) → (B, T, I)
    h0: dhNext,
    hidden,
  };
}

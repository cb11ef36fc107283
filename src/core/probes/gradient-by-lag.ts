/**
 * How much of the gradient at the last step reaches step t, for ANY cell (chapters 03–05):
 * the RNN counterpart is ./jacobian.ts (chapter 02), which multiplies the step Jacobians out by
 * hand; an LSTM's or GRU's step Jacobian has many more terms, so here the hand-written BPTT of
 * ../layer.ts does the work instead.
 *
 *   row i of ∂h_T/∂h_t = ∂L/∂h_t for L = h_T[i]   (backwardTrace with dOutput = e_i)
 *
 * U backward passes give the whole (U, U) Jacobian for every t at once; its spectral norm against
 * the lag T − t is the same curve chapter 02 draws for the plain RNN. For an LSTM, h_t is one of
 * two states: ∂h_T/∂h_t holds c_t fixed (the gradient that must come back through h_t).
 */
import type { Matrix } from "../arrays.js";
import type { LSTMStep } from "../cells/lstm.js";
import { backwardTrace, forwardTrace, type Trace } from "../layer.js";
import { randomInputs, randomWeights } from "../weights.js";
import type { NormsByLag } from "./jacobian.js";
import { spectralNorm } from "./spectral.js";

function checkSample(trace: Trace, sample: number): void {
  if (!Number.isInteger(sample) || sample < 0 || sample >= trace.ctx.batch) {
    throw new Error(`sample: expected an integer in [0, ${trace.ctx.batch}), got ${sample}`);
  }
  if (trace.options.returnSequences) {
    throw new Error("trace: expected a trace without returnSequences (L reads only h_T)");
  }
}

/**
 * ∂h_T/∂h_{T−lag} for lag = 0 … T (lag T is the initial state), one sample: (T + 1) matrices
 * (U, U), entry [i][j] = ∂h_T[i]/∂h_{T−lag}[j].
 */
export function hiddenJacobiansByLag(trace: Trace, sample = 0): Matrix[] {
  checkSample(trace, sample);
  const { batch: B, units: U } = trace.ctx;
  const T = trace.time;
  const jacobians: Matrix[] = Array.from({ length: T + 1 }, () => []);
  for (let i = 0; i < U; i++) {
    const dOutput = new Float64Array(B * U); // ∂L/∂h_T with L = h_T[i] of this sample
    dOutput[sample * U + i] = 1;
    const g = backwardTrace(trace, dOutput);
    const row = (v: Float64Array) => Array.from(v.subarray(sample * U, (sample + 1) * U));
    // hidden[t] = ∂L/∂h_t, t = T−1 … 0; initialStates[0] = ∂L/∂h_{−1}
    for (let t = 0; t < T; t++) jacobians[T - 1 - t].push(row(g.hidden[t]));
    jacobians[T].push(row(g.initialStates[0]));
  }
  return jacobians;
}

/** ‖∂h_T/∂h_{T−lag}‖₂ for every lag: the curve of chapter 02 for any cell. */
export function hiddenGradientNormsByLag(trace: Trace, sample = 0): NormsByLag {
  const jacobians = hiddenJacobiansByLag(trace, sample);
  return { lags: jacobians.map((_, lag) => lag), norms: jacobians.map((j) => spectralNorm(j)) };
}

/**
 * The conveyor belt alone: along C_t = f_t ⊙ C_{t−1} + …, ∂C_T/∂C_t on the direct path is
 * diag(f_{t+1} ⊙ ⋯ ⊙ f_T). Returns, for every lag, the largest and the mean of those products
 * over units (lag 0 gives 1).
 */
export function forgetGateProducts(
  trace: Trace,
  sample = 0,
): { lags: number[]; largest: number[]; mean: number[] } {
  if (trace.kind !== "lstm") throw new Error(`expected the trace of an lstm, got ${trace.kind}`);
  checkSample(trace, sample);
  return gateProductsByLag(trace, sample, (k) => (trace.steps[k] as LSTMStep).forgetGate);
}

/**
 * For every lag, the largest and the mean over units of the gate product g_{T−lag+1} ⊙ ⋯ ⊙ g_T
 * of one sample (lag 0 gives 1): the direct path of the LSTM's belt (forget gates) or of the
 * GRU's h (update gates). `gateAt(k)` is step k's gate, (B·U) row-major.
 */
export function gateProductsByLag(
  trace: Trace,
  sample: number,
  gateAt: (step: number) => ArrayLike<number>,
): { lags: number[]; largest: number[]; mean: number[] } {
  const { units: U } = trace.ctx;
  const T = trace.time;
  const product = new Array<number>(U).fill(1);
  const lags = [0];
  const largest = [1];
  const mean = [1];
  for (let k = T - 1; k >= 0; k--) {
    const gate = gateAt(k);
    // Π g: multiply in g_k, newest step first
    for (let u = 0; u < U; u++) product[u] *= gate[sample * U + u];
    lags.push(T - k);
    largest.push(Math.max(...product));
    mean.push(product.reduce((s, v) => s + v, 0) / U);
  }
  return { lags, largest, mean };
}

export interface LSTMDecayOptions {
  /** b_f, the forget gate's bias in every unit (tfjs: 0, or 1 with unitForgetBias). */
  forgetBias: number;
  /** Hidden units, default 16 (as chapter 02's RNN). */
  units?: number;
  /** Sequence length, default 60. */
  steps?: number;
  /** Input features, default 4. */
  inputSize?: number;
  /** σ of the gates, default "sigmoid". */
  recurrentActivation?: "sigmoid" | "hardSigmoid";
  seed?: number;
}

/**
 * Chapter 02's experiment for an untrained LSTM: seeded weights with the forget bias set to
 * `forgetBias`, seeded inputs (the same ones chapter 02's gradientDecay reads for the same seed),
 * then ‖∂h_T/∂h_t‖₂ and the belt's product of forget gates for every lag.
 */
export function lstmGradientDecay(
  options: LSTMDecayOptions,
): NormsByLag & { beltLargest: number[]; trace: Trace } {
  const { forgetBias, units = 16, steps = 60, inputSize = 4, seed = 0 } = options;
  const [kernel, recurrentKernel, bias] = randomWeights("lstm", inputSize, units, { seed });
  // b = [b_i, b_f, b_c, b_o]: set the forget block
  const b = (bias as number[]).map((v, g) => (g >= units && g < 2 * units ? forgetBias : v));
  const x = randomInputs(1, steps, inputSize, { seed: seed + 2 }); // (1, T, I)
  const trace = forwardTrace("lstm", [kernel, recurrentKernel, b], x, {
    recurrentActivation: options.recurrentActivation ?? "sigmoid",
  });
  const { lags, norms } = hiddenGradientNormsByLag(trace);
  return { lags, norms, beltLargest: forgetGateProducts(trace).largest, trace };
}

/**
 * Chapter 02's gradient-by-lag experiment for an untrained GRU (chapter 04), beside the plain
 * RNN's (./gradient-decay.ts) and the LSTM's (`lstmGradientDecay` in ./gradient-by-lag.ts): the
 * same sizes, the same seeded inputs for the same seed, then ‖∂h_T/∂h_t‖₂ for every lag.
 *
 * The GRU's direct path: h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t, so along the first term alone
 * ∂h_T/∂h_t = diag(z_{t+1} ⊙ ⋯ ⊙ z_T), a product of update gates — what the LSTM's belt does
 * with forget gates. The update gate's bias b_z sets how close to 1 they start (tfjs: 0).
 */
import type { GRUStep } from "../cells/gru.js";
import { forwardTrace, type Trace } from "../layer.js";
import { randomInputs, randomWeights } from "../weights.js";
import { gateProductsByLag, hiddenGradientNormsByLag } from "./gradient-by-lag.js";
import type { NormsByLag } from "./jacobian.js";

/**
 * The direct path alone: for every lag, the largest and the mean over units of
 * z_{T−lag+1} ⊙ ⋯ ⊙ z_T, one sample (lag 0 gives 1).
 */
export function updateGateProducts(
  trace: Trace,
  sample = 0,
): { lags: number[]; largest: number[]; mean: number[] } {
  if (trace.kind !== "gru") throw new Error(`expected the trace of a gru, got ${trace.kind}`);
  if (!Number.isInteger(sample) || sample < 0 || sample >= trace.ctx.batch) {
    throw new Error(`sample: expected an integer in [0, ${trace.ctx.batch}), got ${sample}`);
  }
  return gateProductsByLag(trace, sample, (k) => (trace.steps[k] as GRUStep).updateGate);
}

export interface GRUDecayOptions {
  /** b_z, the update gate's bias in every unit (tfjs: 0). */
  updateBias: number;
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
 * Seeded GRU weights with the update bias set to `updateBias`, seeded inputs (the same ones
 * chapter 02's gradientDecay and lstmGradientDecay read for the same seed), then ‖∂h_T/∂h_t‖₂
 * and the direct path's largest product of update gates for every lag.
 */
export function gruGradientDecay(
  options: GRUDecayOptions,
): NormsByLag & { directPathLargest: number[]; trace: Trace } {
  const { updateBias, units = 16, steps = 60, inputSize = 4, seed = 0 } = options;
  const [kernel, recurrentKernel, bias] = randomWeights("gru", inputSize, units, { seed });
  // b = [b_z, b_r, b_h]: set the update block
  const b = (bias as number[]).map((v, g) => (g < units ? updateBias : v));
  const x = randomInputs(1, steps, inputSize, { seed: seed + 2 }); // (1, T, I)
  const trace = forwardTrace("gru", [kernel, recurrentKernel, b], x, {
    recurrentActivation: options.recurrentActivation ?? "sigmoid",
  });
  const { lags, norms } = hiddenGradientNormsByLag(trace);
  return { lags, norms, directPathLargest: updateGateProducts(trace).largest, trace };
}

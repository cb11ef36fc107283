/**
 * The vanishing / exploding gradient experiment of chapter 02: a plain RNN whose recurrent
 * matrix has a chosen spectral radius ρ, run on seeded random inputs; then ‖∂h_T/∂h_t‖₂ for
 * every lag T − t. With a linear activation and U = ρ·Q (Q orthogonal) the answer is exactly
 * ρ^(T−t); tanh multiplies every step by diag(1 − h²) ≤ 1, so it can only shrink it further.
 */
import type { Trace } from "../layer.js";
import { forwardTrace } from "../layer.js";
import { randomInputs, randomWeights } from "../weights.js";
import { jacobianNormsByLag, meanActivationSlope, type NormsByLag } from "./jacobian.js";
import { matrixWithSpectralRadius } from "./spectral.js";

export interface DecayOptions {
  /** ρ of the recurrent matrix U = ρ·Q. */
  spectralRadius: number;
  /** Hidden units, default 16. */
  units?: number;
  /** Sequence length T + 1, default 60. */
  steps?: number;
  /** Input features, default 4. */
  inputSize?: number;
  /** Inputs are uniform in ±inputScale, default 1. Larger inputs saturate tanh more. */
  inputScale?: number;
  /** φ, default "tanh"; "linear" gives the ρ^(T−t) baseline. */
  activation?: "tanh" | "linear";
  seed?: number;
}

export interface DecayResult extends NormsByLag {
  /** The mean of φ'(a) over all steps and units (1 for linear). */
  meanSlope: number;
  trace: Trace;
}

/** Builds the RNN, runs it once and measures ‖∂h_T/∂h_t‖₂ for every lag. */
export function gradientDecay(options: DecayOptions): DecayResult {
  const {
    spectralRadius,
    units = 16,
    steps = 60,
    inputSize = 4,
    inputScale = 1,
    activation = "tanh",
    seed = 0,
  } = options;
  const [kernel, , bias] = randomWeights("simpleRNN", inputSize, units, { seed });
  // U = ρ·Q: every eigenvalue has magnitude ρ
  const recurrentKernel = matrixWithSpectralRadius(units, spectralRadius, seed + 1);
  const x = randomInputs(1, steps, inputSize, { seed: seed + 2, scale: inputScale }); // (1, T+1, I)
  const trace = forwardTrace("simpleRNN", [kernel, recurrentKernel, bias], x, { activation });
  return { ...jacobianNormsByLag(trace), meanSlope: meanActivationSlope(trace), trace };
}

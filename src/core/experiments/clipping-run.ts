/**
 * Exploding gradients and gradient-norm clipping on a training curve (chapter 02): a plain RNN on
 * the adding problem, its recurrent matrix started at spectral radius ρ > 1, trained by plain SGD
 * one mini-batch at a time; the same run with and without clipping
 *   g ← g · min(1, maxNorm / ‖g‖)
 * records the loss and the gradient norm ‖g‖ (before clipping) at every step.
 */

import { matrixWithSpectralRadius } from "../probes/spectral.js";
import { clipGradientNorm, gradientNorm } from "../train/clipping.js";
import { createModel, lossAndGradients, range } from "../train/model.js";
import { sgd } from "../train/optimizers.js";
import { addingTask, constantAnswerError } from "../train/tasks/adding.js";

export interface ClippingRunOptions {
  /** Clip ‖g‖ to this; null: no clipping. */
  clipNorm: number | null;
  /** ρ of the initial recurrent matrix ρ·Q. Default 1.3. */
  spectralRadius?: number;
  /** SGD's η. Default 0.2. */
  learningRate?: number;
  /** Gradient steps. Default 300. */
  steps?: number;
  /** Adding-problem sequence length. Default 20. */
  length?: number;
  units?: number;
  batchSize?: number;
  seed?: number;
}

export interface ClippingRun {
  steps: number[];
  losses: number[];
  /** ‖g‖ before clipping. */
  gradientNorms: number[];
  /** The first step whose loss or gradient was no longer finite; null if none. */
  divergedAt: number | null;
  /** The squared error of always answering 1 on the run's sequences (≈ 1/6): learning nothing. */
  baselineError: number;
}

export function clippingRun(options: ClippingRunOptions): ClippingRun {
  const {
    clipNorm,
    spectralRadius = 1.3,
    learningRate = 0.2,
    steps = 300,
    length = 20,
    units = 16,
    batchSize = 32,
    seed = 0,
  } = options;
  const data = addingTask({ length, count: 16 * batchSize, seed: seed + 1 });
  const model = createModel(data, { cell: "simpleRNN", units, seed });
  // U = ρ·Q: a recurrent matrix that stretches every direction by ρ
  model.parameters.recurrentKernel.set(
    matrixWithSpectralRadius(units, spectralRadius, seed + 2).flat(),
  );
  const optimizer = sgd({ learningRate });
  const run: ClippingRun = {
    steps: [],
    losses: [],
    gradientNorms: [],
    divergedAt: null,
    baselineError: constantAnswerError(data),
  };
  for (let step = 1; step <= steps; step++) {
    const start = ((step - 1) * batchSize) % data.count;
    const { result, gradients } = lossAndGradients(model, data, range(start, start + batchSize));
    // ‖g‖ over all parameters together, then g ← g · min(1, maxNorm/‖g‖) when clipping
    const norm =
      clipNorm === null ? gradientNorm(gradients) : clipGradientNorm(gradients, clipNorm).norm;
    if (!Number.isFinite(result.loss) || !Number.isFinite(norm)) {
      run.divergedAt = step;
      break;
    }
    run.steps.push(step);
    run.losses.push(result.loss);
    run.gradientNorms.push(norm);
    optimizer.step(model.parameters, gradients);
  }
  return run;
}

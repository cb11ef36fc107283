/**
 * How much of the training signal reaches each step of a sequence (chapter 02): a model's loss
 * on a set of examples, backpropagated through time by the library's own BPTT
 * (`lossAndGradients` → `backwardTrace`), whose `hidden` gradients are ∂L/∂h_t for every step.
 * For each example n and lag T − t, the size of that gradient relative to the last step's,
 *
 *   r_n(T − t) = ‖∂L/∂h_t[n]‖ / ‖∂L/∂h_T[n]‖,
 *
 * then the median over examples. The ratio cancels how wrong the example was (the size of
 * ∂L/∂h_T), so it measures only how much the path back through the steps shrinks the signal:
 * the weights that could link an early word (the country) to the answer learn from ∂L/∂h_t at
 * that word's step.
 */
import type { Dataset } from "../train/dataset.js";
import { lossAndGradients, type Model, range } from "../train/model.js";

export interface LossGradientByLag {
  /** 0 … T − 1 (lag 0 is the last step). */
  lags: number[];
  /** Median over the examples of ‖∂L/∂h_{T−lag}‖ / ‖∂L/∂h_T‖ (lag 0 gives 1). */
  ratios: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** r(lag) for every lag, over `examples` of `dataset` (default: all of them). */
export function lossGradientByLag(
  model: Model,
  dataset: Dataset,
  examples: ArrayLike<number> = range(0, dataset.count),
): LossGradientByLag {
  if (dataset.kind === "sequence") {
    throw new Error("lossGradientByLag: expected a dataset of sentences or feature sequences");
  }
  if (examples.length === 0) throw new Error("examples: expected at least one example");
  const { hidden } = lossAndGradients(model, dataset, examples).recurrent; // hidden[t]: (B, U)
  const T = dataset.time;
  const U = model.config.units;
  // ‖∂L/∂h_t[n]‖: the row of example n
  const rowNorm = (gradient: Float64Array, n: number) =>
    Math.hypot(...gradient.subarray(n * U, (n + 1) * U));
  const lastNorms = Array.from({ length: examples.length }, (_, n) => rowNorm(hidden[T - 1], n));
  const lags = Array.from({ length: T }, (_, lag) => lag);
  const ratios = lags.map((lag) =>
    // r_n(lag) = ‖∂L/∂h_{T−lag}[n]‖ / ‖∂L/∂h_T[n]‖, median over n
    median(lastNorms.map((last, n) => rowNorm(hidden[T - 1 - lag], n) / last)),
  );
  return { lags, ratios };
}

/**
 * The adding problem, after Hochreiter & Schmidhuber (1997, experiment 4): a sequence of `length`
 * pairs (value, marker); values are uniform in [0, 1), exactly two markers are 1 — one in the
 * first half, one in the second — and the target is the sum X₁ + X₂ of the two marked values.
 * Always answering 1 (the mean) gives a squared error of Var(X₁ + X₂) = 1/6 ≈ 0.167: anything
 * near that learnt nothing. A prediction within 0.04 of the target counts as correct.
 *
 * How this differs from the paper: there the values lie in [−1, 1] and the target is scaled to
 * 0.5 + (X₁ + X₂)/4, with |error| < 0.04 counted as correct, which allows an error of 0.16 in
 * the sum itself. Here the target is the plain sum (so the loss sits on the 1/6 scale) and the
 * same 0.04 applies to the sum: a window 4× narrower.
 */
import { seededRandom } from "../../random.js";
import { checkPositiveInteger, checkUnknownOptions, type FeatureDataset } from "../dataset.js";

export interface AddingTaskOptions {
  /** T: steps per sequence, ≥ 2. */
  length: number;
  /** How many sequences. */
  count: number;
  /** Seed of the values and marker positions. Default 0. */
  seed?: number;
  /** Distance to the target counted as correct. Default 0.04 (the paper's number, on the sum). */
  tolerance?: number;
}

const OPTIONS = ["length", "count", "seed", "tolerance"] as const;

/** The squared error of always predicting 1: Var(a + b) for a, b uniform in [0, 1). */
export const ADDING_BASELINE_ERROR = 1 / 6;

export function addingTask(options: AddingTaskOptions): FeatureDataset {
  checkUnknownOptions(options, OPTIONS, "addingTask");
  const length = checkPositiveInteger(options.length, "length");
  if (length < 2)
    throw new Error(`length: the adding problem needs at least 2 steps, got ${length}`);
  const count = checkPositiveInteger(options.count, "count");
  const { seed = 0, tolerance = 0.04 } = options;
  if (!(tolerance > 0)) throw new Error(`tolerance: expected a positive number, got ${tolerance}`);
  const random = seededRandom(seed);
  const features = new Float64Array(count * length * 2); // (N, T, 2): (value, marker)
  const targets = new Float64Array(count); // (N)
  const half = Math.floor(length / 2);
  for (let n = 0; n < count; n++) {
    for (let t = 0; t < length; t++) features[(n * length + t) * 2] = random();
    const first = Math.min(half - 1, Math.floor(random() * half));
    const second = half + Math.min(length - half - 1, Math.floor(random() * (length - half)));
    for (const t of [first, second]) {
      features[(n * length + t) * 2 + 1] = 1;
      // target = value at the first marker + value at the second
      targets[n] += features[(n * length + t) * 2];
    }
  }
  return { kind: "features", count, time: length, featureSize: 2, features, targets, tolerance };
}

/**
 * The mean squared error of answering `answer` for every sequence: (1/N) Σ_n (answer − y_n)².
 * With the default 1 (the mean of X₁ + X₂) it estimates ADDING_BASELINE_ERROR = 1/6.
 */
export function constantAnswerError(dataset: FeatureDataset, answer = 1): number {
  let total = 0;
  // Σ_n (answer − y_n)²
  for (const target of dataset.targets) total += (answer - target) ** 2;
  return total / dataset.count;
}

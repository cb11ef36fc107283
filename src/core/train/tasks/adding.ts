/**
 * The adding problem (Hochreiter & Schmidhuber 1997, experiment 4): a sequence of `length`
 * pairs (value, marker); values are uniform in [0, 1), exactly two markers are 1 — one in the
 * first half, one in the second — and the target is the sum of the two marked values.
 * Always answering 1 (the mean) gives a squared error of 1/6 ≈ 0.167: anything near that learnt
 * nothing. A prediction within 0.04 of the target counts as correct, as in the paper.
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
  /** Distance to the target counted as correct. Default 0.04 (the paper's). */
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

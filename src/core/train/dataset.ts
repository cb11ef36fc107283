/**
 * The two shapes of training data: sentences of tokens with a class to predict (the France task),
 * and sequences of real-valued features with a number to predict (the adding problem).
 * Fixed length within one dataset (every sentence has the same gap), so no padding is needed.
 */

/** Sentences as token ids, one class label each. */
export interface TokenDataset {
  kind: "tokens";
  count: number; // N
  time: number; // T
  /** Token ids, row-major (N, T). */
  tokens: Int32Array;
  /** Token id → word. */
  vocabulary: string[];
  /** The class of each sentence (N), an index into `classes`. */
  labels: Int32Array;
  /** Class index → word (e.g. "French"). */
  classes: string[];
}

/** Sequences of real-valued feature vectors, one number to predict each. */
export interface FeatureDataset {
  kind: "features";
  count: number; // N
  time: number; // T
  featureSize: number; // F
  /** Row-major (N, T, F). */
  features: Float64Array;
  /** The number to predict for each sequence (N). */
  targets: Float64Array;
  /** A prediction within this distance of its target counts as correct (for "accuracy"). */
  tolerance: number;
}

export type Dataset = TokenDataset | FeatureDataset;

export function checkPositiveInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function checkUnknownOptions(options: object, known: readonly string[], what: string): void {
  if (options === null || typeof options !== "object") {
    throw new Error(`${what}: expected an options object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new Error(`${what}: unknown option "${key}"; expected one of ${known.join(", ")}`);
    }
  }
}

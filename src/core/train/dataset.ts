/**
 * The three shapes of training data: sentences of tokens with a class to predict (the France
 * task), sequences of real-valued features with a number to predict (the adding problem), and one
 * long text whose next symbol is predicted at every step (the character model of chapter 06).
 * Fixed length within one dataset (every sentence has the same gap, every window the same
 * length), so no padding is needed.
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

/**
 * One long stream of symbol ids; the target at every step is the next symbol. An "example" is an
 * offset into the stream: it reads stream[offset … offset + time − 1] and must predict
 * stream[offset + 1 … offset + time]. Training cuts the stream into one stretch per batch row and
 * reads each stretch in consecutive windows, carrying the state from one window to the next
 * (truncated backpropagation through time).
 */
export interface SequenceDataset {
  kind: "sequence";
  /** The whole text as symbol ids. */
  stream: Int32Array;
  /** Symbol id → symbol (a character). */
  vocabulary: string[];
  /** T: steps per window (how far back one backward pass reaches). */
  time: number;
  /** How many windows start at offsets 0, T, 2T, …: ⌊(stream length − 1) / T⌋. */
  count: number;
}

export type Dataset = TokenDataset | FeatureDataset | SequenceDataset;

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

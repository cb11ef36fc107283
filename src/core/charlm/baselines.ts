/**
 * How good is a character model? Perplexity, and the two simplest models to compare it with, all
 * on the same validation text and the same vocabulary.
 *
 *   perplexity = exp( −(1/N) Σ_t log p(c_t | what came before) )
 *
 * A model that spreads its bet evenly over K symbols has perplexity K: perplexity is "how many
 * symbols the model is still choosing between", on average. The unigram model ignores the context,
 * p(c) = (n_c + k) / (N + kV); the bigram model looks at one symbol back,
 * p(c | a) = (n_ac + k) / (n_a + kV). Add-k smoothing gives unseen pairs a small share; k is the
 * value of a small grid that suits each baseline best on the validation text (a generous baseline).
 */
import type { CharVocabulary } from "./vocabulary.js";

/** exp(mean negative log-likelihood per symbol), from a mean loss in nats. */
export function perplexity(meanNegativeLogLikelihood: number): number {
  return Math.exp(meanNegativeLogLikelihood);
}

export const ADD_K_GRID = [1, 0.3, 0.1, 0.03, 0.01] as const;

export interface Baseline {
  perplexity: number;
  /** The smoothing constant chosen from ADD_K_GRID. */
  k: number;
}

function checkIds(ids: Int32Array, V: number, what: string): void {
  for (const id of ids) {
    if (id < 0 || id >= V) throw new Error(`${what}: symbol id ${id} is outside 0 … ${V - 1}`);
  }
}

/** Unigram perplexity on `validation` (symbol ids) with counts from `train`. */
export function unigramPerplexity(
  vocabulary: CharVocabulary,
  train: Int32Array,
  validation: Int32Array,
): Baseline {
  const V = vocabulary.symbols.length;
  checkIds(train, V, "train");
  checkIds(validation, V, "validation");
  const counts = new Float64Array(V);
  for (const id of train) counts[id]++;
  let best: Baseline = { perplexity: Number.POSITIVE_INFINITY, k: ADD_K_GRID[0] };
  for (const k of ADD_K_GRID) {
    // p(c) = (n_c + k) / (N + kV); the symbols after the first, as the other models predict them
    let nll = 0;
    for (let t = 1; t < validation.length; t++) {
      nll -= Math.log((counts[validation[t]] + k) / (train.length + k * V));
    }
    const value = perplexity(nll / (validation.length - 1));
    if (value < best.perplexity) best = { perplexity: value, k };
  }
  return best;
}

/** Add-k bigram perplexity on `validation` with counts from `train`. */
export function bigramPerplexity(
  vocabulary: CharVocabulary,
  train: Int32Array,
  validation: Int32Array,
): Baseline {
  const V = vocabulary.symbols.length;
  checkIds(train, V, "train");
  checkIds(validation, V, "validation");
  const pairs = new Map<number, number>(); // a·V + c → n_ac
  const firsts = new Float64Array(V); // n_a: how often a is followed by anything
  for (let t = 1; t < train.length; t++) {
    const key = train[t - 1] * V + train[t];
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    firsts[train[t - 1]]++;
  }
  let best: Baseline = { perplexity: Number.POSITIVE_INFINITY, k: ADD_K_GRID[0] };
  for (const k of ADD_K_GRID) {
    // p(c | a) = (n_ac + k) / (n_a + kV)
    let nll = 0;
    for (let t = 1; t < validation.length; t++) {
      const a = validation[t - 1];
      const n = pairs.get(a * V + validation[t]) ?? 0;
      nll -= Math.log((n + k) / (firsts[a] + k * V));
    }
    const value = perplexity(nll / (validation.length - 1));
    if (value < best.perplexity) best = { perplexity: value, k };
  }
  return best;
}

/** The bigram model's next-symbol distribution after `previous` (for sampling from it). */
export function bigramSampler(
  vocabulary: CharVocabulary,
  train: Int32Array,
  k: number,
): (previous: number) => Float64Array {
  const V = vocabulary.symbols.length;
  const rows = new Map<number, Float64Array>();
  for (let t = 1; t < train.length; t++) {
    let row = rows.get(train[t - 1]);
    if (!row) {
      row = new Float64Array(V);
      rows.set(train[t - 1], row);
    }
    row[train[t]]++;
  }
  return (previous) => {
    const row = rows.get(previous) ?? new Float64Array(V);
    let total = 0;
    for (let c = 0; c < V; c++) total += row[c] + k;
    return Float64Array.from(row, (n) => (n + k) / total);
  };
}

/**
 * Writing with a trained character model: read a prime text, then again and again draw the next
 * symbol from the model's distribution and read it back in. The temperature τ reshapes the
 * distribution before the draw,
 *
 *   p_τ(c) = exp(o_c / τ) / Σ_c' exp(o_c' / τ),
 *
 * τ < 1 sharpens it (safer, more repetitive text), τ > 1 flattens it (bolder, more mistakes),
 * τ = 1 is the model itself. Top-k keeps only the k most likely symbols. Seeded: the same seed
 * gives the same text.
 */
import { seededRandom } from "../random.js";
import type { Model } from "../train/model.js";
import { symbolReader } from "./reader.js";
import { type CharVocabulary, characters, decode, encode, isKnown } from "./vocabulary.js";

export interface SampleOptions {
  /** Text the model reads first; the sample continues it. Default "" (start of a line). */
  prime?: string;
  /** Characters to write. */
  length: number;
  /** τ > 0. Default 1. */
  temperature?: number;
  /** Keep only the k most likely symbols (a positive integer); default all. */
  topK?: number;
  /** Seed of the draws. Default 0. */
  seed?: number;
  /** Read before the prime: a line break, the start of a poem or a sentence. Default "\n". */
  start?: string;
  /** Never write the unknown symbol □ (drop it and renormalise). Default true. */
  avoidUnknown?: boolean;
}

export interface Sample {
  /** The prime followed by what the model wrote. */
  text: string;
  /** Only what the model wrote. */
  written: string;
}

/** p_τ from logits, with top-k and the unknown symbol removed as asked (sums to 1). */
export function nextSymbolDistribution(
  logits: Float64Array,
  temperature: number,
  topK: number | undefined,
  excluded: number | undefined,
): Float64Array {
  const V = logits.length;
  const allowed = new Uint8Array(V).fill(1);
  if (excluded !== undefined) allowed[excluded] = 0;
  if (topK !== undefined && topK < V) {
    const order = Array.from({ length: V }, (_, c) => c)
      .filter((c) => allowed[c] === 1)
      .sort((a, b) => logits[b] - logits[a] || a - b);
    allowed.fill(0);
    for (const c of order.slice(0, topK)) allowed[c] = 1;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < V; c++) if (allowed[c] && logits[c] > max) max = logits[c];
  const p = new Float64Array(V);
  let sum = 0;
  for (let c = 0; c < V; c++) {
    // exp((o_c − max) / τ): subtracting the max keeps exp finite
    if (allowed[c]) {
      p[c] = Math.exp((logits[c] - max) / temperature);
      sum += p[c];
    }
  }
  for (let c = 0; c < V; c++) p[c] /= sum;
  return p;
}

/** Draws an index from a distribution with one uniform number u ∈ [0, 1). */
export function draw(p: Float64Array, u: number): number {
  let cumulative = 0;
  let last = 0;
  for (let c = 0; c < p.length; c++) {
    if (p[c] === 0) continue;
    last = c;
    cumulative += p[c];
    if (u < cumulative) return c;
  }
  return last; // rounding left u just above the total
}

function checkOptions(vocabulary: CharVocabulary, options: SampleOptions): void {
  const { temperature = 1, topK, length } = options;
  if (typeof temperature !== "number" || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`temperature: expected a number > 0, got ${JSON.stringify(temperature)}`);
  }
  if (topK !== undefined && (!Number.isInteger(topK) || topK < 1)) {
    throw new Error(`topK: expected a positive integer, got ${JSON.stringify(topK)}`);
  }
  if (!Number.isInteger(length) || length < 0) {
    throw new Error(
      `length: expected a whole number of characters ≥ 0, got ${JSON.stringify(length)}`,
    );
  }
  const prime = options.prime ?? "";
  if (prime !== "" && !characters(prime).some((ch) => isKnown(vocabulary, ch))) {
    throw new Error(
      `prime: none of the characters of ${JSON.stringify(prime)} is in the model's vocabulary of ${vocabulary.symbols.length - 1} characters`,
    );
  }
}

/** A sample of `length` characters after the prime. Deterministic for a seed. */
export function sample(model: Model, vocabulary: CharVocabulary, options: SampleOptions): Sample {
  checkOptions(vocabulary, options);
  if (model.config.vocabularySize !== vocabulary.symbols.length) {
    throw new Error(
      `vocabulary: ${vocabulary.symbols.length} symbols, the model was built for ${model.config.vocabularySize}`,
    );
  }
  const { temperature = 1, topK, seed = 0, start = "\n", prime = "" } = options;
  const excluded = options.avoidUnknown === false ? undefined : vocabulary.unknown;
  const random = seededRandom(seed);
  const reader = symbolReader(model);
  let logits: Float64Array | undefined;
  for (const id of encode(vocabulary, start + prime)) logits = reader.read(id);
  const written: number[] = [];
  for (let n = 0; n < options.length; n++) {
    if (!logits) throw new Error("sample: give a start or a prime text to read first");
    const next = draw(nextSymbolDistribution(logits, temperature, topK, excluded), random());
    written.push(next);
    logits = reader.read(next);
  }
  const text = decode(vocabulary, written);
  return { text: prime + text, written: text };
}

/**
 * A sample from any next-symbol distribution of the previous symbol alone (the bigram model:
 * ./baselines.ts bigramSampler), read after `start` + prime like the model's.
 */
export function sampleFromPrevious(
  next: (previous: number) => Float64Array,
  vocabulary: CharVocabulary,
  options: Omit<SampleOptions, "topK">,
): Sample {
  checkOptions(vocabulary, { ...options, topK: undefined });
  const { temperature = 1, seed = 0, start = "\n", prime = "" } = options;
  const random = seededRandom(seed);
  const read = encode(vocabulary, start + prime);
  let previous = read[read.length - 1];
  const written: number[] = [];
  for (let n = 0; n < options.length; n++) {
    // p_τ ∝ p^(1/τ): the same reshaping as exp(o / τ) with o = log p
    const logits = Float64Array.from(next(previous), (p) => Math.log(p));
    const excluded = options.avoidUnknown === false ? undefined : vocabulary.unknown;
    previous = draw(nextSymbolDistribution(logits, temperature, undefined, excluded), random());
    written.push(previous);
  }
  const text = decode(vocabulary, written);
  return { text: prime + text, written: text };
}

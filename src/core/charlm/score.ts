/**
 * How likely a model finds a continuation: log p(continuation | context) = Σ over its characters
 * of log p(c_k | context, c_1 … c_{k−1}), reading the context first (from zero states, after a
 * line break, as sampling does). Used to ask the English model the blog's question: after
 * "I grew up in France … I speak fluent", is " French" the likeliest language?
 */
import type { Model } from "../train/model.js";
import { symbolReader } from "./reader.js";
import { type CharVocabulary, encode } from "./vocabulary.js";

/** log-softmax of logits at one index. */
function logProbability(logits: Float64Array, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  return logits[index] - max - Math.log(sum);
}

export interface ContinuationScore {
  continuation: string;
  /** log p(continuation | context), natural log. */
  logProbability: number;
  /** Per character, the same. */
  perCharacter: number[];
}

/** Scores each continuation after the same context. */
export function scoreContinuations(
  model: Model,
  vocabulary: CharVocabulary,
  context: string,
  continuations: string[],
  start = "\n",
): ContinuationScore[] {
  const contextIds = encode(vocabulary, start + context);
  if (contextIds.length === 0) throw new Error("context: expected some text to read first");
  return continuations.map((continuation) => {
    const reader = symbolReader(model);
    let logits: Float64Array | undefined;
    for (const id of contextIds) logits = reader.read(id);
    const perCharacter: number[] = [];
    for (const id of encode(vocabulary, continuation)) {
      perCharacter.push(logProbability(logits!, id));
      logits = reader.read(id);
    }
    return {
      continuation,
      logProbability: perCharacter.reduce((sum, v) => sum + v, 0),
      perCharacter,
    };
  });
}

/**
 * Which hidden units remember the country across the gap of the France task, and what they hold
 * (chapters 03 and 04). Runs a trained model (../train/model.ts) on held-out sentences and ranks
 * units by how well their value at the last step tells the countries apart (./gate-traces.ts).
 */
import type { Trace } from "../layer.js";
import type { TokenDataset } from "../train/dataset.js";
import { forward, type Model } from "../train/model.js";
import { type StepField, stepByUnit, unitsCarryingTheClass } from "./gate-traces.js";

/** The words of sentence n. */
export function sentenceWords(dataset: TokenDataset, n: number): string[] {
  const T = dataset.time;
  return Array.from(dataset.tokens.subarray(n * T, (n + 1) * T), (id) => dataset.vocabulary[id]);
}

/** The first sentence of every class, in class order. */
export function oneSentencePerClass(dataset: TokenDataset): number[] {
  return dataset.classes.map((_, c) => {
    const n = dataset.labels.indexOf(c);
    if (n < 0) throw new Error(`no sentence of class ${dataset.classes[c]} in the dataset`);
    return n;
  });
}

export interface CountryMemory {
  /** The units whose value at the last step separates the countries best, best first. */
  units: { unit: number; separation: number }[];
  /** One sentence per class (indices into the dataset) and the model run on them. */
  sentences: number[];
  trace: Trace;
}

/**
 * Ranks units by the class separation (R², ./gate-traces.ts) of `field` at the last step over
 * the first `sample` sentences, then runs the model on one sentence per country.
 */
export function countryMemory(
  model: Model,
  dataset: TokenDataset,
  field: StepField,
  options: { count?: number; sample?: number } = {},
): CountryMemory {
  const { count = 2, sample = Math.min(dataset.count, 200) } = options;
  const examples = Array.from({ length: sample }, (_, n) => n);
  const all = forward(model, dataset, examples).trace;
  const labels = examples.map((n) => dataset.labels[n]);
  const units = unitsCarryingTheClass(all, field, dataset.time - 1, labels, count);
  const sentences = oneSentencePerClass(dataset);
  return { units, sentences, trace: forward(model, dataset, sentences).trace };
}

/** values[t] of one unit for sample k of a trace. */
export function unitAlongSentence(trace: Trace, field: StepField, unit: number, k = 0): number[] {
  return stepByUnit(trace, field, k).map((row) => row[unit]);
}

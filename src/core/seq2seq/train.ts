/**
 * Training the encoder–decoder (chapter 07) and measuring it by exact match: fresh seeded
 * batches from the training numbers, teacher forcing, the hand-written gradients of ./model.ts,
 * global gradient-norm clipping and Adam (the library's). Deterministic for a seed: the same
 * batches, the same numbers, the same model on every run (the timings aside).
 */
import type { ProductPrecision } from "../numeric.js";
import type { ProgressFactory } from "../progress.js";
import { clipGradientNorm } from "../train/clipping.js";
import { adam } from "../train/optimizers.js";
import { beamSearch, greedyDecode } from "./decode.js";
import {
  greedyDecodeBatch,
  type Seq2seqModel,
  seq2seqLossAndGradients,
  seq2seqStepModel,
} from "./model.js";
import {
  digitCount,
  makeBatch,
  makeExample,
  type NumberExample,
  type NumberSplit,
  sourceSymbols,
  targetIdsToSymbols,
  trainingSampler,
} from "./number-data.js";
import { joinReadingTokens, type ReadingLanguage } from "./number-words.js";

export interface Seq2seqTrainOptions {
  /** Which numbers training may use (the held-out ones are skipped). */
  split: NumberSplit;
  /** Gradient steps. */
  steps: number;
  /** Examples per step. Default 64. */
  batchSize?: number;
  /** Adam's η at the first step. Default 0.01. */
  learningRate?: number;
  /** η falls exponentially to learningRate · this at the end: η_s = η · d^(s/steps). Default 1. */
  learningRateDecay?: number;
  /** Global gradient-norm clipping threshold; null: none. Default 5. */
  clipNorm?: number | null;
  /** Seed of the batches (the model has its own). Default 1. */
  seed?: number;
  /** How matrix products are summed (../numeric.ts). Default "float32", as chapter 06 trains. */
  products?: ProductPrecision;
  /** Steps per history record (losses averaged over them). Default 50. */
  logEvery?: number;
  /** Called after every step. */
  onStep?: (info: { step: number; loss: number; gradientNorm: number }) => void;
  /** A progress display (one update per record). */
  progress?: ProgressFactory;
}

const TRAIN_OPTIONS = [
  "split",
  "steps",
  "batchSize",
  "learningRate",
  "learningRateDecay",
  "clipNorm",
  "seed",
  "products",
  "logEvery",
  "onStep",
  "progress",
];

export interface Seq2seqTrainRecord {
  /** The last step of the record. */
  step: number;
  /** Mean loss per target symbol over the record's steps (teacher forcing). */
  loss: number;
  /** Fraction of target symbols that were the argmax (teacher forcing). */
  tokenAccuracy: number;
  /** Mean ‖g‖ before clipping. */
  gradientNorm: number;
  learningRate: number;
}

export interface Seq2seqTrainResult {
  /** The same model, trained (updated in place). */
  model: Seq2seqModel;
  history: Seq2seqTrainRecord[];
  /** Target symbols (the <end>s included) the loss was computed on. */
  targetTokens: number;
  /** Wall-clock seconds of the loop (not part of the deterministic result). */
  seconds: number;
  /** targetTokens / seconds. */
  tokensPerSecond: number;
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Trains `model` in place. */
export function trainSeq2seq(
  model: Seq2seqModel,
  options: Seq2seqTrainOptions,
): Seq2seqTrainResult {
  for (const key of Object.keys(options)) {
    if (!TRAIN_OPTIONS.includes(key)) {
      throw new Error(
        `trainSeq2seq: unknown option "${key}"; expected one of ${TRAIN_OPTIONS.join(", ")}`,
      );
    }
  }
  const steps = positiveInteger(options.steps, "steps");
  const batchSize = positiveInteger(options.batchSize ?? 64, "batchSize");
  const logEvery = positiveInteger(options.logEvery ?? 50, "logEvery");
  const learningRate = options.learningRate ?? 0.01;
  const decay = options.learningRateDecay ?? 1;
  if (!(decay > 0 && decay <= 1)) {
    throw new Error(`learningRateDecay: expected a number in (0, 1], got ${decay}`);
  }
  const clipNorm = options.clipNorm === undefined ? 5 : options.clipNorm;
  const products = options.products ?? "float32";
  const sample = trainingSampler(options.split, options.seed ?? 1);
  const optimizer = adam({ learningRate });
  const progress = options.progress?.(steps, "seq2seq");
  const history: Seq2seqTrainRecord[] = [];
  let sums = { loss: 0, tokens: 0, correct: 0, norm: 0, steps: 0 };
  let targetTokens = 0;
  const started = performance.now();
  for (let step = 1; step <= steps; step++) {
    optimizer.learningRate = learningRate * decay ** ((step - 1) / steps);
    const batch = makeBatch(sample(batchSize));
    const result = seq2seqLossAndGradients(model, batch, { products });
    if (!Number.isFinite(result.loss)) {
      throw new Error(
        `training diverged: the loss at step ${step} is ${result.loss}; try a smaller ` +
          `learningRate (now ${optimizer.learningRate}) or clipNorm`,
      );
    }
    const { norm } =
      clipNorm === null ? { norm: Number.NaN } : clipGradientNorm(result.gradients, clipNorm);
    optimizer.step(model.parameters, result.gradients);
    targetTokens += result.tokens;
    sums.loss += result.loss * result.tokens;
    sums.tokens += result.tokens;
    sums.correct += result.correct;
    sums.norm += norm;
    sums.steps++;
    options.onStep?.({ step, loss: result.loss, gradientNorm: norm });
    if (step % logEvery === 0 || step === steps) {
      const record: Seq2seqTrainRecord = {
        step,
        loss: sums.loss / sums.tokens,
        tokenAccuracy: sums.correct / sums.tokens,
        gradientNorm: sums.norm / sums.steps,
        learningRate: optimizer.learningRate,
      };
      history.push(record);
      progress?.update(step, `loss ${record.loss.toFixed(3)}`);
      sums = { loss: 0, tokens: 0, correct: 0, norm: 0, steps: 0 };
    }
  }
  const seconds = (performance.now() - started) / 1000;
  progress?.done();
  return { model, history, targetTokens, seconds, tokensPerSecond: targetTokens / seconds };
}

export interface ExactMatchOptions {
  /** 1 (default): greedy, batched; k > 1: beam search of width k, one example at a time. */
  beamWidth?: number;
  /** α of beam search's length normalisation. Default 1. */
  lengthPenalty?: number;
  /** Examples decoded together (greedy). Default 256. */
  batchSize?: number;
  /** Output symbols before giving up. Default 24 (the longest reading has 16 with <end>). */
  maxLength?: number;
}

/** One example's reading as the model wrote it. */
export interface Reading {
  number: number;
  language: ReadingLanguage;
  expected: string;
  got: string;
  correct: boolean;
}

export interface ExactMatchRow {
  digits: number;
  language: ReadingLanguage;
  correct: number;
  total: number;
  accuracy: number;
}

export interface ExactMatchResult {
  /** Fraction of examples whose whole reading is right. */
  accuracy: number;
  byLanguage: Record<ReadingLanguage, number>;
  /** By number of digits and language, shortest first, Chinese first. */
  byLength: ExactMatchRow[];
  readings: Reading[];
}

/** Writes every example's reading with the model and counts the exactly right ones. */
export function exactMatch(
  model: Seq2seqModel,
  examples: readonly NumberExample[],
  options: ExactMatchOptions = {},
): ExactMatchResult {
  const beamWidth = positiveInteger(options.beamWidth ?? 1, "beamWidth");
  const batchSize = positiveInteger(options.batchSize ?? 256, "batchSize");
  const maxLength = positiveInteger(options.maxLength ?? 24, "maxLength");
  const outputs: number[][] = [];
  if (beamWidth === 1) {
    for (let start = 0; start < examples.length; start += batchSize) {
      const batch = makeBatch(examples.slice(start, start + batchSize));
      outputs.push(...greedyDecodeBatch(model, batch, maxLength));
    }
  } else {
    for (const example of examples) {
      const { best } = beamSearch(seq2seqStepModel(model, example.source), {
        beamWidth,
        maxLength,
        lengthPenalty: options.lengthPenalty ?? 1,
      });
      outputs.push(best.tokens);
    }
  }
  const readings: Reading[] = examples.map((example, j) => {
    const expected = joinReadingTokens(targetIdsToSymbols(example.target), example.language);
    const got = joinReadingTokens(targetIdsToSymbols(outputs[j]), example.language);
    return {
      number: example.number,
      language: example.language,
      expected,
      got,
      // every symbol right, and <end> right after them
      correct:
        outputs[j].length === example.target.length - 1 &&
        outputs[j].every((id, t) => id === example.target[t]),
    };
  });
  const rows = new Map<string, ExactMatchRow>();
  for (const reading of readings) {
    const digits = digitCount(reading.number);
    const key = `${digits} ${reading.language}`;
    let row = rows.get(key);
    if (!row) {
      row = { digits, language: reading.language, correct: 0, total: 0, accuracy: 0 };
      rows.set(key, row);
    }
    row.total++;
    if (reading.correct) row.correct++;
  }
  const byLength = [...rows.values()]
    .map((row) => ({ ...row, accuracy: row.correct / row.total }))
    .sort((a, b) => a.digits - b.digits || (a.language === "zh" ? -1 : 1));
  const rate = (language?: ReadingLanguage) => {
    const chosen = readings.filter((r) => language === undefined || r.language === language);
    return chosen.length === 0
      ? Number.NaN
      : chosen.filter((r) => r.correct).length / chosen.length;
  };
  return { accuracy: rate(), byLanguage: { zh: rate("zh"), en: rate("en") }, byLength, readings };
}

export interface ModelReading {
  /** The output symbols, without <end>. */
  symbols: string[];
  /** The symbols joined as the language writes them (三万零五十, thirty thousand fifty). */
  reading: string;
  /** Σ log p of the symbols written (and of <end> when it was written). */
  logProbability: number;
  /** Whether the model wrote <end> within maxLength symbols. */
  finished: boolean;
  /** The source symbols the attention rows refer to: [tag, digits…]. */
  source: string[];
  /** With attention: one row per output symbol (<end> included) over the source positions. */
  attention?: number[][];
}

/** How the model says `n` in `language`: greedy, or beam search with `beamWidth` > 1. */
export function sayWithModel(
  model: Seq2seqModel,
  n: number,
  language: ReadingLanguage,
  options: Omit<ExactMatchOptions, "batchSize"> = {},
): ModelReading {
  const example = makeExample(n, language);
  const beamWidth = positiveInteger(options.beamWidth ?? 1, "beamWidth");
  const maxLength = positiveInteger(options.maxLength ?? 24, "maxLength");
  const decoder = seq2seqStepModel(model, example.source);
  const best =
    beamWidth === 1
      ? greedyDecode(decoder, { maxLength })
      : beamSearch(decoder, { beamWidth, maxLength, lengthPenalty: options.lengthPenalty ?? 1 })
          .best;
  const symbols = targetIdsToSymbols(best.tokens);
  const result: ModelReading = {
    symbols,
    reading: joinReadingTokens(symbols, language),
    logProbability: best.logProbability,
    finished: best.finished,
    source: sourceSymbols(n, language),
  };
  if (best.attention) result.attention = best.attention.map((row) => Array.from(row));
  return result;
}

/**
 * Chapter 07's trained encoder–decoder as JSON (assets/models/say-number.json, written by
 * `npm run train:seq2seq`): the recipe it was trained from, both vocabularies, the held-out
 * split's definition, the training history and first losses, every parameter as float32 (base64
 * of the little-endian bytes, as chapter 06's checkpoints), and the exact-match report.
 * Browser-safe: the site can load the same file.
 */

import { float32Base64, float32Values } from "../float32-base64.js";
import { blockCount } from "../kinds.js";
import { createSeq2seq, type Seq2seqConfig, type Seq2seqModel } from "./model.js";
import { SOURCE_SYMBOLS, TARGET_SYMBOLS } from "./number-data.js";
import type { ReadingLanguage } from "./number-words.js";
import type { Seq2seqRecipe } from "./recipe.js";
import type { ExactMatchResult, Seq2seqTrainRecord } from "./train.js";

export const SEQ2SEQ_CHECKPOINT_FORMAT = "rnn-notebooks/seq2seq@1";

/** Exact match as the report keeps it: overall, by language, by length and language. */
export interface ExactMatchSummary {
  examples: number;
  accuracy: number;
  byLanguage: Record<ReadingLanguage, number>;
  byLength: { digits: number; language: ReadingLanguage; correct: number; total: number }[];
}

/** One decoding (greedy or beam 4) measured on the held-out and the longer numbers. */
export interface DecodingReport {
  /** Held-out numbers of the trained lengths, both languages. */
  test: ExactMatchSummary;
  /** Numbers longer than any training number, both languages. */
  long: ExactMatchSummary;
}

export interface Seq2seqCheckpointReport {
  /** The command that wrote the file. */
  command: string;
  /** Gradient steps taken (the recipe's, or --steps). */
  steps: number;
  /** Wall-clock seconds of training (not reproducible; the rest of the file is). */
  seconds: number;
  targetTokens: number;
  /** The first gradient steps' losses: a re-run of the recipe must reproduce them exactly. */
  firstLosses: number[];
  /** One record per `logEvery` steps (mean loss, token accuracy, ‖g‖, η). */
  history: Seq2seqTrainRecord[];
  /** Measured with the float32 parameters as saved. */
  greedy: DecodingReport;
  beam4: DecodingReport;
}

export interface Seq2seqCheckpoint {
  format: typeof SEQ2SEQ_CHECKPOINT_FORMAT;
  recipe: Seq2seqRecipe;
  config: Seq2seqConfig;
  vocabularies: { source: string[]; target: string[] };
  /** How the held-out and longer numbers are drawn (splitNumbers), and how many there are. */
  split: {
    trainLengths: number;
    testPerLength: number;
    longPerLength: number;
    seed: number;
    testNumbers: number;
    longNumbers: number;
  };
  /** name → [row count, column count] and the float32 bytes in base64. */
  parameters: Record<string, { shape: number[]; float32: string }>;
  report: Seq2seqCheckpointReport;
}

/** What a summary keeps of an exact-match result (not every reading). */
export function summariseExactMatch(result: ExactMatchResult): ExactMatchSummary {
  return {
    examples: result.readings.length,
    accuracy: result.accuracy,
    byLanguage: { ...result.byLanguage },
    byLength: result.byLength.map(({ digits, language, correct, total }) => ({
      digits,
      language,
      correct,
      total,
    })),
  };
}

/** Each parameter's [rows, columns], from the configuration (the layouts of ./model.ts). */
export function seq2seqParameterShapes(config: Seq2seqConfig): Record<string, number[]> {
  const k = blockCount(config.cell);
  const { encoderUnits: Ue, decoderUnits: Ud, encoderSize: De, attentionSize: A } = config;
  const { sourceEmbeddingSize: Es, targetEmbeddingSize: Et } = config;
  const V = config.targetVocabularySize;
  const shapes: Record<string, number[]> = {
    sourceEmbedding: [config.sourceVocabularySize, Es],
    encoderKernel: [Es, k * Ue],
    encoderRecurrentKernel: [Ue, k * Ue],
    encoderBias: [1, k * Ue],
    targetEmbedding: [V, Et],
    decoderKernel: [Et + (config.attention ? De : 0), k * Ud],
    decoderRecurrentKernel: [Ud, k * Ud],
    decoderBias: [1, k * Ud],
    readoutKernel: [Ud, V],
    readoutBias: [1, V],
  };
  if (config.bidirectional) {
    shapes.encoderBackwardKernel = [Es, k * Ue];
    shapes.encoderBackwardRecurrentKernel = [Ue, k * Ue];
    shapes.encoderBackwardBias = [1, k * Ue];
  }
  if (config.attention) {
    shapes.attentionQueryKernel = [Ud, A];
    shapes.attentionKeyKernel = [De, A];
    shapes.attentionScoreVector = [1, A];
    shapes.readoutContextKernel = [De, V];
  }
  return shapes;
}

/** The model with every parameter rounded to float32, as a checkpoint stores it. */
export function seq2seqRoundedToFloat32(model: Seq2seqModel): Seq2seqModel {
  const parameters = Object.fromEntries(
    Object.entries(model.parameters)
      .filter((entry): entry is [string, Float64Array] => entry[1] !== undefined)
      .map(([name, values]) => [name, values.map(Math.fround)]),
  ) as Seq2seqModel["parameters"];
  return { config: { ...model.config }, parameters };
}

/** The checkpoint of a trained model (parameters rounded to float32). */
export function toSeq2seqCheckpoint(
  model: Seq2seqModel,
  recipe: Seq2seqRecipe,
  split: Seq2seqCheckpoint["split"],
  report: Seq2seqCheckpointReport,
): Seq2seqCheckpoint {
  const shapes = seq2seqParameterShapes(model.config);
  const parameters: Seq2seqCheckpoint["parameters"] = {};
  for (const [name, values] of Object.entries(model.parameters)) {
    if (values) parameters[name] = { shape: shapes[name], float32: float32Base64(values) };
  }
  return {
    format: SEQ2SEQ_CHECKPOINT_FORMAT,
    recipe,
    config: { ...model.config },
    vocabularies: { source: [...SOURCE_SYMBOLS], target: [...TARGET_SYMBOLS] },
    split,
    parameters,
    report,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((symbol, j) => symbol === b[j]);
}

/**
 * The model as saved (float32 numbers held in float64). Refuses a file of another format, one
 * whose vocabularies are not the library's (the model reads symbols by id), and parameters whose
 * names or shapes are not what the recorded recipe builds.
 */
export function seq2seqFromCheckpoint(checkpoint: Seq2seqCheckpoint): {
  model: Seq2seqModel;
  checkpoint: Seq2seqCheckpoint;
} {
  if (checkpoint?.format !== SEQ2SEQ_CHECKPOINT_FORMAT) {
    throw new Error(
      `checkpoint: expected format ${SEQ2SEQ_CHECKPOINT_FORMAT}, got ${JSON.stringify(checkpoint?.format)}`,
    );
  }
  const { source, target } = checkpoint.vocabularies;
  if (!sameList(source, SOURCE_SYMBOLS) || !sameList(target, TARGET_SYMBOLS)) {
    throw new Error(
      "checkpoint: its vocabularies differ from the library's (src/core/seq2seq/number-data.ts); retrain it (npm run train:seq2seq)",
    );
  }
  // the recipe builds the expected configuration and parameter set; the file fills the numbers
  const model = createSeq2seq(checkpoint.recipe.model);
  for (const key of Object.keys(model.config) as (keyof Seq2seqConfig)[]) {
    if (model.config[key] !== checkpoint.config[key]) {
      throw new Error(
        `checkpoint: config.${key} is ${JSON.stringify(checkpoint.config[key])}, its recipe builds ${JSON.stringify(model.config[key])}`,
      );
    }
  }
  const shapes = seq2seqParameterShapes(model.config);
  const expected = Object.keys(shapes).sort();
  const got = Object.keys(checkpoint.parameters).sort();
  if (!sameList(expected, got)) {
    throw new Error(
      `checkpoint: expected parameters ${expected.join(", ")}, got ${got.join(", ")}`,
    );
  }
  const parameters = model.parameters as unknown as Record<string, Float64Array>;
  for (const [name, { shape, float32 }] of Object.entries(checkpoint.parameters)) {
    if (shape[0] !== shapes[name][0] || shape[1] !== shapes[name][1]) {
      throw new Error(
        `checkpoint: parameter ${name} has shape [${shape}], the configuration says [${shapes[name]}]`,
      );
    }
    parameters[name] = float32Values(float32, shape[0] * shape[1], name);
  }
  return { model, checkpoint };
}

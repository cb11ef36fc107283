/**
 * A trained character model as JSON: its configuration, its vocabulary, every parameter as
 * float32 (base64 of the little-endian bytes: a quarter of the size of decimal text, and exact),
 * and how it was trained and how well it does. Browser-safe: the site loads the same file.
 */

import { float32Base64, float32Values } from "../float32-base64.js";
import type { Model, ModelConfig, ModelParameters } from "../train/model.js";
import { type CharVocabulary, vocabularyFromSymbols } from "./vocabulary.js";

export const CHECKPOINT_FORMAT = "rnn-notebooks/charlm@1";

/** What training recorded, and the numbers measured on the validation text afterwards. */
export interface CheckpointReport {
  /** The command that wrote the file. */
  command: string;
  corpus: string;
  /** Every option of the run (window, batch size, learning rate, clipping, epochs, seed …). */
  training: Record<string, unknown>;
  /** Per epoch: training loss, validation loss and perplexity. */
  history: { epoch: number; loss: number; validationLoss: number; validationPerplexity: number }[];
  /** The first gradient steps' losses: a re-run of the command must reproduce them exactly. */
  firstLosses: number[];
  seconds: number;
  steps: number;
  /** On the validation text, with the float32 parameters as saved. */
  validationPerplexity: number;
  baselines: { unigram: number; bigram: number; unigramK: number; bigramK: number };
  /** Share of the validation text's characters the vocabulary knows. */
  validationCoverage: number;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  config: ModelConfig;
  vocabulary: { symbols: string[]; minCount: number };
  /** name → [row count, column count] and the float32 bytes in base64. */
  parameters: Record<string, { shape: number[]; float32: string }>;
  report: CheckpointReport;
}

/** Each parameter's shape (rows, columns) from the configuration. */
function parameterShapes(model: Model): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  const { units: U } = model.config;
  for (const [name, values] of Object.entries(model.parameters)) {
    if (!values) continue;
    const rows =
      name === "embedding"
        ? model.config.vocabularySize
        : name === "denseKernel" || name.startsWith("recurrentKernel")
          ? U
          : name === "kernel"
            ? model.config.inputSize
            : name.startsWith("kernel")
              ? U
              : 1;
    shapes[name] = [rows, values.length / rows];
  }
  return shapes;
}

/** The checkpoint of a model (parameters rounded to float32). */
export function toCheckpoint(
  model: Model,
  vocabulary: CharVocabulary,
  report: CheckpointReport,
): Checkpoint {
  const shapes = parameterShapes(model);
  const parameters: Checkpoint["parameters"] = {};
  for (const [name, values] of Object.entries(model.parameters)) {
    if (values) parameters[name] = { shape: shapes[name], float32: float32Base64(values) };
  }
  return {
    format: CHECKPOINT_FORMAT,
    config: { ...model.config },
    vocabulary: { symbols: [...vocabulary.symbols], minCount: vocabulary.minCount },
    parameters,
    report,
  };
}

/** The model as saved (float32 numbers held in float64) and its vocabulary. */
export function fromCheckpoint(checkpoint: Checkpoint): {
  model: Model;
  vocabulary: CharVocabulary;
  report: CheckpointReport;
} {
  if (checkpoint?.format !== CHECKPOINT_FORMAT) {
    throw new Error(
      `checkpoint: expected format ${CHECKPOINT_FORMAT}, got ${JSON.stringify(checkpoint?.format)}`,
    );
  }
  const parameters: Record<string, Float64Array> = {};
  for (const [name, { shape, float32 }] of Object.entries(checkpoint.parameters)) {
    parameters[name] = float32Values(float32, shape[0] * shape[1], name);
  }
  const model: Model = {
    config: { ...checkpoint.config },
    parameters: parameters as ModelParameters,
  };
  const shapes = parameterShapes(model);
  for (const [name, { shape }] of Object.entries(checkpoint.parameters)) {
    if (shapes[name][0] !== shape[0] || shapes[name][1] !== shape[1]) {
      throw new Error(
        `checkpoint: parameter ${name} has shape [${shape}], the configuration says [${shapes[name]}]`,
      );
    }
  }
  const vocabulary = vocabularyFromSymbols(
    checkpoint.vocabulary.symbols,
    checkpoint.vocabulary.minCount,
  );
  if (vocabulary.symbols.length !== model.config.vocabularySize) {
    throw new Error(
      `checkpoint: ${vocabulary.symbols.length} symbols, the model was built for ${model.config.vocabularySize}`,
    );
  }
  return { model, vocabulary, report: checkpoint.report };
}

/** The model with every parameter rounded to float32, as a checkpoint stores it. */
export function roundedToFloat32(model: Model): Model {
  const parameters = Object.fromEntries(
    Object.entries(model.parameters)
      .filter((entry): entry is [string, Float64Array] => entry[1] !== undefined)
      .map(([name, values]) => [name, values.map(Math.fround)]),
  ) as ModelParameters;
  return { config: { ...model.config }, parameters };
}

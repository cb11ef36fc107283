// The data a chapter cell sends to its live figure with show(figure, { live }) (LIVE_MIME in
// src/node/display/show.ts), read back into the library's types: number arrays → Float64Array /
// Int32Array. Every field is checked, so a stale or hand-edited page fails with a message that
// names the field instead of drawing wrong numbers.
import type { Model, ModelConfig, ModelParameters } from "../../core/train/model.js";
import type { FranceDataset } from "../../core/train/tasks/france.js";

function fail(path: string, expected: string, value: unknown): never {
  const got = Array.isArray(value) ? "an array" : value === null ? "null" : typeof value;
  throw new Error(`live payload ${path}: expected ${expected}, got ${got}`);
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail(path, "an object", value);
  }
  return value as Record<string, unknown>;
}

function numbers(value: unknown, path: string): number[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === "number")) {
    fail(path, "an array of numbers", value);
  }
  return value as number[];
}

function strings(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === "string")) {
    fail(path, "an array of strings", value);
  }
  return value as string[];
}

function integer(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) fail(path, "an integer", value);
  return value as number;
}

/** A model sent as `{ config, parameters: { name: number[] } }`. */
export function modelFromJson(value: unknown, path = "model"): Model {
  const json = object(value, path);
  const config = object(json.config, `${path}.config`) as unknown as ModelConfig;
  for (const key of ["units", "inputSize", "outputs", "vocabularySize", "embeddingSize"] as const) {
    integer(config[key], `${path}.config.${key}`);
  }
  if (typeof config.cell !== "string") fail(`${path}.config.cell`, "a cell kind", config.cell);
  const parameters: Record<string, Float64Array> = {};
  for (const [name, array] of Object.entries(object(json.parameters, `${path}.parameters`))) {
    parameters[name] = Float64Array.from(numbers(array, `${path}.parameters.${name}`));
  }
  for (const name of ["kernel", "recurrentKernel", "bias", "denseKernel", "denseBias"]) {
    if (!(name in parameters)) fail(`${path}.parameters.${name}`, "a number array", undefined);
  }
  return { config: { ...config }, parameters: parameters as unknown as ModelParameters };
}

/** A France-task dataset sent whole (franceTask(…)'s result). */
export function franceDatasetFromJson(value: unknown, path = "sentences"): FranceDataset {
  const json = object(value, path);
  if (json.kind !== "tokens") fail(`${path}.kind`, '"tokens"', json.kind);
  const language = json.language;
  if (language !== "zh" && language !== "en") fail(`${path}.language`, '"zh" or "en"', language);
  const count = integer(json.count, `${path}.count`);
  const time = integer(json.time, `${path}.time`);
  const tokens = Int32Array.from(numbers(json.tokens, `${path}.tokens`));
  if (tokens.length !== count * time) {
    throw new Error(
      `live payload ${path}.tokens: expected ${count} × ${time} token ids, got ${tokens.length}`,
    );
  }
  return {
    kind: "tokens",
    count,
    time,
    tokens,
    vocabulary: strings(json.vocabulary, `${path}.vocabulary`),
    labels: Int32Array.from(numbers(json.labels, `${path}.labels`)),
    classes: strings(json.classes, `${path}.classes`),
    classKeys: strings(json.classKeys, `${path}.classKeys`),
    gap: integer(json.gap, `${path}.gap`),
    language,
    stepsAfterCountry: integer(json.stepsAfterCountry, `${path}.stepsAfterCountry`),
  };
}

/** The gate explorer's payload: the chapter's trained model and its test sentences. */
export interface GateExplorerPayload {
  model: Model;
  sentences: FranceDataset;
}

export function gateExplorerPayload(value: unknown): GateExplorerPayload {
  const json = object(value, "payload");
  return {
    model: modelFromJson(json.model, "model"),
    sentences: franceDatasetFromJson(json.sentences, "sentences"),
  };
}

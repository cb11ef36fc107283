// Live figure "sampler" (chapter 06): temperature, prime text and seed → text written by one of
// the chapter's committed character models (the checkpoint the cell names: tang-lstm, english-lstm;
// assets/models/<name>.json, src/core/charlm/checkpoint.ts), coloured by one unit (the cell's:
// the Tang model's position-in-line counter, the English model's position-in-word unit), exactly
// as the chapter colours it: charlm's sample() writes, readStates() reads the text back,
// unitSeries() picks the unit, coloredText() makes the spec the chapter's coloured-text output is
// drawn from. A page may hold several samplers (chapter 06 has both); each has its own worker.
import { type Checkpoint, fromCheckpoint } from "../../../core/charlm/checkpoint.js";
import { sample } from "../../../core/charlm/sample.js";
import { readStates, type UnitKey, unitSeries } from "../../../core/charlm/states.js";
import { type CharVocabulary, characters, isKnown } from "../../../core/charlm/vocabulary.js";
import { say } from "../../../core/i18n.js";
import { type ColoredText, coloredText } from "../../../core/plots/colored-text.js";
import type { Model } from "../../../core/train/model.js";
import { InputError, type PageLanguage } from "../protocol.js";

export const TEMPERATURE_RANGE = { min: 0.1, max: 2, step: 0.05, initial: 1 } as const;
export const SAMPLE_LENGTH = 120;
/** The most characters a cell may ask a run to write (`length`). */
export const MAX_SAMPLE_LENGTH = 2000;
export const MAX_PRIME = 100;
/** A vocabulary this small (English: a few dozen characters) is listed in full when a prime misses. */
const LISTED_VOCABULARY = 120;

/** The colouring unit: which layer, state and unit, and the sign that makes it count upwards. */
export interface ColourUnit extends UnitKey {
  sign?: number;
}

/** The figure's data: the checkpoint (loaded from its script) and the cell's choices. */
export interface SamplerPayload {
  checkpoint: Checkpoint;
  /** The unit whose value colours the text (default: layer 1, h, unit 0). */
  unit?: ColourUnit;
  /** The prime the controls start with. */
  prime?: string;
  /** Characters written per run (default SAMPLE_LENGTH). */
  length?: number;
}

export interface SamplerParams {
  temperature: number;
  prime: string;
  seed: number;
}

export interface SamplerResult {
  /** The prime, then what the model wrote (sample()'s `text`). */
  text: string;
  /** The coloured text: one value (the unit, times its sign) per character of `text`. */
  spec: ColoredText;
}

interface LoadedModel {
  model: Model;
  vocabulary: CharVocabulary;
  unit: ColourUnit;
  length: number;
}

export function loadSamplerPayload(value: unknown): LoadedModel {
  const payload = (value ?? {}) as Partial<SamplerPayload>;
  if (!payload.checkpoint) throw new Error("sampler: no checkpoint in the figure's data");
  const { model, vocabulary } = fromCheckpoint(payload.checkpoint);
  const unit: ColourUnit = payload.unit ?? { layer: 1, state: "h", unit: 0 };
  const { layers, units, cell } = model.config;
  if (
    !Number.isInteger(unit.layer) ||
    unit.layer < 1 ||
    unit.layer > layers ||
    !Number.isInteger(unit.unit) ||
    unit.unit < 0 ||
    unit.unit >= units ||
    (unit.state !== "h" && unit.state !== "c") ||
    (unit.state === "c" && cell !== "lstm") ||
    (unit.sign !== undefined && unit.sign !== 1 && unit.sign !== -1)
  ) {
    throw new Error(`sampler: ${JSON.stringify(unit)} is not a unit of this ${cell} model`);
  }
  const length = payload.length ?? SAMPLE_LENGTH;
  if (!Number.isInteger(length) || length < 1 || length > MAX_SAMPLE_LENGTH) {
    throw new Error(
      `sampler: length must be a whole number from 1 to ${MAX_SAMPLE_LENGTH}, got ${JSON.stringify(length)}`,
    );
  }
  return { model, vocabulary, unit, length };
}

/** A character as the messages show it (a space and a line break made visible). */
function visible(ch: string): string {
  return ch === " " ? "␣" : ch === "\n" ? "↵" : ch;
}

/** The reader's settings, checked; messages name the bad value. */
export function checkSamplerParams(
  params: unknown,
  vocabulary: CharVocabulary,
  lang: PageLanguage,
): SamplerParams {
  const { temperature, prime, seed } = (params ?? {}) as SamplerParams;
  const { min, max } = TEMPERATURE_RANGE;
  if (typeof temperature !== "number" || !(temperature >= min && temperature <= max)) {
    throw new InputError(
      say(
        {
          zh: `温度要在 ${min} 到 ${max} 之间，收到的是 ${String(temperature)}`,
          en: `the temperature must be between ${min} and ${max}, got ${String(temperature)}`,
        },
        lang,
      ),
    );
  }
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new InputError(
      say(
        {
          zh: `种子要是 0 到 4294967295 之间的整数，收到的是 ${String(seed)}`,
          en: `the seed must be a whole number from 0 to 4294967295, got ${String(seed)}`,
        },
        lang,
      ),
    );
  }
  const primeCharacters = typeof prime === "string" ? characters(prime) : [];
  if (typeof prime !== "string" || primeCharacters.length > MAX_PRIME) {
    throw new InputError(
      say(
        { zh: `开头最多 ${MAX_PRIME} 个字符`, en: `the prime has at most ${MAX_PRIME} characters` },
        lang,
      ),
    );
  }
  const unknown = [...new Set(primeCharacters.filter((ch) => !isKnown(vocabulary, ch)))];
  if (unknown.length > 0) {
    const shown = unknown.map(visible).join(" ");
    const size = vocabulary.symbols.length - 1;
    // a small vocabulary (the English model's) is listed, in code-point order: A–Z, a–z, …
    const known = vocabulary.symbols.filter((_, id) => id !== vocabulary.unknown);
    const listed =
      known.length <= LISTED_VOCABULARY
        ? [...known]
            .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
            .map(visible)
            .join("")
        : undefined;
    throw new InputError(
      say(
        {
          zh: `这些字符不在模型的 ${size} 个字符里：${shown}（模型会把它们都读成 □）。请换掉它们。${listed ? `模型认识的字符：${listed}` : ""}`,
          en: `these characters are not among the model's ${size}: ${shown} (it would read each as □). Please replace them.${listed ? ` The characters it knows: ${listed}` : ""}`,
        },
        lang,
      ),
    );
  }
  return { temperature, prime, seed };
}

/** Writes with sample(), then colours every character by the unit, as the chapter does. */
export function sampleColoured(loaded: LoadedModel, params: SamplerParams): SamplerResult {
  const { model, vocabulary, unit, length } = loaded;
  const { text } = sample(model, vocabulary, {
    prime: params.prime,
    length,
    temperature: params.temperature,
    seed: params.seed,
  });
  const sign = unit.sign ?? 1;
  const values = unitSeries(readStates(model, vocabulary, text), unit).map((v) => sign * v);
  return { text, spec: coloredText(characters(text), values) };
}

let cached: { source: unknown; loaded: LoadedModel } | undefined;

export function sampler(params: unknown, lang: PageLanguage, payload: unknown): SamplerResult {
  if (cached?.source !== payload) cached = { source: payload, loaded: loadSamplerPayload(payload) };
  const { loaded } = cached as NonNullable<typeof cached>;
  return sampleColoured(loaded, checkSamplerParams(params, loaded.vocabulary, lang));
}

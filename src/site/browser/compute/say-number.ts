// Live figure "say-number" (chapter 07): a number typed by the reader, a language (the tag
// <zh> or <en> the model reads first) and greedy or beam-4 decoding → how the chapter's committed
// encoder–decoder with attention says it (sayWithModel, src/core/seq2seq/train.ts) and where each
// word it wrote looked (attentionHeatmap, the chapter cell's own plot). The checkpoint is the one
// the cell names (assets/models/say-number.json, read by seq2seqFromCheckpoint as in Node).
import { say } from "../../../core/i18n.js";
import { attentionHeatmap } from "../../../core/plots/attention-heatmap.js";
import type { PlotlyFigure } from "../../../core/plots/figure.js";
import { type Seq2seqCheckpoint, seq2seqFromCheckpoint } from "../../../core/seq2seq/checkpoint.js";
import type { Seq2seqModel } from "../../../core/seq2seq/model.js";
import {
  MAX_NUMBER,
  parseNumberInput,
  type ReadingLanguage,
  sayNumber,
} from "../../../core/seq2seq/number-words.js";
import { type ModelReading, sayWithModel } from "../../../core/seq2seq/train.js";
import { InputError, type PageLanguage } from "../protocol.js";

/** The decodings the figure offers: greedy (the chapter's default) and beam search of width 4. */
export const BEAM_WIDTHS = [1, 4] as const;
export type BeamWidth = (typeof BEAM_WIDTHS)[number];

/** The figure's data: the checkpoint (loaded from its script) and the cell's choices. */
export interface SayNumberPayload {
  checkpoint: Seq2seqCheckpoint;
  /** The number the controls start with (the cell's). */
  number?: number;
  /** The language the controls start with (the cell's). */
  language?: ReadingLanguage;
  beamWidth?: BeamWidth;
}

export interface SayNumberParams {
  /** As typed: checked by parseNumberInput. */
  number: string;
  language: ReadingLanguage;
  beamWidth: BeamWidth;
}

export interface SayNumberResult {
  number: number;
  language: ReadingLanguage;
  beamWidth: BeamWidth;
  /** sayWithModel's result, as in Node. */
  reading: ModelReading;
  /** What the rule-based converter says (the data's ground truth). */
  expected: string;
  /** The chapter cell's heatmap for this reading. */
  figure: PlotlyFigure;
  /** The lines shown above the heatmap (the reading, and whether it is right). */
  lines: string[];
}

interface LoadedModel {
  model: Seq2seqModel;
  /** The longest numbers (in digits) the model was trained on. */
  trainLengths: number;
}

export function loadSayNumberPayload(value: unknown): LoadedModel {
  const payload = (value ?? {}) as Partial<SayNumberPayload>;
  if (!payload.checkpoint) throw new Error("say-number: no checkpoint in the figure's data");
  const { model, checkpoint } = seq2seqFromCheckpoint(payload.checkpoint);
  if (!model.config.attention) {
    throw new Error(
      "say-number: the checkpoint's model has no attention, so there is no heatmap to draw (name a checkpoint with attention, e.g. say-number)",
    );
  }
  return { model, trainLengths: checkpoint.split.trainLengths };
}

/** parseNumberInput's message, in the page's language (the library writes it in English). */
function numberMessage(message: string, typed: string, lang: PageLanguage): string {
  const english = message.charAt(0).toUpperCase() + message.slice(1);
  if (lang === "en") return english;
  const got = `“${typed}”`;
  const chinese = /leading zeros/.test(message)
    ? `数字不能以 0 开头，收到的是 ${got}`
    : `请输入 0 到 ${MAX_NUMBER.toLocaleString("en-US")} 之间的整数，只写数字（例如 30050），收到的是 ${got}`;
  return `${chinese}。（${english}）`;
}

/** The reader's settings, checked; a number that is not one is a message naming what came. */
export function checkSayNumberParams(params: unknown, lang: PageLanguage): SayNumberParams {
  const { number, language, beamWidth } = (params ?? {}) as Partial<SayNumberParams>;
  if (typeof number !== "string") {
    throw new Error(`say-number: the number must come as typed text, got ${typeof number}`);
  }
  if (language !== "zh" && language !== "en") {
    throw new Error(`say-number: language must be "zh" or "en", got ${JSON.stringify(language)}`);
  }
  if (!(BEAM_WIDTHS as readonly unknown[]).includes(beamWidth)) {
    throw new Error(
      `say-number: beamWidth must be one of ${BEAM_WIDTHS.join(", ")}, got ${JSON.stringify(beamWidth)}`,
    );
  }
  try {
    parseNumberInput(number);
  } catch (error) {
    if (error instanceof RangeError)
      throw new InputError(numberMessage(error.message, number, lang));
    throw error;
  }
  return { number, language, beamWidth: beamWidth as BeamWidth };
}

/** The model says the number; the heatmap and the lines the figure shows. */
export function sayNumberLive(
  loaded: LoadedModel,
  params: SayNumberParams,
  lang: PageLanguage,
): SayNumberResult {
  const number = parseNumberInput(params.number);
  const { language, beamWidth } = params;
  const reading = sayWithModel(loaded.model, number, language, { beamWidth });
  const expected = sayNumber(number, language);
  const lines = [`${number} → ${reading.reading}`];
  if (!reading.finished) {
    lines.push(
      say(
        {
          zh: "（模型在 24 个词以内没有写出 <end>）",
          en: "(the model did not write <end> within 24 words)",
        },
        lang,
      ),
    );
  }
  lines.push(
    reading.reading === expected
      ? say({ zh: "✓ 与规则转换器的读法相同", en: "✓ the same as the rule-based converter" }, lang)
      : say(
          {
            zh: `✗ 规则转换器的读法：${expected}`,
            en: `✗ the rule-based converter says: ${expected}`,
          },
          lang,
        ),
  );
  const digits = String(number).length;
  if (digits > loaded.trainLengths) {
    lines.push(
      say(
        {
          zh: `（${digits} 位数：比模型训练时见过的任何数都长，它训练时只见过 1 到 ${loaded.trainLengths} 位）`,
          en: `(${digits} digits: longer than any number the model was trained on, 1 to ${loaded.trainLengths} digits)`,
        },
        lang,
      ),
    );
  }
  const figure = attentionHeatmap(reading, { language: lang });
  return { number, language, beamWidth, reading, expected, figure, lines };
}

let cached: { source: unknown; loaded: LoadedModel } | undefined;

export function sayNumberFigure(
  params: unknown,
  lang: PageLanguage,
  payload: unknown,
): SayNumberResult {
  if (cached?.source !== payload)
    cached = { source: payload, loaded: loadSayNumberPayload(payload) };
  const { loaded } = cached as NonNullable<typeof cached>;
  return sayNumberLive(loaded, checkSayNumberParams(params, lang), lang);
}

// Live figure "gate-explorer" (chapters 03 and 04): the chapter's TRAINED model (sent by the cell
// with show(…, { live: { model, sentences } })) reads the reader's own sentence — a country and
// the filler words — and the gate heatmaps are drawn again, as the chapter's cell draws them.
import { type GlossaryEntry, loadGlossary, say, term } from "../../../core/i18n.js";
import type { PlotlyFigure } from "../../../core/plots/figure.js";
import { gateHeatmapFigure, type HeatmapPanel } from "../../../core/plots/gate-heatmap.js";
import type { TokenDataset } from "../../../core/train/dataset.js";
import { type Inspection, inspect } from "../../../core/train/inspect.js";
import { type FranceDataset, franceTemplate } from "../../../core/train/tasks/france.js";
import { type GateExplorerPayload, gateExplorerPayload } from "../payload.js";
import { InputError, type PageLanguage } from "../protocol.js";

/** Longest filler list the explorer reads (the chapters train with 12). */
export const MAX_FILLERS = 60;

export interface GateExplorerParams {
  /** The country, as the sentence language writes it ("France", "法国"). */
  country: string;
  /** The filler words as typed: separated by spaces or commas (Chinese may also run together). */
  fillers: string;
}

export interface GateExplorerResult {
  figure: PlotlyFigure;
  /** What the chapter's cell prints: the words read, then the prediction and the answer. */
  text: string;
  words: string[];
}

/** The country of each class (class c's language is spoken in countries[c]), in the language. */
export function countriesOf(sentences: FranceDataset): string[] {
  const entries = Object.values(loadGlossary()).filter(
    (entry): entry is GlossaryEntry => entry.kind === "country",
  );
  return sentences.classKeys.map((key) => {
    const entry = entries.find((e) => e.language === key);
    if (!entry) throw new Error(`glossary: no country speaks ${key}`);
    return entry[sentences.language];
  });
}

/** Sentence n's words. */
function wordsOf(sentences: FranceDataset, n: number): string[] {
  const { time, tokens, vocabulary } = sentences;
  return Array.from(tokens.subarray(n * time, (n + 1) * time), (id) => vocabulary[id]);
}

/** The country and the fillers of test sentence n (what the controls start with). */
export function sentenceParts(
  sentences: FranceDataset,
  n = 0,
): { country: string; fillers: string[] } {
  const words = wordsOf(sentences, n);
  const { before, afterCountry } = franceTemplate(sentences.language);
  const start = before.length + 1 + afterCountry.length;
  return { country: words[before.length], fillers: words.slice(start, start + sentences.gap) };
}

/**
 * The typed fillers as vocabulary words. Spaces, commas and 、 separate words; a Chinese run such
 * as 今天天气 is split into the longest vocabulary words from the left. A word outside the
 * vocabulary is an InputError that names it and lists the words the model knows.
 */
export function parseFillers(text: string, vocabulary: string[], lang: PageLanguage): string[] {
  const known = new Set(vocabulary);
  const longest = Math.max(...vocabulary.map((w) => w.length));
  const words: string[] = [];
  for (const chunk of text.split(/[\s,，、;；]+/).filter((c) => c !== "")) {
    if (known.has(chunk)) {
      words.push(chunk);
      continue;
    }
    // longest match from the left (Chinese without spaces)
    let at = 0;
    const pieces: string[] = [];
    while (at < chunk.length) {
      let length = Math.min(longest, chunk.length - at);
      while (length > 0 && !known.has(chunk.slice(at, at + length))) length--;
      if (length === 0) {
        pieces.length = 0;
        break;
      }
      pieces.push(chunk.slice(at, at + length));
      at += length;
    }
    if (pieces.length === 0) {
      throw new InputError(
        say(
          {
            zh: `"${chunk}" 不在模型的${term("vocabulary", lang)}里。它认识的词：${vocabulary.join(" ")}`,
            en: `"${chunk}" is not in the model's ${term("vocabulary", lang)}. The words it knows: ${vocabulary.join(" ")}`,
          },
          lang,
        ),
      );
    }
    words.push(...pieces);
  }
  if (words.length > MAX_FILLERS) {
    throw new InputError(
      say(
        {
          zh: `最多 ${MAX_FILLERS} 个填充词，输入了 ${words.length} 个`,
          en: `at most ${MAX_FILLERS} filler words, got ${words.length}`,
        },
        lang,
      ),
    );
  }
  return words;
}

/** The reader's sentence as a one-sentence dataset the model can read. */
export function readerSentence(
  sentences: FranceDataset,
  params: GateExplorerParams,
  lang: PageLanguage,
): TokenDataset {
  const countries = countriesOf(sentences);
  const label = countries.indexOf(params.country);
  if (label === -1) {
    throw new InputError(
      say(
        {
          zh: `"${params.country}" 不是这个任务的国家。可选：${countries.join("、")}`,
          en: `"${params.country}" is not one of the task's countries: ${countries.join(", ")}`,
        },
        lang,
      ),
    );
  }
  const fillers = parseFillers(params.fillers, sentences.vocabulary, lang);
  const { before, afterCountry, end } = franceTemplate(sentences.language);
  const words = [...before, params.country, ...afterCountry, ...fillers, ...end];
  const tokens = Int32Array.from(words, (word) => sentences.vocabulary.indexOf(word));
  return {
    kind: "tokens",
    count: 1,
    time: words.length,
    tokens,
    vocabulary: sentences.vocabulary,
    labels: Int32Array.of(label),
    classes: sentences.classes,
  };
}

/** The chapter cell's panels for this cell kind (03: i, f, o, C; 04: z, r, h). */
export function gatePanels(sentence: Inspection, lang: PageLanguage): HeatmapPanel[] {
  if (sentence.cell === "lstm") {
    return [
      { title: `${term("input_gate", lang)} i_t`, values: sentence.gates.inputGate },
      { title: `${term("forget_gate", lang)} f_t`, values: sentence.gates.forgetGate },
      { title: `${term("output_gate", lang)} o_t`, values: sentence.gates.outputGate },
      { title: `${term("cell_state", lang)} C_t`, values: sentence.cellState!, signed: true },
    ];
  }
  if (sentence.cell === "gru") {
    return [
      { title: `${term("update_gate", lang)} z_t`, values: sentence.gates.updateGate },
      { title: `${term("reset_gate", lang)} r_t`, values: sentence.gates.resetGate },
      { title: `${term("hidden_state", lang)} h_t`, values: sentence.hidden, signed: true },
    ];
  }
  return [{ title: `${term("hidden_state", lang)} h_t`, values: sentence.hidden, signed: true }];
}

/** The chapter cell's two printed lines for an inspection. */
export function inspectionText(sentence: Inspection, lang: PageLanguage): string {
  return `${sentence.words.join(" ")}\n${say(
    {
      zh: `预测：${sentence.prediction}，答案：${sentence.answer}`,
      en: `predicted: ${sentence.prediction}, answer: ${sentence.answer}`,
    },
    lang,
  )}`;
}

let cached: { source: unknown; payload: GateExplorerPayload } | undefined;

export function gateExplorer(
  params: unknown,
  lang: PageLanguage,
  payloadJson: unknown,
): GateExplorerResult {
  if (cached?.source !== payloadJson) {
    cached = { source: payloadJson, payload: gateExplorerPayload(payloadJson) };
  }
  const { model, sentences } = (cached as NonNullable<typeof cached>).payload;
  const { country, fillers } = (params ?? {}) as Partial<GateExplorerParams>;
  if (typeof country !== "string" || typeof fillers !== "string") {
    throw new InputError(`expected { country, fillers } as text, got ${JSON.stringify(params)}`);
  }
  const dataset = readerSentence(sentences, { country, fillers }, lang);
  const sentence = inspect(model, dataset, 0);
  const figure = gateHeatmapFigure(gatePanels(sentence, lang), {
    tokens: sentence.words,
    language: lang,
  });
  return { figure, text: inspectionText(sentence, lang), words: sentence.words };
}

// What the live-figure tests and the site benchmark share: a tiny character-model checkpoint and
// a fixture chapter that carries a live sampler (chapter 06 builds the real one), a fixture
// chapter with chapter 07's number reader on the committed say-number checkpoint, and the
// numbers the library computes in Node for the inputs the tests give the figures.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Checkpoint, fromCheckpoint, toCheckpoint } from "../../src/core/charlm/checkpoint.js";
import { sample } from "../../src/core/charlm/sample.js";
import { readStates, unitSeries } from "../../src/core/charlm/states.js";
import { textDataset } from "../../src/core/charlm/text-dataset.js";
import { buildVocabulary } from "../../src/core/charlm/vocabulary.js";
import { loadGlossary, say, term } from "../../src/core/i18n.js";
import { attentionHeatmap } from "../../src/core/plots/attention-heatmap.js";
import { COLORED_TEXT_MIME, coloredText } from "../../src/core/plots/colored-text.js";
import { gateHeatmapFigure, type HeatmapPanel } from "../../src/core/plots/gate-heatmap.js";
import { gradientDecay } from "../../src/core/probes/gradient-decay.js";
import type { ReadingLanguage } from "../../src/core/seq2seq/number-words.js";
import { sayWithModel } from "../../src/core/seq2seq/train.js";
import type { TokenDataset } from "../../src/core/train/dataset.js";
import { gapExperiment } from "../../src/core/train/experiment.js";
import { type Inspection, inspect } from "../../src/core/train/inspect.js";
import type { Model } from "../../src/core/train/model.js";
import { franceTemplate } from "../../src/core/train/tasks/france.js";
import { train } from "../../src/core/train/train.js";
import { LIVE_MIME, PLOTLY_MIME } from "../../src/node/display/show.js";
import { loadSeq2seqCheckpoint } from "../../src/node/seq2seq-files.js";
import type { ColourUnit } from "../../src/site/browser/compute/sampler.js";
import { gateExplorerPayload } from "../../src/site/browser/payload.js";
import type { PageLanguage } from "../../src/site/browser/protocol.js";
import type { ExecutedNotebook, NotebookCell } from "../../src/site/render-notebook.js";

export const FIXTURE_CHECKPOINT = "tiny-fixture";
export const FIXTURE_UNIT = { layer: 1, state: "c", unit: 2 } as const;
export const FIXTURE_PRIME = "the ";
const FIXTURE_TEXT =
  "the cat sat on the mat. the dog sat on the log. a cat and a dog sat in the sun.\n".repeat(6);

/** A small trained LSTM character model as a checkpoint (seeded: the same on every run). */
export function fixtureCheckpoint(): Checkpoint {
  const vocabulary = buildVocabulary(FIXTURE_TEXT, 1);
  const data = textDataset(vocabulary, FIXTURE_TEXT, 16);
  const run = train({
    cell: "lstm",
    units: 8,
    embeddingSize: 6,
    seed: 1,
    train: data,
    epochs: 3,
    batchSize: 4,
    learningRate: 0.02,
    progress: false,
  });
  return toCheckpoint(run.model, vocabulary, {
    command: "test/support/live-site.ts (fixture)",
    corpus: "a few sentences about cats and dogs",
    training: { epochs: 3 },
    history: [],
    firstLosses: [],
    seconds: 0,
    steps: run.steps,
    validationPerplexity: Number.NaN,
    baselines: { unigram: 0, bigram: 0, unigramK: 0, bigramK: 0 },
    validationCoverage: 1,
  });
}

/** A chapter page holding one live sampler, as an executed notebook would be (zh or en). */
export function samplerFixtureNotebook(
  lang: PageLanguage,
  checkpoint: Checkpoint,
): ExecutedNotebook {
  const { model, vocabulary } = fromCheckpoint(checkpoint);
  const first = sample(model, vocabulary, { prime: FIXTURE_PRIME, length: 80, seed: 0 });
  const values = unitSeries(readStates(model, vocabulary, first.text), FIXTURE_UNIT);
  const spec = coloredText(Array.from(first.text), values, { title: "layer 1 h #2" });
  const cells: NotebookCell[] = [
    {
      cell_type: "markdown",
      source: say({ zh: "# 取样器（测试夹具）", en: "# The sampler (test fixture)" }, lang),
    },
    {
      cell_type: "code",
      source: "showColoredText(coloredText(text, values), { live: { checkpoint, unit, prime } });",
      metadata: { tags: ["live-sampler"] },
      outputs: [
        { output_type: "stream", name: "stdout", text: `${FIXTURE_UNIT.unit}\n` },
        {
          output_type: "display_data",
          data: {
            [COLORED_TEXT_MIME]: spec,
            [LIVE_MIME]: {
              checkpoint: FIXTURE_CHECKPOINT,
              unit: FIXTURE_UNIT,
              prime: FIXTURE_PRIME,
            },
            "text/plain": "coloured text",
          },
        },
      ],
    },
  ];
  return {
    cells,
    metadata: { rnn_notebooks: { edition: lang, source: "test/support/live-site.ts" } },
  };
}

/** Writes the fixture checkpoint and the two fixture notebooks into `dir`. */
export function writeSamplerFixture(dir: string): {
  modelsDir: string;
  notebooks: Array<{ lang: PageLanguage; name: string; notebook: string }>;
  checkpoint: Checkpoint;
} {
  const modelsDir = join(dir, "models");
  mkdirSync(modelsDir, { recursive: true });
  const checkpoint = fixtureCheckpoint();
  writeFileSync(join(modelsDir, `${FIXTURE_CHECKPOINT}.json`), JSON.stringify(checkpoint));
  const notebooks = (["zh", "en"] as const).map((lang) => {
    const notebook = join(dir, `${lang}-99-sampler-fixture.ipynb`);
    writeFileSync(notebook, JSON.stringify(samplerFixtureNotebook(lang, checkpoint)));
    return { lang, name: "99-sampler-fixture", notebook };
  });
  return { modelsDir, notebooks, checkpoint };
}

/** Chapter 07's live cell's data: the committed checkpoint, the number and language it shows. */
export const SAY_NUMBER_FIXTURE = {
  checkpoint: "say-number",
  number: 30050,
  language: "zh" as ReadingLanguage,
} as const;
export const SAY_NUMBER_FIXTURE_PAGE = "98-say-number-fixture";

/**
 * A chapter page holding chapter 07's live cell as an executed notebook would have it (chapter
 * 07 builds the real one): the reading printed, then the attention heatmap with its live data.
 */
export function sayNumberFixtureNotebook(lang: PageLanguage): ExecutedNotebook {
  const { model } = loadSeq2seqCheckpoint();
  const { number, language } = SAY_NUMBER_FIXTURE;
  const reading = sayWithModel(model, number, language);
  const figure = attentionHeatmap(reading, { language: lang });
  const cells: NotebookCell[] = [
    {
      cell_type: "markdown",
      source: say({ zh: "# 读数字（测试夹具）", en: "# Saying a number (test fixture)" }, lang),
    },
    {
      cell_type: "code",
      source:
        'const attnReading = sayWithModel(withAttention.model, 30050, "zh");\n' +
        'console.log("30050 →", attnReading.reading);\n' +
        'show(attentionHeatmap(attnReading), { live: { checkpoint: "say-number", number: 30050, language: "zh" } });',
      metadata: { tags: ["live-say-number"] },
      outputs: [
        { output_type: "stream", name: "stdout", text: `${number} → ${reading.reading}\n` },
        {
          output_type: "display_data",
          data: {
            [PLOTLY_MIME]: figure,
            [LIVE_MIME]: { ...SAY_NUMBER_FIXTURE },
            "text/plain": "Plotly figure: 1 trace (heatmap)",
          },
        },
      ],
    },
  ];
  return {
    cells,
    metadata: { rnn_notebooks: { edition: lang, source: "test/support/live-site.ts" } },
  };
}

/** Writes the two say-number fixture notebooks into `dir` (the checkpoint is the committed one). */
export function writeSayNumberFixture(
  dir: string,
): Array<{ lang: PageLanguage; name: string; notebook: string }> {
  mkdirSync(dir, { recursive: true });
  return (["zh", "en"] as const).map((lang) => {
    const notebook = join(dir, `${lang}-${SAY_NUMBER_FIXTURE_PAGE}.ipynb`);
    writeFileSync(notebook, JSON.stringify(sayNumberFixtureNotebook(lang)));
    return { lang, name: SAY_NUMBER_FIXTURE_PAGE, notebook };
  });
}

// ——— what the library computes in Node ———

/** Chapter 02's decay cell for one ρ: the tanh and the linear norms by lag (steps 60, seed 7). */
export function expectedGradientLag(rho: number) {
  const tanh = gradientDecay({ spectralRadius: rho, steps: 60, seed: 7 });
  const linear = gradientDecay({ spectralRadius: rho, steps: 60, seed: 7, activation: "linear" });
  return { tanh, linear };
}

/** Chapter 05's gap cell (its `shared` and `sweepSettings`) for one gap, RNN and LSTM: the mean test accuracy of seeds 1 and 2. */
export function expectedGapTraining(gap: number, lang: PageLanguage): Record<string, number> {
  const sweeps = [1, 2].map((seed) =>
    gapExperiment({
      gaps: [gap],
      seed,
      cells: ["simpleRNN", "lstm"],
      units: 8,
      batchSize: 16,
      learningRate: 0.03,
      clipNorm: 1,
      forgetBias: 3,
      updateBias: 2,
      countries: 4,
      trainCount: 400,
      testCount: 200,
      epochs: 15,
      stopAtAccuracy: 0.99,
      language: lang,
      progress: false,
    }),
  );
  const mean = (cell: string) =>
    sweeps.reduce((sum, s) => sum + s.results.find((r) => r.cell === cell)!.accuracy, 0) /
    sweeps.length;
  return { simpleRNN: mean("simpleRNN"), lstm: mean("lstm") };
}

/** The chapter's trained model reads the reader's sentence; the chapter cell's panels and lines. */
export function expectedGateExplorer(
  payloadJson: unknown,
  country: string,
  fillers: string[],
  lang: PageLanguage,
) {
  const { model, sentences } = gateExplorerPayload(payloadJson);
  const { before, afterCountry, end } = franceTemplate(sentences.language);
  const words = [...before, country, ...afterCountry, ...fillers, ...end];
  const classOf = (c: string) =>
    sentences.classes.findIndex(
      (_, k) => countryOfClass(sentences.classKeys[k], sentences.language) === c,
    );
  const dataset: TokenDataset = {
    kind: "tokens",
    count: 1,
    time: words.length,
    tokens: Int32Array.from(words, (w) => sentences.vocabulary.indexOf(w)),
    vocabulary: sentences.vocabulary,
    labels: Int32Array.of(classOf(country)),
    classes: sentences.classes,
  };
  const sentence = inspect(model, dataset, 0);
  const figure = gateHeatmapFigure(chapterPanels(sentence, model, lang), {
    tokens: sentence.words,
    language: lang,
  });
  const text = `${sentence.words.join(" ")}\n${say(
    {
      zh: `预测：${sentence.prediction}，答案：${sentence.answer}`,
      en: `predicted: ${sentence.prediction}, answer: ${sentence.answer}`,
    },
    lang,
  )}`;
  return { figure, text, words };
}

/** The country where the class's language is spoken (glossary entries of kind country). */
function countryOfClass(languageKey: string, lang: "zh" | "en"): string {
  const entry = Object.values(loadGlossary()).find(
    (e) => e.kind === "country" && e.language === languageKey,
  );
  return entry ? entry[lang] : "";
}

/** The panels the chapter cells draw: 03 (LSTM) i, f, o, C; 04 (GRU) z, r, h. */
function chapterPanels(sentence: Inspection, model: Model, lang: PageLanguage): HeatmapPanel[] {
  if (model.config.cell === "lstm") {
    return [
      { title: `${term("input_gate", lang)} i_t`, values: sentence.gates.inputGate },
      { title: `${term("forget_gate", lang)} f_t`, values: sentence.gates.forgetGate },
      { title: `${term("output_gate", lang)} o_t`, values: sentence.gates.outputGate },
      { title: `${term("cell_state", lang)} C_t`, values: sentence.cellState!, signed: true },
    ];
  }
  return [
    { title: `${term("update_gate", lang)} z_t`, values: sentence.gates.updateGate },
    { title: `${term("reset_gate", lang)} r_t`, values: sentence.gates.resetGate },
    { title: `${term("hidden_state", lang)} h_t`, values: sentence.hidden, signed: true },
  ];
}

/** The model writes with charlm's sample(); each character coloured by the unit (× its sign). */
export function expectedSample(
  checkpoint: Checkpoint,
  unit: ColourUnit | undefined,
  params: { temperature: number; prime: string; seed: number; length: number },
) {
  const { model, vocabulary } = fromCheckpoint(checkpoint);
  const { text } = sample(model, vocabulary, {
    prime: params.prime,
    length: params.length,
    temperature: params.temperature,
    seed: params.seed,
  });
  const key = unit ?? { layer: 1, state: "h" as const, unit: 0 };
  const sign = unit?.sign ?? 1;
  const values = unitSeries(readStates(model, vocabulary, text), key).map((v) => sign * v);
  return { text, values };
}

/** The committed model says the number (sayWithModel), and the chapter cell's heatmap of it. */
export function expectedSayNumber(
  number: number,
  language: ReadingLanguage,
  beamWidth: number,
  lang: PageLanguage,
) {
  const { model } = loadSeq2seqCheckpoint();
  const reading = sayWithModel(model, number, language, { beamWidth });
  return { reading, figure: attentionHeatmap(reading, { language: lang }) };
}

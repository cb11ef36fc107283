// The live figures of the course website (src/site/browser/, src/site/live-figure.ts): a chapter
// cell tagged `live-<name>` shows its executed outputs first; the reader moves a control and the
// figure is recomputed in a Web Worker by the library. In Chromium, from file:// (a folder whose
// name has a space and Chinese characters) and over http, in both languages: the static outputs
// are there first, every control redraws, and what is drawn EQUALS what the library computes in
// Node for the same input (float64: equal up to 1e-12 relative — Chromium's V8 rounds Math.exp
// and Math.tanh differently from Node's in the last bit), with no console error and no failed
// request. Screenshots before and after each interaction: build/screenshots/live/.
//
// Uses the executed chapters test/notebooks.test.ts left in build/executed/ (executing only what
// is missing or stale), plus a fixture page with a live sampler on a tiny character model. A page
// may hold several figures of one kind: chapter 06 has two samplers, the Tang model's and the
// English one's, each checked against Node with its own checkpoint, unit and prime. Chapter 07's
// number reader (say-number) has a fixture page too, on the committed say-number checkpoint, so
// it is checked whether or not chapter 07 has been executed.
// Development: RNN_LIVE_EXECUTED=<dir> builds the site from <dir>/{zh,en}/*.ipynb instead and
// executes nothing; the chapters <dir> lacks are left out (the fixture page is always there).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from "../scripts/chromium.js";
import { type StaticServer, staticServer } from "../scripts/static-server.js";
import type { Checkpoint } from "../src/core/charlm/checkpoint.js";
import { vocabularyFromSymbols } from "../src/core/charlm/vocabulary.js";
import { term } from "../src/core/i18n.js";
import { franceTask } from "../src/core/train/tasks/france.js";
import { setDisplayWriter } from "../src/node/display/mime.js";
import { LIVE_MIME, livePayload, show } from "../src/node/display/show.js";
import { parseFillers, sentenceParts } from "../src/site/browser/compute/gate-explorer.js";
import { gradientLag } from "../src/site/browser/compute/gradient-lag.js";
import {
  type ColourUnit,
  checkSamplerParams,
  loadSamplerPayload,
  SAMPLE_LENGTH,
} from "../src/site/browser/compute/sampler.js";
import { checkSayNumberParams } from "../src/site/browser/compute/say-number.js";
import { gateExplorerPayload } from "../src/site/browser/payload.js";
import type {
  LiveFigureConfig,
  LiveFigureName,
  PageLanguage,
} from "../src/site/browser/protocol.js";
import { renderLiveFigure } from "../src/site/live-figure.js";
import { type ExecutedNotebook, renderNotebook } from "../src/site/render-notebook.js";
import {
  buildSite,
  courseNotebooks,
  discardFailedExecutions,
  readExecutedNotebook,
  type SiteResult,
} from "../src/site/site.js";
import { ROOT, runNotebooks } from "./support/jupyter.js";
import {
  expectedGapTraining,
  expectedGateExplorer,
  expectedGradientLag,
  expectedSample,
  expectedSayNumber,
  FIXTURE_CHECKPOINT,
  SAY_NUMBER_FIXTURE,
  SAY_NUMBER_FIXTURE_PAGE,
  writeSamplerFixture,
  writeSayNumberFixture,
} from "./support/live-site.js";

const SCREENSHOTS = join(ROOT, "build", "screenshots", "live");
const DEVELOPMENT_EXECUTED = process.env.RNN_LIVE_EXECUTED;
const REDRAW_TIMEOUT_MS = 180_000;

/** The chapters' live figures, in page order: every one must be on the site, in both languages. */
const EXPECTED_FIGURES: Record<string, LiveFigureName[]> = {
  "02-long-term-dependencies": ["gradient-lag"],
  "03-lstm": ["gate-explorer"],
  "04-gru": ["gate-explorer"],
  "05-side-by-side": ["gap-training"],
  [SAY_NUMBER_FIXTURE_PAGE]: ["say-number"],
  "99-sampler-fixture": ["sampler"],
};
/** Checked when executed: chapter 06 needs its committed checkpoints (npm run train:charlm). */
const EXPECTED_IF_EXECUTED: Record<string, LiveFigureName[]> = {
  "06-char-language-model": ["sampler", "sampler"],
  "07-sequence-to-sequence": ["say-number"],
};
/** The checkpoint each sampler of a page loads, in page order. */
const EXPECTED_CHECKPOINTS: Record<string, string[]> = {
  "06-char-language-model": ["tang-lstm", "english-lstm"],
  "99-sampler-fixture": [FIXTURE_CHECKPOINT],
};
/** The prime the test types into a committed model's sampler (not the cell's: a control change). */
const TYPED_PRIME: Record<string, string> = { tang: "明月", english: "Call me " };

/** A committed checkpoint, assets/models/<name>.json. */
function committedCheckpoint(name: string): Checkpoint {
  return JSON.parse(readFileSync(join(ROOT, "assets", "models", `${name}.json`), "utf8"));
}

// ——— without a browser ———

describe("live figures: the payload and the markup", () => {
  test("show(figure, { live }) adds one mime type with plain-JSON data; show(figure) does not", () => {
    const sent: Array<Record<string, unknown>> = [];
    setDisplayWriter((content) => sent.push(content.data));
    try {
      const figure = { data: [{ y: [1, 2] }] };
      show(figure);
      show(figure, { live: { weights: Float64Array.of(0.1, 1 / 3), tokens: Int32Array.of(4, 5) } });
    } finally {
      setDisplayWriter(undefined);
    }
    assert.equal(sent.length, 2, "one display per show()");
    assert.ok(!(LIVE_MIME in sent[0]));
    assert.deepEqual(sent[1][LIVE_MIME], { weights: [0.1, 1 / 3], tokens: [4, 5] });
    assert.ok("text/html" in sent[1] && "text/plain" in sent[1], "the notebook outputs stay");
  });

  test("a payload that JSON cannot hold is refused, naming the field", () => {
    assert.throws(
      () => livePayload({ model: { parameters: { bias: [1, Number.NaN] } } }),
      /live\.model\.parameters\.bias\[1\]: NaN cannot be written as JSON/,
    );
    assert.throws(() => livePayload({ f: () => 1 }), /live\.f: a function/);
  });

  test("a live tag wraps the cell's outputs; the config JSON cannot end its script", () => {
    const figure = renderLiveFigure({
      name: "gradient-lag",
      lang: "zh",
      outputsHtml: '<pre class="output output-stdout">x</pre>\n',
      payload: { note: "</script><script>alert(1)</script>" },
      where: "t cell 1",
    });
    assert.deepEqual(figure.warnings, []);
    assert.match(figure.html, /^<figure class="live" data-live="gradient-lag">/);
    assert.match(figure.html, /<div class="cell-outputs live-static">\n<pre class="output/);
    assert.doesNotMatch(figure.html, /<\/script><script>/);
    const config = /<script type="application\/json" class="live-config">(.*)<\/script>/.exec(
      figure.html,
    );
    assert.deepEqual(JSON.parse(config?.[1] ?? "null"), {
      name: "gradient-lag",
      lang: "zh",
      payload: { note: "</script><script>alert(1)</script>" },
    });
  });

  test("an unknown live figure, or a gate explorer without its model, is a warning and stays static", () => {
    const unknown = renderLiveFigure({
      name: "gradient-lagg",
      lang: "en",
      outputsHtml: "<p>o</p>",
      payload: undefined,
      where: "notebooks/en/02.ipynb cell 7",
    });
    assert.match(unknown.warnings[0], /notebooks\/en\/02\.ipynb cell 7: tag live-gradient-lagg/);
    assert.match(
      unknown.warnings[0],
      /known: gradient-lag, gap-training, gate-explorer, sampler, say-number/,
    );
    assert.doesNotMatch(unknown.html, /<figure/);
    const noModel = renderLiveFigure({
      name: "gate-explorer",
      lang: "en",
      outputsHtml: "<p>o</p>",
      payload: undefined,
      where: "w",
    });
    assert.match(noModel.warnings[0], /needs the trained model: show\(figure, \{ live:/);
  });

  test("the renderer makes a tagged cell live and counts it", () => {
    const notebook: ExecutedNotebook = {
      metadata: { rnn_notebooks: { edition: "en" } },
      cells: [
        {
          cell_type: "code",
          source: "show(x)",
          metadata: { tags: ["live-gradient-lag"] },
          outputs: [{ output_type: "stream", name: "stdout", text: "ρ = 0.5\n" }],
        },
        { cell_type: "code", source: "1", outputs: [] },
      ],
    };
    const page = renderNotebook(notebook, "t");
    assert.equal(page.live, 1);
    assert.match(page.body, /<figure class="live" data-live="gradient-lag">/);
    assert.match(page.body, /"lang":"en"/);
  });

  test("typed filler words: a word outside the vocabulary is named with the vocabulary", () => {
    const vocabulary = franceTask({ gap: 2, count: 2, countries: 4, language: "en" }).vocabulary;
    assert.deepEqual(parseFillers("today, rain  coffee", vocabulary, "en"), [
      "today",
      "rain",
      "coffee",
    ]);
    assert.throws(
      () => parseFillers("today pizza", vocabulary, "en"),
      /"pizza" is not in the model's vocabulary\. The words it knows: I grew up in/,
    );
    const zh = franceTask({ gap: 2, count: 2, countries: 4, language: "zh" }).vocabulary;
    assert.deepEqual(parseFillers("今天下雨，咖啡", zh, "zh"), ["今天", "下雨", "咖啡"]);
    assert.throws(() => parseFillers("今天披萨", zh, "zh"), /"今天披萨" 不在模型的词表里/);
  });

  test("the sampler's prime: characters the model never saw are named", () => {
    const { checkpoint } = writeSamplerFixture(mkdtempSync(join(tmpdir(), "rnn-live-fixture-")));
    const vocabulary = {
      symbols: checkpoint.vocabulary.symbols,
      unknown: checkpoint.vocabulary.symbols.length - 1,
      minCount: 1,
    };
    assert.throws(
      () => checkSamplerParams({ temperature: 1, prime: "the Жx", seed: 1 }, vocabulary, "en"),
      /these characters are not among the model's \d+: Ж x/,
    );
    assert.throws(
      () => checkSamplerParams({ temperature: 9, prime: "the", seed: 1 }, vocabulary, "zh"),
      /温度要在 0\.1 到 2 之间，收到的是 9/,
    );
  });

  test("the English sampler: its prime is checked against the English model's characters, which are listed", () => {
    const english = committedCheckpoint("english-lstm").vocabulary;
    const vocabulary = vocabularyFromSymbols(english.symbols, english.minCount);
    const params = { temperature: 0.8, prime: "The ", seed: 2 };
    assert.deepEqual(checkSamplerParams(params, vocabulary, "en"), params);
    // Moby-Dick's text has no "4" and no "é": the message names them and lists the 72 it knows
    const known = "↵␣!\"'(),-.0123578:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    assert.throws(
      () => checkSamplerParams({ ...params, prime: "The 4th café" }, vocabulary, "en"),
      {
        name: "InputError",
        message: `these characters are not among the model's 72: 4 é (it would read each as □). Please replace them. The characters it knows: ${known}`,
      },
    );
    assert.throws(() => checkSamplerParams({ ...params, prime: "The 4th" }, vocabulary, "zh"), {
      name: "InputError",
      message: `这些字符不在模型的 72 个字符里：4（模型会把它们都读成 □）。请换掉它们。模型认识的字符：${known}`,
    });
    // the Tang model's thousands of characters are not listed
    const tang = committedCheckpoint("tang-lstm").vocabulary;
    assert.throws(
      () =>
        checkSamplerParams(
          { ...params, prime: "床前Q" },
          vocabularyFromSymbols(tang.symbols, tang.minCount),
          "zh",
        ),
      {
        name: "InputError",
        message: /^这些字符不在模型的 \d+ 个字符里：Q（模型会把它们都读成 □）。请换掉它们。$/,
      },
    );
  });

  test("say-number: the cell names its checkpoint, which the site writes as a script", () => {
    const figure = renderLiveFigure({
      name: "say-number",
      lang: "en",
      outputsHtml: "<p>o</p>",
      payload: { ...SAY_NUMBER_FIXTURE },
      where: "w",
    });
    assert.deepEqual(figure.warnings, []);
    assert.deepEqual(figure.checkpoints, ["say-number"]);
    const config = /class="live-config">(.*)<\/script>/.exec(figure.html);
    assert.deepEqual(JSON.parse(config?.[1] ?? "null"), {
      name: "say-number",
      lang: "en",
      script: { src: "../assets/models/say-number.js", global: "rnnCheckpoint_say_number" },
      payload: { number: 30050, language: "zh" },
    });
    const unnamed = renderLiveFigure({
      name: "say-number",
      lang: "zh",
      outputsHtml: "<p>o</p>",
      payload: { number: 30050 },
      where: "w",
    });
    assert.match(unnamed.warnings[0], /live-say-number needs the checkpoint's name/);
    assert.doesNotMatch(unnamed.html, /<figure/);
  });

  test("say-number: what is not a whole number 0…99,999,999 is a message naming what came", () => {
    const params = { language: "zh", beamWidth: 1 };
    assert.deepEqual(checkSayNumberParams({ ...params, number: " 30,050 " }, "en"), {
      ...params,
      number: " 30,050 ",
    });
    for (const typed of ["3.5", "abc", "-1", "", "007"]) {
      assert.throws(() => checkSayNumberParams({ ...params, number: typed }, "en"), {
        name: "InputError",
        message: new RegExp(`^Expected a (whole )?number.*got ${JSON.stringify(typed)}$`),
      });
    }
    assert.throws(() => checkSayNumberParams({ ...params, number: "100000000" }, "en"), {
      name: "InputError",
      message: "Expected a whole number from 0 to 99,999,999, got 100000000",
    });
    // the library words it in English: the Chinese page says it in Chinese, then the library's words
    assert.throws(() => checkSayNumberParams({ ...params, number: "3.5" }, "zh"), {
      name: "InputError",
      message:
        '请输入 0 到 99,999,999 之间的整数，只写数字（例如 30050），收到的是 “3.5”。（Expected a whole number from 0 to 99,999,999 written in digits (e.g. 30050), got "3.5"）',
    });
    assert.throws(
      () => checkSayNumberParams({ ...params, number: "100000000" }, "zh"),
      /^InputError: 请输入 0 到 99,999,999 之间的整数.*收到的是 “100000000”/,
    );
    assert.throws(
      () => checkSayNumberParams({ ...params, number: "12", beamWidth: 3 }, "en"),
      /beamWidth must be one of 1, 4, got 3/,
    );
  });

  test("the sampler's data: the checkpoint's unit and the length a run writes are checked", () => {
    const checkpoint = committedCheckpoint("english-lstm");
    const unit = { layer: 2, state: "c", unit: 88, sign: 1 } as const;
    const loaded = loadSamplerPayload({ checkpoint, unit, prime: "The ", length: 300 });
    assert.equal(loaded.length, 300);
    assert.equal(loaded.vocabulary.symbols.length, 73);
    assert.throws(
      () => loadSamplerPayload({ checkpoint, unit: { ...unit, unit: 160 } }),
      /sampler: \{"layer":2,"state":"c","unit":160,"sign":1\} is not a unit of this lstm model/,
    );
    assert.throws(
      () => loadSamplerPayload({ checkpoint, unit, length: 0 }),
      /sampler: length must be a whole number from 1 to 2000, got 0/,
    );
  });
});

// ——— in Chromium ———

interface FigureState {
  redraws: number;
  state: string;
  status: string;
  text: string | null;
  controls: number;
  outputs: number;
  data: Array<{ name?: string; x?: number[]; y?: number[]; z?: number[][]; meta?: unknown }>;
  ticktext: string[] | null;
  values: number[] | null;
  sampleText: string | null;
  /** The characters the sample shows (its spans; a line break shows none). */
  shownText: string | null;
  /** The line above the sample (which unit colours it). */
  sampleTitle: string | null;
  /** Whether the sample runs out of its figure (an English line that cannot wrap). */
  sampleOverflows: boolean | null;
  chapterData: Array<{ y?: number[]; z?: number[][] }> | null;
  /** The y axis's labels (say-number: the words the model wrote, and <end>). */
  yticktext: string[] | null;
  /** say-number: the reading shown above the heatmap (null when none is shown). */
  reading: string | null;
  readingLines: string[] | null;
  /** Whether the figure's content runs out of it (a long reading, a wide heatmap). */
  overflows: boolean;
}

/** One live figure of a page: its name, and which of the page's figures of that name (0, 1, …). */
interface FigureRef {
  name: LiveFigureName;
  index: number;
}

/** The selector of a page's figures of one name. */
function figuresOf(name: LiveFigureName): string {
  return `figure.live[data-live="${name}"]`;
}

/** The figure, as a page expression. */
function figureJs(ref: FigureRef): string {
  return `document.querySelectorAll(${JSON.stringify(figuresOf(ref.name))})[${ref.index}]`;
}

/** The figure as the page holds it (a string: tsx's transpiled functions do not run in a page). */
function figureState(page: Page, ref: FigureRef): Promise<FigureState> {
  return page.evaluate(`(() => {
    const f = ${figureJs(ref)};
    const plot = f.querySelector(".rnn-plot");
    const chapter = plot && f.querySelector('script[data-plot="' + plot.id + '"]');
    const sample = f.querySelector(".live-sample");
    return {
      redraws: Number(f.dataset.redraws || 0),
      state: f.dataset.liveState || "",
      status: f.querySelector(".live-status")?.textContent ?? "",
      text: f.querySelector("pre.output-stdout")?.textContent ?? null,
      outputs: f.querySelectorAll(".live-static .output").length,
      controls: f.querySelectorAll(".live-controls input, .live-controls select, .live-controls button").length,
      data: plot && plot.data ? plot.data.map((t) => ({ name: t.name, x: t.x, y: t.y, z: t.z, meta: t.meta })) : [],
      ticktext: plot && plot.layout && plot.layout.xaxis ? plot.layout.xaxis.ticktext ?? null : null,
      yticktext: plot && plot.layout && plot.layout.yaxis ? plot.layout.yaxis.ticktext ?? null : null,
      reading: (() => { const r = f.querySelector(".live-reading"); return r && !r.hidden ? r.dataset.reading ?? null : null; })(),
      readingLines: (() => { const r = f.querySelector(".live-reading"); return r && !r.hidden ? [...r.children].map((c) => c.textContent) : null; })(),
      overflows: f.scrollWidth > f.clientWidth + 1,
      values: sample && sample.dataset.values ? JSON.parse(sample.dataset.values) : null,
      sampleText: sample ? sample.dataset.text ?? null : null,
      shownText: sample ? [...sample.querySelectorAll(".rnn-colored-text > span")].map((s) => s.textContent).join("").replace(/\u00a0/g, " ") : null,
      sampleTitle: sample ? sample.querySelector(".rnn-colored-text > div")?.textContent ?? null : null,
      sampleOverflows: sample ? sample.scrollWidth > sample.clientWidth + 1 : null,
      chapterData: chapter ? JSON.parse(chapter.textContent).data.map((t) => ({ y: t.y, z: t.z })) : null,
    };
  })()`) as Promise<FigureState>;
}

/** Waits for the figure's next redraw (or for it to report a refused input). */
async function nextRedraw(page: Page, ref: FigureRef, after: number, expectError = false) {
  const { name } = ref;
  const figure = figureJs(ref);
  const error = `${figure}.dataset.liveState === "error"`;
  const drawn = `Number(${figure}.dataset.redraws || 0) > ${after} && ${figure}.dataset.liveState === "drawn"`;
  await page.waitForFunction(`(${error}) || (${drawn})`, undefined, {
    timeout: REDRAW_TIMEOUT_MS,
  });
  const state = await figureState(page, ref);
  if (expectError) assert.equal(state.state, "error", `${name}: the input was not refused`);
  else assert.equal(state.state, "drawn", `${name}: refused the input: ${state.status}`);
  return state;
}

/** Sets a control's value as a reader would and fires its event. */
async function setControl(
  page: Page,
  ref: FigureRef,
  control: string,
  value: string,
  event: string,
) {
  await page.evaluate(`(() => {
    const el = ${figureJs(ref)}.querySelector('[name=${JSON.stringify(control)}]');
    el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event(${JSON.stringify(event)}, { bubbles: true }));
  })()`);
}

/** Largest |a − b| / max(1, |b|) over equally long arrays (also nested); fails on a shape change. */
function assertClose(actual: unknown, expected: unknown, what: string, tolerance = 1e-12): void {
  let worst = 0;
  const walk = (a: unknown, b: unknown, path: string) => {
    if (Array.isArray(b)) {
      assert.ok(Array.isArray(a), `${what}${path}: expected an array`);
      assert.equal(a.length, b.length, `${what}${path}: length`);
      b.forEach((value, i) => {
        walk(a[i], value, `${path}[${i}]`);
      });
      return;
    }
    assert.equal(typeof a, "number", `${what}${path}: expected a number, got ${a}`);
    const d = Math.abs((a as number) - (b as number)) / Math.max(1, Math.abs(b as number));
    worst = Math.max(worst, d);
  };
  walk(actual, expected, "");
  assert.ok(worst <= tolerance, `${what}: differs from Node by ${worst} (> ${tolerance})`);
}

const NUMBER = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g;

/**
 * Printed lines: the words equal, the numbers within 1e-12 (absolute below 1, else relative) —
 * a rounding-noise figure such as "8.88e-16" vs "1.11e-15" is the engines' last bit, not a bug.
 */
function assertSameText(actual: string | null, expected: string, what: string): void {
  assert.equal(actual?.replace(NUMBER, "#"), expected.replace(NUMBER, "#"), what);
  assertClose(
    (actual?.match(NUMBER) ?? []).map(Number),
    (expected.match(NUMBER) ?? []).map(Number),
    `${what}: the numbers`,
  );
}

describe("live figures in chromium", () => {
  // A folder with a space and Chinese characters: the site must work wherever it is copied.
  const outDir = mkdtempSync(join(tmpdir(), "rnn live 网站 "));
  const fixtureDir = mkdtempSync(join(tmpdir(), "rnn-live-fixture-"));
  const profile = mkdtempSync(join(tmpdir(), "rnn-live-chromium-"));
  let site: SiteResult;
  let checkpoint: Checkpoint;
  /** The gate explorers' payloads, read from the executed notebooks (what the pages hold). */
  const payloads = new Map<string, unknown>();
  let context: BrowserContext;
  let server: StaticServer;
  const gapCache = new Map<string, Record<string, number>>();

  before(async () => {
    const stale = courseNotebooks(ROOT).filter((n) => n.stale !== undefined);
    if (stale.length > 0 && !DEVELOPMENT_EXECUTED) {
      const run = await runNotebooks(
        stale.map((n) => n.notebook),
        ["--save", "build/executed", "--no-rerun"],
      );
      if (run.code !== 0) discardFailedExecutions(ROOT, run.report);
      assert.equal(run.code, 0, "executing the chapters for the site failed (output above)");
    }
    const fixture = writeSamplerFixture(fixtureDir);
    const sayNumberFixture = writeSayNumberFixture(join(fixtureDir, "say-number"));
    checkpoint = fixture.checkpoint;
    const notebooks = DEVELOPMENT_EXECUTED
      ? (["zh", "en"] as const).flatMap((lang) =>
          readdirSync(join(DEVELOPMENT_EXECUTED, lang))
            .filter((file) => file.endsWith(".ipynb"))
            .map((file) => ({
              lang,
              name: file.slice(0, -".ipynb".length),
              executed: join(DEVELOPMENT_EXECUTED, lang, file),
            })),
        )
      : courseNotebooks(ROOT);
    for (const n of notebooks) {
      const notebook = readExecutedNotebook(n.executed);
      for (const cell of notebook.cells) {
        if (!(cell.metadata?.tags ?? []).includes("live-gate-explorer")) continue;
        for (const output of cell.outputs ?? []) {
          if (output.data && LIVE_MIME in output.data) {
            payloads.set(`${n.lang}/${n.name}`, output.data[LIVE_MIME]);
          }
        }
      }
    }
    site = buildSite(
      ROOT,
      outDir,
      [
        ...notebooks.map((n) => ({ lang: n.lang, name: n.name, notebook: n.executed })),
        ...fixture.notebooks,
        ...sayNumberFixture,
      ],
      { modelsDirs: [fixture.modelsDir, join(ROOT, "assets", "models")] },
    );
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await launchChromium(profile);
    server = await staticServer(outDir);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    for (const dir of [outDir, fixtureDir, profile]) rmSync(dir, { recursive: true, force: true });
  });

  test("every chapter's live figure is on the site, in both languages, with no warning", () => {
    assert.deepEqual(
      site.warnings.filter((w) => /live/.test(w)),
      [],
    );
    const expected = { ...EXPECTED_FIGURES, ...EXPECTED_IF_EXECUTED };
    for (const lang of ["zh", "en"] as const) {
      for (const name of Object.keys(expected)) {
        const page = site.pages.find((p) => p.path === `${lang}/${name}.html`);
        if (!page && (name in EXPECTED_IF_EXECUTED || DEVELOPMENT_EXECUTED)) continue;
        assert.ok(page, `${lang}/${name}.html is missing (not executed?)`);
        assert.equal(
          page.live,
          expected[name].length,
          `${lang}/${name}.html has ${page.live} live figures, not ${expected[name].length}: tag its cells ${expected[name].map((n) => `live-${n}`).join(", ")} in notebooks/source/${name}.md and run npm run build`,
        );
      }
    }
  });

  test("without JavaScript a live figure is its static outputs (no controls)", async () => {
    const noScript = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await (await noScript.newContext({ javaScriptEnabled: false })).newPage();
      for (const path of site.pages.filter((p) => p.live > 0).map((p) => p.path)) {
        await page.goto(pathToFileURL(join(outDir, path)).href);
        const found =
          (await page.evaluate(`[...document.querySelectorAll("figure.live")].map((f) => ({
          outputs: f.querySelectorAll(".live-static .output").length,
          controls: f.querySelectorAll(".live-controls").length,
        }))`)) as Array<{ outputs: number; controls: number }>;
        assert.ok(found.length > 0, `${path}: no live figure`);
        for (const [k, figure] of found.entries()) {
          assert.ok(figure.outputs > 0, `${path}: live figure ${k + 1} shows no static output`);
          assert.equal(figure.controls, 0, `${path}: controls without JavaScript`);
        }
      }
    } finally {
      await noScript.close();
    }
  });

  /** Opens a page, collecting every console error, page error and failed request. */
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) =>
      errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`),
    );
    page.on("response", (response) => {
      if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction('document.documentElement.dataset.liveFigures === "ready"');
    return { page, errors };
  }

  async function screenshot(page: Page, ref: FigureRef, file: string | undefined): Promise<void> {
    if (!file) return;
    const figure = page.locator(figuresOf(ref.name)).nth(ref.index);
    await figure.scrollIntoViewIfNeeded();
    await figure.screenshot({ path: join(SCREENSHOTS, `${file}.png`) });
  }

  /** ρ slider and curve choice → the chapter's series for that ρ. */
  async function checkGradientLag(page: Page, lang: PageLanguage, shot?: string) {
    const name = "gradient-lag";
    const ref: FigureRef = { name, index: 0 };
    const rho = 1.23;
    await setControl(page, ref, "rho", String(rho), "input");
    const moved = await nextRedraw(page, ref, 0);
    const { tanh, linear } = expectedGradientLag(rho);
    assert.deepEqual(
      moved.data.map((t) => t.name),
      [`tanh, ρ = ${rho}`, `${term("linear_activation", lang)}, ρ = ${rho}`],
    );
    assert.deepEqual(moved.data[0].x, tanh.lags);
    assertClose(moved.data[0].y, tanh.norms, "tanh ‖∂h_T/∂h_t‖₂");
    assertClose(moved.data[1].y, linear.norms, "linear ‖∂h_T/∂h_t‖₂");
    assertSameText(
      moved.text,
      gradientLag({ spectralRadius: rho, curves: "both" }, lang).text,
      "the printed line",
    );
    await screenshot(page, ref, shot && `${shot}-after`);
    await page.selectOption(`figure.live[data-live="${name}"] select[name="curves"]`, "linear");
    const linearOnly = await nextRedraw(page, ref, moved.redraws);
    assert.equal(linearOnly.data.length, 1);
    assertClose(linearOnly.data[0].y, linear.norms, "linear only");
  }

  /** Country and fillers → the chapter's trained model reads them; then an unknown word. */
  async function checkGateExplorer(page: Page, lang: PageLanguage, path: string, shot?: string) {
    const name = "gate-explorer";
    const ref: FigureRef = { name, index: 0 };
    const payload = payloads.get(path);
    assert.ok(payload, `${path}: no live payload in the executed notebook`);
    const options = (await page.evaluate(
      `[...document.querySelectorAll('figure.live select[name="country"] option')].map((o) => o.value)`,
    )) as string[];
    const first = sentenceParts(gateExplorerPayload(payload).sentences, 0);
    const country = options.find((o) => o !== first.country) as string;
    // words of the chapters' 12 fillers; the Chinese ones typed without a space between two
    const typed = lang === "zh" ? "今天天气 咖啡，音乐" : "today weather, coffee music";
    const fillers = lang === "zh" ? ["今天", "天气", "咖啡", "音乐"] : typed.split(/[ ,]+/);
    await page.selectOption(`figure.live[data-live="${name}"] select[name="country"]`, country);
    const afterCountry = await nextRedraw(page, ref, 0);
    await page.fill(`figure.live[data-live="${name}"] input[name="fillers"]`, typed);
    const typedState = await nextRedraw(page, ref, afterCountry.redraws);
    const expected = expectedGateExplorer(payload, country, fillers, lang);
    assertSameText(typedState.text, expected.text, "the printed lines");
    assert.deepEqual(typedState.ticktext, expected.words);
    assert.equal(typedState.data.length, expected.figure.data.length);
    expected.figure.data.forEach((trace, k) => {
      assertClose(typedState.data[k].z, trace.z, `panel ${k} z`);
    });
    await screenshot(page, ref, shot && `${shot}-after`);
    const [known, unknown] = lang === "zh" ? ["今天", "披萨"] : ["today", "pizza"];
    await page.fill(
      `figure.live[data-live="${name}"] input[name="fillers"]`,
      `${known} ${unknown}`,
    );
    const refused = await nextRedraw(page, ref, typedState.redraws, true);
    assert.match(refused.status, new RegExp(`"${unknown}"`));
    assert.match(refused.status, new RegExp(term("vocabulary", lang)));
  }

  /** Stop a long run; then train at a short gap: the new points equal Node's. */
  async function checkGapTraining(page: Page, lang: PageLanguage, shot?: string) {
    const name = "gap-training";
    const ref: FigureRef = { name, index: 0 };
    const figure = `figure.live[data-live="${name}"]`;
    await setControl(page, ref, "gap", "40", "input");
    await page.click(`${figure} button.live-run`);
    await page.waitForFunction(
      `document.querySelector('${figure} progress').value > 0`,
      undefined,
      {
        timeout: REDRAW_TIMEOUT_MS,
      },
    );
    await page.click(`${figure} button.live-stop`);
    const stopped = await figureState(page, ref);
    assert.match(stopped.status, lang === "zh" ? /已停止/ : /Stopped/);
    assert.equal(stopped.redraws, 0, "a stopped run drew something");
    const gap = 6;
    await setControl(page, ref, "gap", String(gap), "input");
    await page.click(`${figure} button.live-run`);
    const trained = await nextRedraw(page, ref, 0);
    const key = `${lang}/${gap}`;
    if (!gapCache.has(key)) gapCache.set(key, expectedGapTraining(gap, lang));
    const expected = gapCache.get(key) as Record<string, number>;
    const live = trained.data.filter((t) => t.meta && typeof t.meta === "object");
    assert.deepEqual(
      live.map((t) => (t.meta as { live: string }).live),
      ["simpleRNN", "lstm"],
    );
    for (const trace of live) {
      const cell = (trace.meta as { live: string }).live;
      assert.deepEqual(trace.x, [gap]);
      assertClose(trace.y, [expected[cell]], `${cell} accuracy at k = ${gap}`);
    }
    // the chapter's curves are still there, unchanged
    assert.deepEqual(
      trained.data.slice(0, trained.chapterData?.length).map((t) => t.y),
      trained.chapterData?.map((t) => t.y),
    );
    await screenshot(page, ref, shot && `${shot}-after`);
  }

  /**
   * Temperature, prime, seed → the model's text (charlm's sample()), coloured by the cell's unit:
   * the fixture's tiny model, or one of the chapter's committed checkpoints (assets/models/<name>.json:
   * the Tang poems' and the English one, two samplers on one page).
   */
  async function checkSampler(
    page: Page,
    lang: PageLanguage,
    ref: FigureRef,
    checkpointExpected: string | undefined,
    shot?: string,
  ) {
    const figure = page.locator(figuresOf(ref.name)).nth(ref.index);
    await page.waitForFunction(`!${figureJs(ref)}.querySelector("button.live-run").disabled`);
    const config = JSON.parse(
      (await figure.locator("script.live-config").textContent()) ?? "null",
    ) as LiveFigureConfig;
    const checkpointName = /([^/]+)\.js$/.exec(config.script?.src ?? "")?.[1] ?? "";
    assert.equal(checkpointName, checkpointExpected, `sampler ${ref.index + 1}: its checkpoint`);
    const model =
      checkpointName === FIXTURE_CHECKPOINT ? checkpoint : committedCheckpoint(checkpointName);
    const cellData = (config.payload ?? {}) as {
      unit?: ColourUnit;
      prime?: string;
      length?: number;
    };
    // the controls start from the cell's prime ("床前", "The "), and the status names the model
    assert.equal(await figure.locator('input[name="prime"]').inputValue(), cellData.prime ?? "");
    const corpus = model.report.corpus;
    if (corpus === "english") {
      assert.match(
        (await figure.locator(".live-status").textContent()) ?? "",
        lang === "zh" ? /英文模型/ : /English model/,
      );
    }
    const prime =
      checkpointName === FIXTURE_CHECKPOINT
        ? "a dog "
        : (TYPED_PRIME[corpus] ?? cellData.prime ?? "");
    const shown = await figureState(page, ref);
    assert.equal(shown.sampleOverflows, false, "the chapter's sample runs out of the figure");
    const params = { temperature: 0.55, prime, seed: 3 };
    await setControl(page, ref, "temperature", String(params.temperature), "input");
    await figure.locator('input[name="prime"]').fill(params.prime);
    await figure.locator('input[name="seed"]').fill(String(params.seed));
    await figure.locator("button.live-run").click();
    const written = await nextRedraw(page, ref, 0);
    const length = cellData.length ?? SAMPLE_LENGTH;
    const expected = expectedSample(model, cellData.unit, { ...params, length });
    assert.ok(
      expected.text.startsWith(prime) &&
        Array.from(expected.text).length === Array.from(prime).length + length,
    );
    assert.equal(written.sampleText, expected.text);
    assert.equal(written.shownText, expected.text.replace(/\n/g, ""), "the characters shown");
    assertClose(written.values, expected.values, "the unit's value");
    assert.equal(written.sampleTitle, shown.sampleTitle, "the unit's name above the text");
    assert.equal(written.sampleOverflows, false, "the sample runs out of the figure");
    await screenshot(page, ref, shot && `${shot}-after`);
    await figure.locator('input[name="prime"]').fill(`${prime}Ж`);
    await figure.locator("button.live-run").click();
    const refused = await nextRedraw(page, ref, written.redraws, true);
    assert.match(refused.status, /Ж/);
    assert.match(refused.status, lang === "zh" ? /不在模型的/ : /not among the model's/);
    if (corpus === "english") {
      // a few dozen characters: the message lists them
      assert.match(
        refused.status,
        lang === "zh" ? /模型认识的字符：.*ABC/ : /The characters it knows: .*ABC/,
      );
    }
  }

  /**
   * Chapter 07's number reader: a typed number, the language, greedy or beam 4 → the reading and
   * the attention weights the committed model gives in Node (sayWithModel, attentionHeatmap);
   * what is not a whole number 0…99,999,999 → the message, and no reading.
   */
  async function checkSayNumber(page: Page, lang: PageLanguage, shot?: string) {
    const ref: FigureRef = { name: "say-number", index: 0 };
    const figure = page.locator(figuresOf(ref.name)).nth(ref.index);
    await page.waitForFunction(
      `!${figureJs(ref)}.querySelector('input[name="number"]').disabled`,
      undefined,
      { timeout: REDRAW_TIMEOUT_MS },
    );
    const config = JSON.parse(
      (await figure.locator("script.live-config").textContent()) ?? "null",
    ) as LiveFigureConfig;
    assert.match(config.script?.src ?? "", /\/say-number\.js$/, "say-number: its checkpoint");
    const cell = config.payload as { number: number; language: "zh" | "en" };
    // the controls start from the cell's number and language
    assert.equal(await figure.locator('input[name="number"]').inputValue(), String(cell.number));
    assert.equal(await figure.locator('select[name="language"]').inputValue(), cell.language);
    const shown = await figureState(page, ref);
    assert.equal(shown.reading, null, "a reading shown before any input");
    const expectSame = (
      state: FigureState,
      number: number,
      language: "zh" | "en",
      beamWidth: number,
    ) => {
      const expected = expectedSayNumber(number, language, beamWidth, lang);
      const what = `${number} (${language}, beam ${beamWidth})`;
      assert.equal(state.reading, expected.reading.reading, `${what}: the reading`);
      assert.equal(state.readingLines?.[0], `${number} → ${expected.reading.reading}`);
      assert.equal(state.data.length, 1);
      assertClose(state.data[0].z, expected.reading.attention, `${what}: the attention weights`);
      const layout = expected.figure.layout as Record<string, { ticktext: string[] }>;
      assert.deepEqual(state.yticktext, layout.yaxis.ticktext, `${what}: the words written`);
      assert.deepEqual(state.ticktext, layout.xaxis.ticktext, `${what}: the source symbols`);
      assert.equal(state.overflows, false, `${what}: the figure runs out of its box`);
      return expected;
    };
    await figure.locator('input[name="number"]').fill("39226");
    const typed = await nextRedraw(page, ref, 0);
    expectSame(typed, 39226, cell.language, 1);
    await page.selectOption(`${figuresOf(ref.name)} select[name="language"]`, "en");
    const english = await nextRedraw(page, ref, typed.redraws);
    const said = expectSame(english, 39226, "en", 1);
    assert.equal(said.reading.reading, "thirty-nine thousand two hundred twenty-six");
    await screenshot(page, ref, shot && `${shot}-after`);
    await page.selectOption(`${figuresOf(ref.name)} select[name="beam"]`, "4");
    const beam = await nextRedraw(page, ref, english.redraws);
    expectSame(beam, 39226, "en", 4);
    // a number longer than any the model was trained on: read, and said to be wrong if it is
    await page.selectOption(`${figuresOf(ref.name)} select[name="language"]`, "zh");
    await figure.locator('input[name="number"]').fill("12345678");
    const long = await nextRedraw(page, ref, beam.redraws);
    expectSame(long, 12345678, "zh", 4);
    assert.match(long.readingLines?.at(-1) ?? "", lang === "zh" ? /8 位数/ : /8 digits/);
    await screenshot(page, ref, shot && `${shot}-long`);
    let redraws = long.redraws;
    for (const bad of ["3.5", "abc", "100000000", "-1"]) {
      await figure.locator('input[name="number"]').fill(bad);
      await page.waitForFunction(
        `${figureJs(ref)}.dataset.liveState === "error" && ${figureJs(ref)}.querySelector(".live-status").textContent.includes(${JSON.stringify(bad)})`,
        undefined,
        { timeout: REDRAW_TIMEOUT_MS },
      );
      const refused = await figureState(page, ref);
      assert.equal(refused.redraws, redraws, `"${bad}": redrawn`);
      assert.equal(refused.reading, null, `"${bad}": a reading is shown`);
      assert.match(
        refused.status,
        lang === "zh"
          ? /^(请输入 0 到 99,999,999 之间的整数|数字不能以 0 开头).*（Expected/
          : /^Expected a whole number from 0 to 99,999,999/,
      );
      if (bad === "abc") await screenshot(page, ref, shot && `${shot}-refused`);
    }
    // and a number again: drawn, the message gone
    await figure.locator('input[name="number"]').fill("10001");
    const again = await nextRedraw(page, ref, redraws);
    redraws = again.redraws;
    expectSame(again, 10001, "zh", 4);
    assert.equal(again.status, "");
  }

  for (const mode of ["file", "http"] as const) {
    test(`every live figure over ${mode === "file" ? "file://" : "a static server"}, both languages: static first, then Node's numbers`, async () => {
      const pages = site.pages.filter((p) => p.live > 0);
      if (!DEVELOPMENT_EXECUTED) {
        assert.ok(pages.length >= 10, `only ${pages.length} pages with live figures`);
      }
      for (const info of pages) {
        const url =
          mode === "file"
            ? pathToFileURL(join(outDir, info.path)).href
            : `${server.base}${info.path}`;
        const { page, errors } = await open(url);
        try {
          const names = EXPECTED_FIGURES[info.name] ?? EXPECTED_IF_EXECUTED[info.name];
          assert.ok(names, `${info.path}: an unexpected live figure`);
          // the k-th figure of a name on the page (chapter 06: sampler 0 = Tang, 1 = English)
          const refs: FigureRef[] = names.map((name, k) => ({
            name,
            index: names.slice(0, k).filter((n) => n === name).length,
          }));
          assert.deepEqual(
            await page.evaluate(
              '[...document.querySelectorAll("figure.live")].map((f) => f.dataset.live)',
            ),
            names,
            `${info.path}: the live figures on the page`,
          );
          const shotOf = (k: number) =>
            mode === "file"
              ? info.path.replace(/\//g, "-").replace(/\.html$/, "") + (k === 0 ? "" : `-${k + 1}`)
              : undefined;
          // first: the executed notebook's outputs, drawn as the site draws them, and the controls
          for (const [k, ref] of refs.entries()) {
            const where = `${info.path} ${ref.name} ${ref.index + 1}`;
            const initial = await figureState(page, ref);
            assert.equal(initial.redraws, 0, `${where}: redrawn before any input`);
            assert.ok(initial.controls > 0, `${where}: no controls`);
            assert.ok(initial.outputs > 0, `${where}: no static output in the figure`);
            if (initial.chapterData) {
              assert.deepEqual(
                initial.data.map((t) => t.y ?? t.z),
                initial.chapterData.map((t) => t.y ?? t.z),
                `${where}: the plot is not the executed notebook's`,
              );
            }
            const shot = shotOf(k);
            await screenshot(page, ref, shot && `${shot}-before`);
          }
          // then each figure's controls, and Node's numbers
          for (const [k, ref] of refs.entries()) {
            const shot = shotOf(k);
            const { name } = ref;
            if (name === "gradient-lag") await checkGradientLag(page, info.lang, shot);
            else if (name === "gate-explorer")
              await checkGateExplorer(page, info.lang, `${info.lang}/${info.name}`, shot);
            else if (name === "gap-training") await checkGapTraining(page, info.lang, shot);
            else if (name === "sampler") {
              const checkpointName = EXPECTED_CHECKPOINTS[info.name]?.[ref.index];
              await checkSampler(page, info.lang, ref, checkpointName, shot);
            } else if (name === "say-number") await checkSayNumber(page, info.lang, shot);
          }
          assert.deepEqual(errors, [], `${info.path} (${mode})`);
        } catch (error) {
          const state = await page
            .evaluate(
              '[...document.querySelectorAll("figure.live")].map((f) => f.dataset.liveState + ": " + f.querySelector(".live-status")?.textContent).join("; ")',
            )
            .catch(() => "?");
          throw new Error(`${info.path} (${mode}): ${error} [figure: ${state}]`, { cause: error });
        } finally {
          await page.close();
        }
      }
    });
  }
});

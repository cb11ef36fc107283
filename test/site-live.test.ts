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
// is missing or stale), plus a fixture page with a live sampler on a tiny character model.
// Development: RNN_LIVE_EXECUTED=<dir> builds the site from <dir>/{zh,en}/*.ipynb instead and
// executes nothing.
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
import { term } from "../src/core/i18n.js";
import { franceTask } from "../src/core/train/tasks/france.js";
import { setDisplayWriter } from "../src/node/display/mime.js";
import { LIVE_MIME, livePayload, show } from "../src/node/display/show.js";
import { parseFillers, sentenceParts } from "../src/site/browser/compute/gate-explorer.js";
import { gradientLag } from "../src/site/browser/compute/gradient-lag.js";
import {
  type ColourUnit,
  checkSamplerParams,
  SAMPLE_LENGTH,
} from "../src/site/browser/compute/sampler.js";
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
  FIXTURE_CHECKPOINT,
  writeSamplerFixture,
} from "./support/live-site.js";

const SCREENSHOTS = join(ROOT, "build", "screenshots", "live");
const DEVELOPMENT_EXECUTED = process.env.RNN_LIVE_EXECUTED;
const REDRAW_TIMEOUT_MS = 60_000;

/** The chapters' live figures: every one must be on the site, in both languages. */
const EXPECTED_FIGURES: Record<string, LiveFigureName> = {
  "02-long-term-dependencies": "gradient-lag",
  "03-lstm": "gate-explorer",
  "04-gru": "gate-explorer",
  "05-side-by-side": "gap-training",
  "99-sampler-fixture": "sampler",
};
/** Checked when executed: chapter 06 needs its committed checkpoints (npm run train:charlm). */
const EXPECTED_IF_EXECUTED: Record<string, LiveFigureName> = {
  "06-char-language-model": "sampler",
};

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
    assert.match(unknown.warnings[0], /known: gradient-lag, gap-training, gate-explorer, sampler/);
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
  chapterData: Array<{ y?: number[]; z?: number[][] }> | null;
}

/** The figure as the page holds it (a string: tsx's transpiled functions do not run in a page). */
function figureState(page: Page, name: string): Promise<FigureState> {
  return page.evaluate(`(() => {
    const f = document.querySelector('figure.live[data-live=${JSON.stringify(name)}]');
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
      values: sample && sample.dataset.values ? JSON.parse(sample.dataset.values) : null,
      sampleText: sample ? sample.dataset.text ?? null : null,
      chapterData: chapter ? JSON.parse(chapter.textContent).data.map((t) => ({ y: t.y, z: t.z })) : null,
    };
  })()`) as Promise<FigureState>;
}

/** Waits for the figure's next redraw (or for it to report a refused input). */
async function nextRedraw(page: Page, name: string, after: number, expectError = false) {
  const selector = `figure.live[data-live=${JSON.stringify(name)}]`;
  const figure = `document.querySelector('${selector}')`;
  const error = `${figure}.dataset.liveState === "error"`;
  const drawn = `Number(${figure}.dataset.redraws || 0) > ${after} && ${figure}.dataset.liveState === "drawn"`;
  await page.waitForFunction(`(${error}) || (${drawn})`, undefined, {
    timeout: REDRAW_TIMEOUT_MS,
  });
  const state = await figureState(page, name);
  if (expectError) assert.equal(state.state, "error", `${name}: the input was not refused`);
  else assert.equal(state.state, "drawn", `${name}: refused the input: ${state.status}`);
  return state;
}

/** Sets a control's value as a reader would and fires its event. */
async function setControl(page: Page, name: string, control: string, value: string, event: string) {
  await page.evaluate(`(() => {
    const el = document.querySelector('figure.live[data-live=${JSON.stringify(name)}] [name=${JSON.stringify(control)}]');
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
        if (!page && name in EXPECTED_IF_EXECUTED) continue;
        assert.ok(page, `${lang}/${name}.html is missing (not executed?)`);
        assert.equal(
          page.live,
          1,
          `${lang}/${name}.html has ${page.live} live figures: tag its cell live-${expected[name]} in notebooks/source/${name}.md and run npm run build`,
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
        const found = (await page.evaluate(`(() => {
          const f = document.querySelector("figure.live");
          return {
            outputs: f.querySelectorAll(".live-static .output").length,
            controls: f.querySelectorAll(".live-controls").length,
          };
        })()`)) as { outputs: number; controls: number };
        assert.ok(found.outputs > 0, `${path}: the live figure shows no static output`);
        assert.equal(found.controls, 0, `${path}: controls without JavaScript`);
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

  async function screenshot(page: Page, name: string, file: string | undefined): Promise<void> {
    if (!file) return;
    const figure = page.locator(`figure.live[data-live=${JSON.stringify(name)}]`);
    await figure.scrollIntoViewIfNeeded();
    await figure.screenshot({ path: join(SCREENSHOTS, `${file}.png`) });
  }

  /** ρ slider and curve choice → the chapter's series for that ρ. */
  async function checkGradientLag(page: Page, lang: PageLanguage, shot?: string) {
    const name = "gradient-lag";
    const rho = 1.23;
    await setControl(page, name, "rho", String(rho), "input");
    const moved = await nextRedraw(page, name, 0);
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
    await screenshot(page, name, shot && `${shot}-after`);
    await page.selectOption(`figure.live[data-live="${name}"] select[name="curves"]`, "linear");
    const linearOnly = await nextRedraw(page, name, moved.redraws);
    assert.equal(linearOnly.data.length, 1);
    assertClose(linearOnly.data[0].y, linear.norms, "linear only");
  }

  /** Country and fillers → the chapter's trained model reads them; then an unknown word. */
  async function checkGateExplorer(page: Page, lang: PageLanguage, path: string, shot?: string) {
    const name = "gate-explorer";
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
    const afterCountry = await nextRedraw(page, name, 0);
    await page.fill(`figure.live[data-live="${name}"] input[name="fillers"]`, typed);
    const typedState = await nextRedraw(page, name, afterCountry.redraws);
    const expected = expectedGateExplorer(payload, country, fillers, lang);
    assertSameText(typedState.text, expected.text, "the printed lines");
    assert.deepEqual(typedState.ticktext, expected.words);
    assert.equal(typedState.data.length, expected.figure.data.length);
    expected.figure.data.forEach((trace, k) => {
      assertClose(typedState.data[k].z, trace.z, `panel ${k} z`);
    });
    await screenshot(page, name, shot && `${shot}-after`);
    const [known, unknown] = lang === "zh" ? ["今天", "披萨"] : ["today", "pizza"];
    await page.fill(
      `figure.live[data-live="${name}"] input[name="fillers"]`,
      `${known} ${unknown}`,
    );
    const refused = await nextRedraw(page, name, typedState.redraws, true);
    assert.match(refused.status, new RegExp(`"${unknown}"`));
    assert.match(refused.status, new RegExp(term("vocabulary", lang)));
  }

  /** Stop a long run; then train at a short gap: the new points equal Node's. */
  async function checkGapTraining(page: Page, lang: PageLanguage, shot?: string) {
    const name = "gap-training";
    const figure = `figure.live[data-live="${name}"]`;
    await setControl(page, name, "gap", "40", "input");
    await page.click(`${figure} button.live-run`);
    await page.waitForFunction(
      `document.querySelector('${figure} progress').value > 0`,
      undefined,
      {
        timeout: REDRAW_TIMEOUT_MS,
      },
    );
    await page.click(`${figure} button.live-stop`);
    const stopped = await figureState(page, name);
    assert.match(stopped.status, lang === "zh" ? /已停止/ : /Stopped/);
    assert.equal(stopped.redraws, 0, "a stopped run drew something");
    const gap = 6;
    await setControl(page, name, "gap", String(gap), "input");
    await page.click(`${figure} button.live-run`);
    const trained = await nextRedraw(page, name, 0);
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
    await screenshot(page, name, shot && `${shot}-after`);
  }

  /** Temperature, prime, seed → the fixture model's text, equal to charlm's sample(). */
  /**
   * Temperature, prime, seed → the model's text (charlm's sample()), coloured by the cell's unit:
   * the fixture's tiny model, or a chapter's committed checkpoint (assets/models/<name>.json).
   */
  async function checkSampler(page: Page, lang: PageLanguage, shot?: string) {
    const name = "sampler";
    const figure = `figure.live[data-live="${name}"]`;
    await page.waitForFunction(`!document.querySelector('${figure} button.live-run').disabled`);
    const config = JSON.parse(
      (await page.textContent(`${figure} script.live-config`)) ?? "null",
    ) as LiveFigureConfig;
    const checkpointName = /([^/]+)\.js$/.exec(config.script?.src ?? "")?.[1] ?? "";
    const model =
      checkpointName === FIXTURE_CHECKPOINT
        ? checkpoint
        : (JSON.parse(
            readFileSync(join(ROOT, "assets", "models", `${checkpointName}.json`), "utf8"),
          ) as Checkpoint);
    const cellData = (config.payload ?? {}) as { unit?: ColourUnit; prime?: string };
    const prime = checkpointName === FIXTURE_CHECKPOINT ? "a dog " : (cellData.prime ?? "");
    const params = { temperature: 0.55, prime, seed: 3 };
    await setControl(page, name, "temperature", String(params.temperature), "input");
    await page.fill(`${figure} input[name="prime"]`, params.prime);
    await page.fill(`${figure} input[name="seed"]`, String(params.seed));
    await page.click(`${figure} button.live-run`);
    const written = await nextRedraw(page, name, 0);
    const expected = expectedSample(model, cellData.unit, { ...params, length: SAMPLE_LENGTH });
    assert.equal(written.sampleText, expected.text);
    assertClose(written.values, expected.values, "the unit's value");
    await screenshot(page, name, shot && `${shot}-after`);
    await page.fill(`${figure} input[name="prime"]`, `${prime}Ж`);
    await page.click(`${figure} button.live-run`);
    const refused = await nextRedraw(page, name, written.redraws, true);
    assert.match(refused.status, /Ж/);
    assert.match(refused.status, lang === "zh" ? /不在模型的/ : /not among the model's/);
  }

  for (const mode of ["file", "http"] as const) {
    test(`every live figure over ${mode === "file" ? "file://" : "a static server"}, both languages: static first, then Node's numbers`, async () => {
      const pages = site.pages.filter((p) => p.live > 0);
      assert.ok(pages.length >= 10, `only ${pages.length} pages with live figures`);
      for (const info of pages) {
        const url =
          mode === "file"
            ? pathToFileURL(join(outDir, info.path)).href
            : `${server.base}${info.path}`;
        const { page, errors } = await open(url);
        try {
          const name = EXPECTED_FIGURES[info.name] ?? EXPECTED_IF_EXECUTED[info.name];
          assert.ok(name, `${info.path}: an unexpected live figure`);
          // first: the executed notebook's outputs, drawn as the site draws them, and the controls
          const initial = await figureState(page, name);
          assert.equal(initial.redraws, 0, `${info.path}: redrawn before any input`);
          assert.ok(initial.controls > 0, `${info.path}: no controls`);
          assert.ok(initial.outputs > 0, `${info.path}: no static output in the figure`);
          if (initial.chapterData) {
            assert.deepEqual(
              initial.data.map((t) => t.y ?? t.z),
              initial.chapterData.map((t) => t.y ?? t.z),
              `${info.path}: the plot is not the executed notebook's`,
            );
          }
          const shot =
            mode === "file" ? info.path.replace(/\//g, "-").replace(/\.html$/, "") : undefined;
          await screenshot(page, name, shot && `${shot}-before`);
          if (name === "gradient-lag") await checkGradientLag(page, info.lang, shot);
          else if (name === "gate-explorer")
            await checkGateExplorer(page, info.lang, `${info.lang}/${info.name}`, shot);
          else if (name === "gap-training") await checkGapTraining(page, info.lang, shot);
          else if (name === "sampler") await checkSampler(page, info.lang, shot);
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

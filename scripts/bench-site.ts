// npm run bench:site [-- --json] [--executed DIR]
// The live figures' budgets, measured in Debian's Chromium (headless, through playwright-core) on
// a site built from the executed chapters in build/executed/ (nothing is executed here):
// - assets/live.js: bytes and gzip bytes (the worker's share inside it);
// - page load → live figures ready (controls shown) and → the first live redraw, when the reader
//   moves ρ the moment the controls appear (chapter 02, over http and from file://);
// - one interaction's redraw of the gradient figure (ρ moved; median and worst of 10; ≤ 500 ms);
// - the gate explorer's redraw (another country; chapter 03);
// - the in-browser gap training (RNN + LSTM, two seeds; chapter 05) at k = 24 and k = 40, the
//   longest gap the slider offers (≤ 10 s);
// - the number reader (chapter 07, or its test fixture page when chapter 07 is not executed):
//   page load → checkpoint loaded and controls ready → first reading drawn (a number typed the
//   moment the controls are enabled), and one typed number → redraw, greedy and beam 4.
// Figures, not pass/fail: a timed test would fail on a busy machine. `--executed DIR` builds the
// site from DIR/{zh,en}/*.ipynb instead of build/executed/.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { BrowserContext, Page } from "playwright-core";
import { buildLiveScript } from "../src/site/live-bundle.js";
import { buildSite, courseNotebooks } from "../src/site/site.js";
import { SAY_NUMBER_FIXTURE_PAGE, writeSayNumberFixture } from "../test/support/live-site.js";
import { launchChromium } from "./chromium.js";
import { PROJECT_ROOT } from "./jupyter-env.mjs";
import { staticServer } from "./static-server.js";

const json = process.argv.includes("--json");
const root = PROJECT_ROOT;
const results: Record<string, number | string> = {};
const note = (key: string, value: number | string, line: string) => {
  results[key] = value;
  if (!json && line) console.log(line);
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

// ——— bundle size ———
const live = buildLiveScript(root);
const liveBytes = Buffer.byteLength(live.script);
const liveGzip = gzipSync(live.script, { level: 9 }).length;
const workerBytes = Buffer.byteLength(live.worker);
note("liveJsBytes", liveBytes, `assets/live.js            ${kb(liveBytes)} (gzip ${kb(liveGzip)})`);
note("liveJsGzipBytes", liveGzip, `  of which the worker     ${kb(workerBytes)}`);
note("workerBytes", workerBytes, "");

// ——— the site ———
const from = process.argv.indexOf("--executed");
const executedDir = from >= 0 ? process.argv[from + 1] : undefined;
const executed = executedDir
  ? (["zh", "en"] as const).flatMap((lang) =>
      readdirSync(join(executedDir, lang))
        .filter((file) => file.endsWith(".ipynb"))
        .map((file) => ({
          lang,
          name: file.slice(0, -".ipynb".length),
          executed: join(executedDir, lang, file),
        })),
    )
  : courseNotebooks(root).filter((n) => existsSync(n.executed));
const outDir = mkdtempSync(join(tmpdir(), "rnn-bench-site-"));
const profile = mkdtempSync(join(tmpdir(), "rnn-bench-chromium-"));
const fixtureDir = mkdtempSync(join(tmpdir(), "rnn-bench-fixture-"));
const chapter07Name = "07-sequence-to-sequence";
// chapter 07's number reader, or the test's fixture page with the same cell when 07 is not executed
const sayNumberPage = executed.some((n) => n.name === chapter07Name)
  ? chapter07Name
  : SAY_NUMBER_FIXTURE_PAGE;
const site = buildSite(root, outDir, [
  ...executed.map((n) => ({ lang: n.lang, name: n.name, notebook: n.executed })),
  ...(sayNumberPage === SAY_NUMBER_FIXTURE_PAGE ? writeSayNumberFixture(fixtureDir) : []),
]);
const livePages = site.pages.filter((p) => p.live > 0).map((p) => p.path);
if (!json)
  console.log(`site: ${livePages.length} pages with a live figure (${livePages.join(", ")})`);
const server = await staticServer(outDir);
let context: BrowserContext | undefined;

const FIGURE = (name: string) => `document.querySelector('figure.live[data-live="${name}"]')`;

/** Moves a control and resolves with the ms from the event to the figure's redraw. */
async function timedRedraw(page: Page, name: string, action: string): Promise<number> {
  const before = Number(await page.evaluate(`${FIGURE(name)}.dataset.redraws || 0`));
  const started = Number(
    await page.evaluate(`(() => { const t = performance.now(); ${action}; return t; })()`),
  );
  await page.waitForFunction(
    `Number(${FIGURE(name)}.dataset.redraws || 0) > ${before} && ${FIGURE(name)}.dataset.liveState === "drawn"`,
    undefined,
    { timeout: 120_000 },
  );
  return Number(await page.evaluate(`${FIGURE(name)}.dataset.drawnAt`)) - started;
}

const setRange = (name: string, control: string, value: number) =>
  `(() => { const el = ${FIGURE(name)}.querySelector('[name="${control}"]'); el.value = "${value}"; el.dispatchEvent(new Event("input", { bubbles: true })); })()`;

const setText = (name: string, control: string, value: string) =>
  `(() => { const el = ${FIGURE(name)}.querySelector('[name="${control}"]'); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event("input", { bubbles: true })); })()`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  context = await launchChromium(profile);
  const lang = "en";
  const chapter02 = `${lang}/02-long-term-dependencies.html`;
  if (livePages.includes(chapter02)) {
    for (const [mode, url] of [
      ["http", `${server.base}${chapter02}`],
      ["file", pathToFileURL(join(outDir, chapter02)).href],
    ] as const) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "commit" });
      await page.waitForFunction(
        'document.documentElement.dataset.liveFigures === "ready"',
        undefined,
        {
          timeout: 60_000,
        },
      );
      const readyAt = Number(await page.evaluate("document.documentElement.dataset.liveReadyAt"));
      const startedAt = Number(
        await page.evaluate("document.documentElement.dataset.liveStartedAt"),
      );
      // the reader moves ρ the moment the controls are there
      await page.evaluate(setRange("gradient-lag", "rho", 1.1));
      await page.waitForFunction(
        `${FIGURE("gradient-lag")}.dataset.liveState === "drawn"`,
        undefined,
        {
          timeout: 60_000,
        },
      );
      const firstAt = Number(await page.evaluate(`${FIGURE("gradient-lag")}.dataset.drawnAt`));
      note(
        `${mode}.loadToReadyMs`,
        readyAt,
        `${mode.padEnd(4)}: page load → controls ready   ${ms(readyAt)} (live.js starts at ${ms(startedAt)}: before it, plotly.js and the page's static plots)`,
      );
      note(
        `${mode}.loadToFirstRedrawMs`,
        firstAt,
        `${mode.padEnd(4)}: page load → first live redraw ${ms(firstAt)}`,
      );
      if (mode === "http") {
        const times: number[] = [];
        for (let i = 0; i < 10; i++) {
          times.push(
            await timedRedraw(
              page,
              "gradient-lag",
              setRange("gradient-lag", "rho", 0.6 + 0.08 * i),
            ),
          );
        }
        note(
          "gradientRedrawMedianMs",
          median(times),
          `gradient figure: one ρ move → redraw, median ${ms(median(times))}, worst ${ms(Math.max(...times))} (10 moves; budget 500 ms)`,
        );
        note("gradientRedrawWorstMs", Math.max(...times), "");
      }
      await page.close();
    }
  } else if (!json) console.log(`(no live figure on ${chapter02}: skipped)`);

  const chapter03 = `${lang}/03-lstm.html`;
  if (livePages.includes(chapter03)) {
    const page = await context.newPage();
    await page.goto(`${server.base}${chapter03}`);
    await page.waitForFunction('document.documentElement.dataset.liveFigures === "ready"');
    const change = `(() => { const s = ${FIGURE("gate-explorer")}.querySelector('select[name="country"]'); s.selectedIndex = (s.selectedIndex + 1) % s.options.length; s.dispatchEvent(new Event("change")); })()`;
    const first = await timedRedraw(page, "gate-explorer", change);
    const second = await timedRedraw(page, "gate-explorer", change);
    note(
      "gateRedrawMs",
      second,
      `gate explorer: another country → redraw ${ms(second)} (first one ${ms(first)})`,
    );
    await page.close();
  }

  const chapter05 = `${lang}/05-side-by-side.html`;
  if (livePages.includes(chapter05)) {
    const page = await context.newPage();
    await page.goto(`${server.base}${chapter05}`);
    await page.waitForFunction('document.documentElement.dataset.liveFigures === "ready"');
    for (const gap of [24, 40]) {
      await page.evaluate(setRange("gap-training", "gap", gap));
      const click = `${FIGURE("gap-training")}.querySelector("button.live-run").click()`;
      const time = await timedRedraw(page, "gap-training", click);
      note(
        `gapTrainingMs.k${gap}`,
        time,
        `gap training in the browser, k = ${gap}: ${(time / 1000).toFixed(1)} s (RNN + LSTM, two seeds; budget 10 s)`,
      );
    }
    await page.close();
  }

  const chapter07 = `${lang}/${sayNumberPage}.html`;
  if (livePages.includes(chapter07)) {
    const reader = FIGURE("say-number");
    const page = await context.newPage();
    await page.goto(`${server.base}${chapter07}`, { waitUntil: "commit" });
    // the reader types a number the moment the checkpoint is loaded and the box is enabled
    await page.waitForFunction(
      `(() => { const box = ${reader}?.querySelector('input[name="number"]'); return box && !box.disabled; })()`,
      undefined,
      { timeout: 60_000 },
    );
    const enabledAt = Number(await page.evaluate("performance.now()"));
    const readyAt = Number(await page.evaluate("document.documentElement.dataset.liveReadyAt"));
    await page.evaluate(setText("say-number", "number", "39226"));
    await page.waitForFunction(`${reader}.dataset.liveState === "drawn"`, undefined, {
      timeout: 60_000,
    });
    const firstAt = Number(await page.evaluate(`${reader}.dataset.drawnAt`));
    note(
      "sayNumber.loadToReadyMs",
      enabledAt,
      `number reader (${sayNumberPage}): page load → controls shown ${ms(readyAt)} → checkpoint loaded, controls enabled ${ms(enabledAt)}`,
    );
    note(
      "sayNumber.loadToFirstRedrawMs",
      firstAt,
      `  page load → first reading drawn ${ms(firstAt)}`,
    );
    for (const beam of ["1", "4"]) {
      await page.evaluate(
        `(() => { const s = ${reader}.querySelector('select[name="beam"]'); s.value = "${beam}"; s.dispatchEvent(new Event("change")); })()`,
      );
      await page.waitForFunction(`${reader}.dataset.liveState === "drawn"`);
      const times: number[] = [];
      for (const n of [1, 12, 305, 4096, 30050, 700001, 1234567]) {
        times.push(
          await timedRedraw(page, "say-number", setText("say-number", "number", String(n))),
        );
      }
      note(
        `sayNumber.redrawMedianMs.beam${beam}`,
        median(times),
        `  one typed number → reading and heatmap, ${beam === "1" ? "greedy" : "beam 4"}: median ${ms(median(times))}, worst ${ms(Math.max(...times))} (7 numbers, 1…7 digits)`,
      );
    }
    await page.close();
  } else if (!json) console.log(`(no number reader on ${chapter07}: skipped)`);
} finally {
  await context?.close();
  await server.close();
  rmSync(fixtureDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
if (json) console.log(JSON.stringify(results, null, 2));

// The course website in a real browser (Debian chromium through playwright-core), opened both from
// file:// (in a folder whose name has a space and Chinese characters) and from a static server on
// 127.0.0.1: every page loads without a console error, draws as many plots as its notebook has
// plot outputs, has no KaTeX error, and every link, image, stylesheet and script resolves.
// Screenshots for a person to look at: build/screenshots/site/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../scripts/chromium.js";
import { type StaticServer, staticServer } from "../scripts/static-server.js";
import { countPlotOutputs } from "../src/site/render-notebook.js";
import {
  buildSite,
  courseNotebooks,
  discardFailedExecutions,
  readExecutedNotebook,
  type SiteResult,
} from "../src/site/site.js";
import { ROOT, runNotebooks } from "./support/jupyter.js";

const SCREENSHOTS = join(ROOT, "build", "screenshots", "site");
const PLOT_TIMEOUT_MS = 120_000;

interface PageCheck {
  errors: string[];
  plots: number;
  katexErrors: number;
  katex: number;
  /** Links to other sites (a chapter's references): followed by a reader, never loaded by a page. */
  outsideLinks: string[];
  /** Every other link and every image, stylesheet and script: must resolve to the site's files. */
  targets: string[];
  langSwitch: string | null;
  prev: string | null;
  next: string | null;
}

/** Plot containers in which plotly drew its chart (a JS expression evaluated in the page). */
const DRAWN_PLOTS =
  '[...document.querySelectorAll(".rnn-plot")].filter((el) => el.querySelector("svg.main-svg")).length';

async function openAndCheck(page: Page, url: string, expectedPlots: number): Promise<PageCheck> {
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
  await page.evaluate("document.fonts.ready.then(() => undefined)");
  if (expectedPlots > 0) {
    await page
      .waitForFunction(`(${DRAWN_PLOTS}) >= ${expectedPlots}`, undefined, {
        timeout: PLOT_TIMEOUT_MS,
      })
      .catch(() => undefined); // the count is asserted by the caller, with a clearer message
  }
  // A string, not a function: tsx's transpiled functions refer to helpers the page lacks.
  const check = (await page.evaluate(`(() => {
    const attr = (selector) => document.querySelector(selector)?.getAttribute("href") ?? null;
    const all = (selector, prop) => [...document.querySelectorAll(selector)].map((el) => el[prop]);
    const outside = (href) => /^https?:/.test(href) && !href.startsWith(location.origin + "/");
    return {
      plots: ${DRAWN_PLOTS},
      katexErrors: document.querySelectorAll(".katex-error").length,
      katex: document.querySelectorAll(".katex").length,
      outsideLinks: all("a[href]", "href").filter(outside),
      targets: [
        ...all("a[href]", "href").filter((href) => !outside(href)),
        ...all("img[src]", "src"),
        ...all("link[href]", "href").filter((href) => !href.startsWith("data:")),
        ...all("script[src]", "src"),
      ],
      langSwitch: attr("a.lang-switch"),
      prev: attr(".chapter-nav-bottom a.nav-prev"),
      next: attr(".chapter-nav-bottom a.nav-next"),
    };
  })()`)) as Omit<PageCheck, "errors">;
  return { ...check, errors };
}

describe("the course website in chromium", () => {
  // A folder with a space and Chinese characters: the site must work wherever it is copied.
  const outDir = mkdtempSync(join(tmpdir(), "rnn site 网站 "));
  const profile = mkdtempSync(join(tmpdir(), "rnn-site-chromium-"));
  let site: SiteResult;
  const expectedPlots = new Map<string, number>();
  let context: BrowserContext;
  let server: StaticServer;

  before(async () => {
    // Reuse the executed copies the notebook test saved; execute only what is missing or stale.
    const stale = courseNotebooks(ROOT).filter((n) => n.stale !== undefined);
    if (stale.length > 0) {
      const run = await runNotebooks(
        stale.map((n) => n.notebook),
        ["--save", "build/executed", "--no-rerun"],
      );
      if (run.code !== 0) discardFailedExecutions(ROOT, run.report);
      assert.equal(run.code, 0, "executing the chapters for the site failed (output above)");
    }
    const notebooks = courseNotebooks(ROOT);
    site = buildSite(
      ROOT,
      outDir,
      notebooks.map((n) => ({ lang: n.lang, name: n.name, notebook: n.executed })),
    );
    for (const n of notebooks) {
      const notebook = readExecutedNotebook(n.executed);
      expectedPlots.set(`${n.lang}/${n.name}.html`, countPlotOutputs(notebook));
    }
    rmSync(SCREENSHOTS, { recursive: true, force: true }); // no pictures of pages that are gone
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await launchChromium(profile);
    server = await staticServer(outDir);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  test("the site has an index and chapter pages in both languages", () => {
    const paths = site.pages.map((p) => p.path);
    for (const lang of ["zh", "en"]) {
      assert.ok(paths.includes(`${lang}/index.html`));
      assert.ok(paths.some((p) => p.startsWith(`${lang}/`) && !p.endsWith("index.html")));
    }
    assert.ok(existsSync(join(outDir, "index.html")));
  });

  for (const mode of ["file", "http"] as const) {
    test(`every page over ${mode === "file" ? "file://" : "a static server"}: no console error, all plots drawn, no KaTeX error, local links resolve`, async () => {
      const pages = ["index.html", ...site.pages.map((p) => p.path)];
      const failures: string[] = [];
      const statusOf = new Map<string, number>(); // each target fetched once (plotly.js is 4.7 MB)
      for (const path of pages) {
        const url =
          mode === "file" ? pathToFileURL(join(outDir, path)).href : `${server.base}${path}`;
        const page = await context.newPage();
        try {
          const expected = expectedPlots.get(path) ?? 0;
          const check = await openAndCheck(page, url, expected);
          const fail = (message: string) => failures.push(`${path} (${mode}): ${message}`);
          for (const error of check.errors) fail(error);
          if (check.plots !== expected)
            fail(`${check.plots} plots drawn, ${expected} plot outputs`);
          if (check.katexErrors > 0) fail(`${check.katexErrors} .katex-error elements`);
          const info = site.pages.find((p) => p.path === path);
          if (info) {
            if (!check.langSwitch) fail("no language switch");
            const list = site.pages.filter((p) => p.lang === info.lang && p.name !== "index");
            const i = list.findIndex((p) => p.path === path);
            if (i > 0 && check.prev !== `${list[i - 1].name}.html`)
              fail(`previous is ${check.prev}`);
            if (i >= 0 && i < list.length - 1 && check.next !== `${list[i + 1].name}.html`) {
              fail(`next is ${check.next}`);
            }
            if (i === 0 && check.prev !== null) fail("the first chapter has a previous link");
            // Every chapter ends with its references, linked.
            if (info.name !== "index" && check.outsideLinks.length === 0) {
              fail("no link to another site (the references)");
            }
          }
          for (const target of check.targets) {
            const clean = target.replace(/[#?].*$/, "");
            if (mode === "file") {
              if (!clean.startsWith("file:")) fail(`non-local link ${target}`);
              else if (!existsSync(fileURLToPath(clean))) fail(`broken link ${target}`);
            } else if (clean.startsWith(server.base)) {
              if (!statusOf.has(clean)) {
                const response = await fetch(clean, { method: "HEAD" });
                statusOf.set(clean, response.status);
              }
              const status = statusOf.get(clean);
              if (status !== 200) fail(`broken link ${target} (${status})`);
            } else {
              fail(`non-local link ${target}`);
            }
          }
          if (mode === "file") {
            const name = path.replace(/\//g, "-").replace(/\.html$/, "");
            await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
          }
        } finally {
          await page.close();
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});

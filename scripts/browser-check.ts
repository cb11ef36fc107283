// Proof in a real browser that plots draw: starts the course server (scripts/start.mjs, on a free
// port), opens executed + signed notebooks in headless Chromium (playwright-core, Debian's
// /usr/bin/chromium), asserts every show() output drew (`svg.main-svg`) with no console errors,
// then does the same for nbconvert's HTML of each notebook. Screenshots: build/screenshots/.
//
//   npx tsx scripts/browser-check.ts [build/executed/…/x.ipynb …]
//
// Without arguments: every executed notebook under build/executed/ that contains a plot
// (run the notebook tests or scripts/run-notebooks.py --save build/executed first); the plot
// fixture is executed here when missing.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.js";
import { ensureJupyterEnv, findPython, jupyterEnv, PROJECT_ROOT } from "./jupyter-env.mjs";

const ROOT = PROJECT_ROOT;
const EXECUTED = join(ROOT, "build", "executed");
const SCREENSHOTS = join(ROOT, "build", "screenshots");
const HTML_DIR = join(ROOT, "build", "html");
const PLOT_FIXTURE = "test/fixtures/plot.ipynb";

/**
 * Console errors that are Notebook 6's own bugs, not the course's. Ignored by URL; everything
 * else counts. (Its request for the ipywidgets extension, a hard-coded fallback in its main.js,
 * is answered by an empty stand-in that scripts/jupyter-env.mjs writes: a 404 there now counts.)
 * - A ```text fence in a markdown cell asks for CodeMirror's plain-text mode "null", which is
 *   built in and has no file: 404 for mode/null/null.js (the fence still renders).
 * - MathJax 2 (Debian's, used by Notebook 6) declares a placeholder web font
 *   `MathJax_Blank { src: url('about:blank') }`; when it falls back to it (seen under load),
 *   Chromium logs a CORS error for 'about:blank'. The math still renders.
 */
const SERVER_NOISE = [
  "/static/components/codemirror/mode/null/null.js",
  "Access to font at 'about:blank'",
  "net::ERR_FAILED about:blank",
];

export interface PageCheck {
  notebook: string;
  where: "server" | "nbconvert-html";
  plots: number;
  drawn: number;
  consoleErrors: string[];
  screenshot: string;
  ok: boolean;
}

function executedNotebooks(dir = EXECUTED): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !entry.isSymbolicLink()) found.push(...executedNotebooks(path));
    else if (entry.name.endsWith(".ipynb") && readFileSync(path, "utf8").includes("rnn-plot-")) {
      found.push(path);
    }
  }
  return found.sort();
}

function ensurePlotFixtureExecuted(): string {
  const target = join(EXECUTED, PLOT_FIXTURE);
  if (!existsSync(target)) {
    const python = findPython();
    if (!python) throw new Error("no Python with nbclient: install Jupyter first");
    execFileSync(
      python,
      [join(ROOT, "scripts", "run-notebooks.py"), PLOT_FIXTURE, "--no-rerun", "--save", EXECUTED],
      { cwd: ROOT, stdio: "inherit" },
    );
  }
  return target;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

interface Server {
  port: number;
  token: string;
  stop: () => Promise<void>;
}

async function startCourseServer(): Promise<Server> {
  const port = await freePort();
  const lock = join(ROOT, "build", "browser-check-server.json");
  const child = spawn(
    process.execPath,
    [join(ROOT, "scripts", "start.mjs"), "--port", String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, RNN_START_LOCK: lock },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const token = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /\?token=(\w+)/.exec(output);
      if (match && output.includes("Press Ctrl-C")) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => fail(new Error(`server exited (${code}):\n${output}`)));
  });
  return {
    port,
    token,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGINT");
      }),
  };
}

async function checkPage(
  browser: Browser,
  url: string,
  notebook: string,
  where: PageCheck["where"],
): Promise<PageCheck> {
  const page: Page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = `${message.text()} ${message.location().url}`;
    if (SERVER_NOISE.some((noise) => where.includes(noise))) return;
    consoleErrors.push(`${message.text()} ${message.location().url}`.trim());
  });
  page.on("pageerror", (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await page.goto(url, { waitUntil: "load", timeout: 180_000 });
  let plots = 0;
  let drawn = 0;
  try {
    await page.waitForSelector("div.rnn-plot svg.main-svg", { timeout: 120_000 });
    // let every plot of the page finish drawing
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll("div.rnn-plot")).every((div) =>
          div.querySelector("svg.main-svg"),
        ),
      undefined,
      { timeout: 120_000 },
    );
  } catch {
    // counted below
  }
  plots = await page.locator("div.rnn-plot").count();
  drawn = await page.locator("div.rnn-plot:has(svg.main-svg)").count();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const name = `${relative(EXECUTED, notebook)
    .replace(/[\\/]/g, "__")
    .replace(/\.ipynb$/, "")}.${where}.png`;
  const screenshot = join(SCREENSHOTS, name);
  const first = page.locator("div.rnn-plot").first();
  if (plots > 0) await first.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: false });
  await page.close();
  return {
    notebook: relative(ROOT, notebook),
    where,
    plots,
    drawn,
    consoleErrors,
    screenshot: relative(ROOT, screenshot),
    ok: plots > 0 && drawn === plots && consoleErrors.length === 0,
  };
}

function nbconvertHtml(notebook: string): string {
  const outDir = join(HTML_DIR, dirname(relative(EXECUTED, notebook)));
  mkdirSync(outDir, { recursive: true });
  // Notebooks refer to diagrams as ../../assets/…: keep that working from build/html/notebooks/<lang>/.
  const assets = join(HTML_DIR, "assets");
  if (!existsSync(assets)) symlinkSync(relative(HTML_DIR, join(ROOT, "assets")), assets);
  execFileSync("jupyter", ["nbconvert", "--to", "html", "--output-dir", outDir, notebook], {
    env: jupyterEnv(),
    stdio: ["ignore", "ignore", "pipe"],
  });
  return join(outDir, basename(notebook).replace(/\.ipynb$/, ".html"));
}

/** Check `notebooks` (executed, signed .ipynb files) in the live server and as nbconvert HTML. */
export async function browserCheck(notebooks: string[]): Promise<PageCheck[]> {
  ensureJupyterEnv();
  const env = jupyterEnv();
  process.env.XDG_CONFIG_HOME = env.XDG_CONFIG_HOME;
  process.env.XDG_CACHE_HOME = env.XDG_CACHE_HOME;
  const server = await startCourseServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const results: PageCheck[] = [];
  try {
    for (const notebook of notebooks) {
      const path = relative(ROOT, notebook).split("/").map(encodeURIComponent).join("/");
      const url = `http://127.0.0.1:${server.port}/notebooks/${path}?token=${server.token}`;
      results.push(await checkPage(browser, url, notebook, "server"));
      const html = nbconvertHtml(notebook);
      const text = readFileSync(html, "utf8");
      const check = await checkPage(browser, pathToFileURL(html).href, notebook, "nbconvert-html");
      if (!text.includes("window.Plotly.newPlot(")) {
        check.ok = false;
        check.consoleErrors.push("the nbconvert HTML has no plot script");
      }
      results.push(check);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return results;
}

const isMain =
  process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, "scripts", "browser-check.ts");
if (isMain) {
  const args = process.argv.slice(2).map((p) => resolve(p));
  const notebooks =
    args.length > 0 ? args : [...new Set([ensurePlotFixtureExecuted(), ...executedNotebooks()])];
  const results = await browserCheck(notebooks);
  for (const r of results) {
    const errors = r.consoleErrors.length ? `  console errors: ${r.consoleErrors.join(" | ")}` : "";
    console.log(
      `${r.ok ? "✓" : "✗"} ${r.notebook} [${r.where}] ${r.drawn}/${r.plots} plots drawn → ${r.screenshot}${errors}`,
    );
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

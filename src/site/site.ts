// The course website: every executed chapter of the zh and en editions as a page, an index per
// language, a root page to choose the language, and the shared assets (site CSS/JS, plotly.js once,
// KaTeX CSS + fonts, the SVG diagrams, the live figures' script), all under one folder with
// relative links only.
//
//   <out>/index.html                  choose a language
//   <out>/{zh,en}/index.html          contents
//   <out>/{zh,en}/NN-name.html        chapters
//   <out>/assets/…                    site.css, site.js, plotly.min.js, katex/, diagrams/,
//                                     live.js + live.css (src/site/browser/), models/<name>.js
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { escapeHtml } from "./html.js";
import { buildLiveScript } from "./live-bundle.js";
import { writeCheckpointScripts } from "./live-figure.js";
import {
  LABELS,
  otherLanguage,
  type PageLink,
  renderPage,
  SITE_LANGUAGES,
  type SiteLanguage,
} from "./page.js";
import { type ExecutedNotebook, renderNotebook } from "./render-notebook.js";

/** Where `scripts/run-notebooks.py --save build/executed` puts executed notebooks. */
export const EXECUTED_DIR = join("build", "executed");
/** Where `npm run site` writes the website. */
export const SITE_DIR = join("build", "site");

/** One chapter page to build: an executed notebook of one language edition. */
export interface SiteChapter {
  lang: SiteLanguage;
  /** File name without extension, e.g. "00-setup" (the page is `<name>.html`). */
  name: string;
  /** Path of the executed notebook. */
  notebook: string;
}

export interface SitePage {
  lang: SiteLanguage;
  /** "index" for the language's contents page. */
  name: string;
  /** Path relative to the site folder, with `/`: "en/00-setup.html". */
  path: string;
  /** Plot outputs on the page. */
  plots: number;
  /** Live figures on the page. */
  live: number;
}

export interface SiteResult {
  outDir: string;
  pages: SitePage[];
  warnings: string[];
}

/** The chapter notebooks of one edition: notebooks/<lang>/*.ipynb, by name (reading order). */
export function chapterNames(root: string, lang: SiteLanguage): string[] {
  const dir = join(root, "notebooks", lang);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ipynb"))
    .map((entry) => entry.name.slice(0, -".ipynb".length))
    .filter((name) => !name.endsWith(".mine"))
    .sort();
}

export interface CourseNotebook {
  lang: SiteLanguage;
  name: string;
  /** notebooks/<lang>/<name>.ipynb, relative to the project root. */
  notebook: string;
  /** Its executed copy (absolute). */
  executed: string;
  /** Why it must be executed again, or undefined when the executed copy is up to date. */
  stale?: string;
}

/**
 * An executed notebook as JSON. The notebook runner (another process: `npm test`, `npm run site`)
 * may be rewriting it right now, so a file that does not parse is read again a few times.
 */
export function readExecutedNotebook(path: string): ExecutedNotebook {
  for (let attempt = 1; ; attempt++) {
    try {
      return JSON.parse(readFileSync(path, "utf8")) as ExecutedNotebook;
    } catch (error) {
      if (attempt >= 5)
        throw new Error(`${path}: ${error instanceof Error ? error.message : error}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    }
  }
}

/**
 * Removes the executed copies of notebooks that failed (the runner saves them anyway), so that a
 * failed chapter is executed again next time instead of being published.
 */
export function discardFailedExecutions(
  root: string,
  report: { notebooks: Array<{ path: string; ok: boolean }> },
): string[] {
  const discarded: string[] = [];
  for (const notebook of report.notebooks) {
    if (notebook.ok) continue;
    const executed = join(root, EXECUTED_DIR, notebook.path);
    if (existsSync(executed)) {
      rmSync(executed);
      discarded.push(notebook.path);
    }
  }
  return discarded;
}

function mtime(path: string): number {
  return statSync(path).mtimeMs;
}

/**
 * Every zh/en chapter notebook with its executed copy under `<root>/build/executed/` and whether
 * that copy is stale: missing, or older than the notebook or than its chapter source.
 */
export function courseNotebooks(root: string): CourseNotebook[] {
  const found: CourseNotebook[] = [];
  for (const lang of SITE_LANGUAGES) {
    for (const name of chapterNames(root, lang)) {
      const notebook = join("notebooks", lang, `${name}.ipynb`);
      const executed = join(root, EXECUTED_DIR, notebook);
      let stale: string | undefined;
      if (!existsSync(executed)) {
        stale = "not executed yet";
      } else {
        const built = JSON.parse(readFileSync(join(root, notebook), "utf8")) as ExecutedNotebook;
        const source = built.metadata?.rnn_notebooks?.source;
        const inputs = [notebook, ...(source && existsSync(join(root, source)) ? [source] : [])];
        const newer = inputs.find((input) => mtime(join(root, input)) > mtime(executed));
        if (newer) stale = `${newer} is newer than its executed copy`;
      }
      found.push({ lang, name, notebook, executed, stale });
    }
  }
  return found;
}

function resolvePackageFile(root: string, specifier: string): string {
  return createRequire(join(root, "package.json")).resolve(specifier);
}

/** Copies the shared assets into `<outDir>/assets`. */
export function copyAssets(root: string, outDir: string): void {
  const assets = join(outDir, "assets");
  mkdirSync(join(assets, "katex"), { recursive: true });
  for (const file of ["site.css", "site.js", "live.css"]) {
    copyFileSync(join(root, "src", "site", "assets", file), join(assets, file));
  }
  // the live figures' script, built from src/site/browser/ (the worker embedded)
  writeFileSync(join(assets, "live.js"), buildLiveScript(root).script);
  copyFileSync(resolvePackageFile(root, "plotly.js-dist-min"), join(assets, "plotly.min.js"));
  const katexDist = join(dirname(resolvePackageFile(root, "katex/package.json")), "dist");
  copyFileSync(join(katexDist, "katex.min.css"), join(assets, "katex", "katex.min.css"));
  cpSync(join(katexDist, "fonts"), join(assets, "katex", "fonts"), { recursive: true });
  const diagrams = join(root, "assets", "diagrams");
  if (existsSync(diagrams)) cpSync(diagrams, join(assets, "diagrams"), { recursive: true });
}

interface RenderedChapter {
  chapter: SiteChapter;
  titleHtml: string;
  titleText: string;
  body: string;
  plots: number;
  live: number;
  source?: string;
}

export interface SiteOptions {
  /** Where the live figures' checkpoints are, searched in order (default `<root>/assets/models`). */
  modelsDirs?: string[];
}

/** Builds the website into `outDir` (its zh/, en/, assets/ and index.html are replaced). */
export function buildSite(
  root: string,
  outDir: string,
  chapters: SiteChapter[],
  options: SiteOptions = {},
): SiteResult {
  for (const entry of ["zh", "en", "assets", "index.html"]) {
    rmSync(join(outDir, entry), { recursive: true, force: true });
  }
  copyAssets(root, outDir);
  const warnings: string[] = [];
  const checkpoints: string[] = [];
  const pages: SitePage[] = [];
  const byLanguage = new Map<SiteLanguage, RenderedChapter[]>();
  for (const lang of SITE_LANGUAGES) {
    const rendered = chapters
      .filter((chapter) => chapter.lang === lang)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((chapter): RenderedChapter => {
        const notebook = readExecutedNotebook(chapter.notebook);
        const where = relative(root, chapter.notebook) || chapter.notebook;
        const page = renderNotebook(notebook, where);
        warnings.push(...page.warnings);
        checkpoints.push(...page.checkpoints);
        return {
          chapter,
          titleHtml: page.titleHtml || escapeHtml(chapter.name),
          titleText: page.titleText || chapter.name,
          body: page.body,
          plots: page.plots,
          live: page.live,
          source: notebook.metadata?.rnn_notebooks?.source,
        };
      });
    byLanguage.set(lang, rendered);
  }
  const modelsDirs = options.modelsDirs ?? [join(root, "assets", "models")];
  for (const missing of writeCheckpointScripts(modelsDirs, outDir, checkpoints)) {
    warnings.push(`${relative(root, missing)}: a live figure loads it, but it does not exist`);
  }

  for (const lang of SITE_LANGUAGES) {
    const labels = LABELS[lang];
    const other = otherLanguage(lang);
    const otherNames = new Set((byLanguage.get(other) ?? []).map((r) => r.chapter.name));
    const list = byLanguage.get(lang) ?? [];
    const dir = join(outDir, lang);
    mkdirSync(dir, { recursive: true });
    const link = (r: RenderedChapter | undefined): PageLink | undefined =>
      r ? { href: `${r.chapter.name}.html`, html: r.titleHtml } : undefined;

    list.forEach((r, i) => {
      const name = r.chapter.name;
      const html = renderPage({
        lang,
        title: `${r.titleText} · ${labels.course}`,
        main: r.body,
        assetBase: "../",
        index: "index.html",
        // the same chapter in the other language, or that language's contents if it is missing
        switchTo: {
          lang: other,
          href: otherNames.has(name) ? `../${other}/${name}.html` : `../${other}/index.html`,
        },
        previous: link(list[i - 1]),
        next: link(list[i + 1]),
        plots: r.plots > 0,
        live: r.live > 0,
        source: r.source,
      });
      writeFileSync(join(dir, `${name}.html`), html);
      pages.push({ lang, name, path: `${lang}/${name}.html`, plots: r.plots, live: r.live });
    });

    const items = list
      .map((r) => {
        // "03-lstm" is chapter 3 (the list numbers the chapters as their file names do)
        const number = /^(\d+)-/.exec(r.chapter.name)?.[1];
        const value = number === undefined ? "" : ` value="${Number(number)}"`;
        return `<li${value}><a href="${r.chapter.name}.html">${r.titleHtml}</a></li>`;
      })
      .join("\n");
    const index = renderPage({
      lang,
      title: labels.course,
      main: `<h1>${escapeHtml(labels.course)}</h1>\n<p>${escapeHtml(labels.intro)}</p>\n<h2>${escapeHtml(labels.contents)}</h2>\n<ol class="chapter-list">\n${items}\n</ol>`,
      assetBase: "../",
      index: "index.html",
      switchTo: { lang: other, href: `../${other}/index.html` },
      plots: false,
    });
    writeFileSync(join(dir, "index.html"), index);
    pages.push({ lang, name: "index", path: `${lang}/index.html`, plots: 0, live: 0 });
  }

  const choices = SITE_LANGUAGES.map(
    (lang) =>
      `<li lang="${LABELS[lang].htmlLang}"><a href="${lang}/index.html">${escapeHtml(LABELS[lang].languageName)} · ${escapeHtml(LABELS[lang].course)}</a></li>`,
  ).join("\n");
  const rootPage = renderPage({
    lang: "en",
    title: `${LABELS.zh.course} · ${LABELS.en.course}`,
    main: `<h1>${escapeHtml(LABELS.zh.chooseLanguage)} · ${escapeHtml(LABELS.en.chooseLanguage)}</h1>\n<ul class="chapter-list">\n${choices}\n</ul>`,
    assetBase: "",
    plots: false,
  });
  writeFileSync(join(outDir, "index.html"), rootPage);
  return { outDir, pages, warnings };
}

// The page template of the course website: head (KaTeX CSS, site CSS), a header with the index
// link and the language switch, previous/next links, the body, the shared scripts. Every link is
// relative, so the site works from file:// in any folder and from any static server.
import { escapeHtml } from "./html.js";

/** The languages the website is published in (the bilingual edition stays a notebook). */
export type SiteLanguage = "zh" | "en";
export const SITE_LANGUAGES: readonly SiteLanguage[] = ["zh", "en"];

export function otherLanguage(lang: SiteLanguage): SiteLanguage {
  return lang === "zh" ? "en" : "zh";
}

/** The fixed words of the site, per language. */
export const LABELS: Record<
  SiteLanguage,
  {
    htmlLang: string;
    course: string;
    intro: string;
    contents: string;
    previous: string;
    next: string;
    languageName: string;
    generatedFrom: string;
    chooseLanguage: string;
    /** Between "Next" and the chapter's title. */
    colon: string;
  }
> = {
  zh: {
    htmlLang: "zh-CN",
    course: "循环神经网络：RNN、LSTM 与 GRU",
    intro:
      "用 TypeScript 从零实现 RNN、LSTM 和 GRU，并与 TensorFlow.js 逐数对照。这里是已运行的章节；想自己运行代码，请打开 notebooks/zh/ 里的笔记本。",
    contents: "目录",
    previous: "上一章",
    next: "下一章",
    languageName: "中文",
    generatedFrom: "由以下源文件生成并运行：",
    chooseLanguage: "选择语言",
    colon: "：",
  },
  en: {
    htmlLang: "en",
    course: "Recurrent neural networks: RNN, LSTM and GRU",
    intro:
      "RNN, LSTM and GRU built from scratch in TypeScript and checked number by number against TensorFlow.js. These are the executed chapters; to run the code yourself, open the notebooks in notebooks/en/.",
    contents: "Contents",
    previous: "Previous",
    next: "Next",
    languageName: "English",
    generatedFrom: "Generated and executed from",
    chooseLanguage: "Choose a language",
    colon: ": ",
  },
};

export interface PageLink {
  href: string;
  /** Inline HTML (already safe). */
  html: string;
}

export interface PageOptions {
  lang: SiteLanguage;
  /** Plain text for <title>. */
  title: string;
  /** Safe HTML of <main>. */
  main: string;
  /** "../" for pages in site/<lang>/, "" for the site root. */
  assetBase: string;
  /** Link to this language's index (absent on the root page). */
  index?: string;
  /** The same page in the other language. */
  switchTo?: { lang: SiteLanguage; href: string };
  previous?: PageLink;
  next?: PageLink;
  /** Load the shared plotly.js (only pages with plots do). */
  plots: boolean;
  /** Load the live figures' script and styles (pages with a live figure). */
  live?: boolean;
  /** Source file named in the footer. */
  source?: string;
}

function chapterNav(options: PageOptions, where: "top" | "bottom"): string {
  if (!options.previous && !options.next) return "";
  const labels = LABELS[options.lang];
  const prev = options.previous
    ? `<a class="nav-prev" rel="prev" href="${escapeHtml(options.previous.href)}">← ${labels.previous}${labels.colon}${options.previous.html}</a>`
    : "<span></span>";
  const next = options.next
    ? `<a class="nav-next" rel="next" href="${escapeHtml(options.next.href)}">${labels.next}${labels.colon}${options.next.html} →</a>`
    : "<span></span>";
  return `<nav class="chapter-nav chapter-nav-${where}">${prev}${next}</nav>\n`;
}

/** A complete HTML document. */
export function renderPage(options: PageOptions): string {
  const labels = LABELS[options.lang];
  const base = options.assetBase;
  const other = options.switchTo;
  const alternate = other
    ? `<link rel="alternate" hreflang="${LABELS[other.lang].htmlLang}" href="${escapeHtml(other.href)}">\n`
    : "";
  const indexLink = options.index
    ? `<a class="site-index" href="${escapeHtml(options.index)}">${escapeHtml(labels.course)}</a>`
    : `<span class="site-index">${escapeHtml(labels.course)}</span>`;
  const switcher = other
    ? `<a class="lang-switch" hreflang="${LABELS[other.lang].htmlLang}" lang="${LABELS[other.lang].htmlLang}" href="${escapeHtml(other.href)}">${LABELS[other.lang].languageName}</a>`
    : "";
  const footer = options.source
    ? `<footer class="site-footer">${escapeHtml(labels.generatedFrom)} <code>${escapeHtml(options.source)}</code></footer>\n`
    : "";
  const scripts = [
    options.plots ? `<script src="${base}assets/plotly.min.js"></script>` : "",
    `<script src="${base}assets/site.js"></script>`,
    options.live ? `<script src="${base}assets/live.js"></script>` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return `<!doctype html>
<html lang="${labels.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}assets/katex/katex.min.css">
<link rel="stylesheet" href="${base}assets/site.css">
${options.live ? `<link rel="stylesheet" href="${base}assets/live.css">\n` : ""}${alternate}</head>
<body>
<header class="site-header">${indexLink}${switcher}</header>
${chapterNav(options, "top")}<main>
${options.main}
</main>
${chapterNav(options, "bottom")}${footer}${scripts}
</body>
</html>
`;
}

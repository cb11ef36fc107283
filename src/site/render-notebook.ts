// One executed notebook → the HTML body of a course web page, at build time.
//
// What becomes HTML, and why it is safe:
// - markdown cells: markdown-it with `html: false` (raw HTML in prose is shown as text), math
//   typeset by KaTeX here (no script at run time), code fences highlighted by highlight.ts;
//   the one HTML construct the notebook builder itself writes — a solution's
//   `<details><summary>…</summary> … </details>` — is recognised and re-emitted by us;
// - streams (stdout/stderr) and `text/plain`: escaped;
// - plots: re-emitted from the `application/vnd.plotly.v1+json` data as an empty <div> plus the
//   figure as JSON in a `<script type="application/json">`; the page's shared assets/site.js draws
//   it with the shared assets/plotly.min.js. The output's `text/html` (plotly.js inlined, inline
//   scripts) is never used;
// - images: `image/png` / `image/jpeg` / `image/svg+xml` as <img> data URLs (an SVG in <img> runs
//   no script);
// - any other `text/html` output is NOT passed through: notebooks are executed code and their
//   HTML is not ours. Its `text/plain` is shown instead (or a note), and the build warns.

import katex from "katex";
import type { default as MarkdownIt, Options, Renderer, Token } from "markdown-it";
import {
  COLORED_TEXT_MIME,
  type ColoredText,
  coloredTextHtml,
} from "../core/plots/colored-text.js";
import { PLOTLY_MIME } from "../node/display/show.js";
import { createMarkdown, MATH_BLOCK, MATH_INLINE } from "../notebook-builder/markdown.js";
import { highlightTypeScript } from "./highlight.js";
import { escapeHtml, scriptJson, stripAnsi } from "./html.js";
import { livePayloadOf, liveTag, renderLiveFigure } from "./live-figure.js";

/** The parts of an nbformat 4 notebook the site reads. */
export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
  outputs?: NotebookOutput[];
}
export interface ExecutedNotebook {
  cells: NotebookCell[];
  metadata?: { rnn_notebooks?: { source?: string; edition?: string } };
}

export interface RenderedNotebook {
  /** The chapter's first `#` heading as inline HTML (math typeset), for the index and links. */
  titleHtml: string;
  /** The same heading as plain text, for `<title>`. */
  titleText: string;
  /** The page body: cells and their outputs. */
  body: string;
  /** Plot outputs rendered (each becomes one drawn plotly chart in the browser). */
  plots: number;
  /** Outputs that could not be shown as they are (e.g. foreign `text/html`). */
  warnings: string[];
  /** Live figures on the page (cells tagged `live-<name>`, see live-figure.ts). */
  live: number;
  /** Checkpoints the page's live figures load (assets/models/<name>.json). */
  checkpoints: string[];
}

export interface RenderContext {
  /** Prefix for ids on the page, so several notebooks could share one page. */
  idPrefix?: string;
}

/** `source` / `text` fields are a string or a list of lines. */
export function joinText(value: string | string[] | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join("") : value;
}

function renderMath(tex: string, displayMode: boolean): string {
  // throwOnError: false → a bad formula becomes a visible `.katex-error` span (the browser test
  // fails on it); `npm run build` already refuses formulas KaTeX cannot render.
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: "htmlAndMathml" });
}

function renderFence(code: string, info: string): string {
  const language = info.trim().split(/\s+/)[0] ?? "";
  const highlighted = ["ts", "typescript", "js", "javascript"].includes(language)
    ? highlightTypeScript(code.replace(/\n$/, ""))
    : escapeHtml(code.replace(/\n$/, ""));
  const cls = language ? ` class="language-${escapeHtml(language)}"` : "";
  return `<pre class="code"><code${cls}>${highlighted}</code></pre>\n`;
}

/** Rewrites relative targets written for notebooks/<lang>/ so they work from site/<lang>/. */
export function siteTarget(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#") || href.startsWith("/")) {
    return href;
  }
  // ../../assets/x (from notebooks/<lang>/) → ../assets/x (from site/<lang>/)
  let target = href.replace(/^\.\.\/\.\.\/assets\//, "../assets/");
  // a sibling chapter notebook → its page
  target = target.replace(/^(\.\/)?([^/#?]+)\.ipynb(?=$|[#?])/, "$2.html");
  return target;
}

let markdown: MarkdownIt | undefined;

/** The site's markdown-it: the chapter sources' parser (containers, `$` math), HTML off. */
export function siteMarkdown(): MarkdownIt {
  if (markdown) return markdown;
  const md = createMarkdown();
  md.set({ html: false, linkify: false, typographer: false });
  const rules = md.renderer.rules;
  rules[MATH_INLINE] = (tokens: Token[], idx: number) =>
    renderMath(tokens[idx].content, tokens[idx].markup === "$$");
  rules[MATH_BLOCK] = (tokens: Token[], idx: number) =>
    `<div class="math-display">${renderMath(tokens[idx].content, true)}</div>\n`;
  rules.fence = (tokens: Token[], idx: number) =>
    renderFence(tokens[idx].content, tokens[idx].info);
  rules.code_block = (tokens: Token[], idx: number) => renderFence(tokens[idx].content, "");
  const defaultImage = rules.image;
  rules.image = (tokens: Token[], idx: number, options: Options, env: unknown, self: Renderer) => {
    const token = tokens[idx];
    token.attrSet("src", siteTarget(token.attrGet("src") ?? ""));
    token.attrSet("loading", "lazy");
    return defaultImage
      ? defaultImage(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
  };
  rules.link_open = (
    tokens: Token[],
    idx: number,
    options: Options,
    _env: unknown,
    self: Renderer,
  ) => {
    const token = tokens[idx];
    const href = token.attrGet("href");
    if (href !== null) token.attrSet("href", siteTarget(href));
    if (href && /^https?:/i.test(href)) token.attrSet("rel", "noopener");
    return self.renderToken(tokens, idx, options);
  };
  markdown = md;
  return md;
}

/** Markdown (a notebook's prose) as safe HTML, math typeset. */
export function renderMarkdown(text: string): string {
  return siteMarkdown().render(text);
}

// The builder's folded solution (src/notebook-builder/notebook.ts): `<details>\n<summary>S</summary>`, the
// body's paragraphs and fences, then `</details>` — each separated by a blank line.
const SOLUTION = /^<details>\n<summary>([^<>\n]*)<\/summary>\n([\s\S]*?)\n*<\/details>\s*$/;

function renderMarkdownCell(text: string): string {
  const solution = SOLUTION.exec(text);
  if (solution) {
    return (
      `<details class="solution"><summary>${escapeHtml(solution[1])}</summary>\n` +
      `${renderMarkdown(solution[2])}</details>\n`
    );
  }
  return renderMarkdown(text);
}

/** The chapter's first level-1 heading: inline HTML and plain text. */
function chapterTitle(cells: NotebookCell[]): { html: string; text: string } {
  const md = siteMarkdown();
  for (const cell of cells) {
    if (cell.cell_type !== "markdown") continue;
    const tokens = md.parse(joinText(cell.source), {});
    const open = tokens.findIndex((t) => t.type === "heading_open" && t.tag === "h1");
    if (open === -1) continue;
    const inline = tokens[open + 1];
    const text = (inline.children ?? [])
      .map((child) =>
        child.type === "text" || child.type.startsWith("math") || child.type === "code_inline"
          ? child.content
          : "",
      )
      .join("");
    return { html: md.renderInline(inline.content), text };
  }
  return { html: "", text: "" };
}

/** Is this the "generated from … — edit it there" banner the notebook builder puts first? */
function isBuildBanner(cell: NotebookCell, index: number, source: string | undefined): boolean {
  if (index !== 0 || cell.cell_type !== "markdown") return false;
  const text = joinText(cell.source);
  return text.startsWith(">") && source !== undefined && text.includes(`\`${source}\``);
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/**
 * The stopwatch that starts timing lines ("⏱ 3.2 s"), drawn: few fonts have U+23F1 (none of the
 * site's font stack on Debian does), so the glyph would be a missing-glyph box.
 */
export const TIMER_SVG =
  '<svg class="glyph-timer" viewBox="0 0 16 16" width="1em" height="1em" role="img" aria-label="⏱">' +
  '<circle cx="8" cy="9.2" r="5.6" fill="none" stroke="currentColor" stroke-width="1.5"/>' +
  '<path d="M8 9.2V6.3M6.2 1.6h3.6M8 1.6v2M12.4 4.6l1.1-1.1" fill="none" stroke="currentColor" ' +
  'stroke-width="1.5" stroke-linecap="round"/></svg>';

/** Printed text as HTML: escaped, ANSI colours dropped, the timing glyph drawn. */
function outputText(text: string): string {
  return escapeHtml(stripAnsi(text)).replaceAll("⏱", TIMER_SVG);
}

/**
 * A claim cell (tag `claim`) without its code: each line it printed ("✓ checked: <sentence>
 * (<evidence>)") as a small paragraph. A claim that did not hold never gets here: a notebook with
 * a failing cell is not published. Anything else the cell printed follows as usual.
 */
function claimCell(outputs: NotebookOutput[], renderer: OutputRenderer, index: number): string {
  const isStdout = (output: NotebookOutput) =>
    output.output_type === "stream" && (output.name ?? "stdout") === "stdout";
  const printed = outputs
    .filter(isStdout)
    .map((output) => joinText(output.text))
    .join("");
  const claims = stripAnsi(printed)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const checked = line.startsWith("✓");
      const mark = checked ? '<span class="claim-mark" aria-hidden="true">✓</span> ' : "";
      return `<p class="claim">${mark}${escapeHtml(checked ? line.slice(1).trimStart() : line)}</p>\n`;
    })
    .join("");
  const others = outputs.filter((output) => !isStdout(output));
  const rest = others.length > 0 ? renderer.outputs(others, index) : "";
  return `<section class="cell cell-claim">\n${claims}${rest}</section>`;
}

class OutputRenderer {
  plots = 0;
  readonly warnings: string[] = [];
  constructor(
    private readonly idPrefix: string,
    private readonly where: string,
  ) {}

  plot(figure: Record<string, unknown>): string {
    this.plots += 1;
    const id = `${this.idPrefix}plot-${this.plots}`;
    const layout = (figure.layout ?? {}) as { height?: unknown };
    const height = typeof layout.height === "number" ? layout.height : 420;
    return (
      `<div class="output output-plot"><div class="rnn-plot" id="${id}" style="height:${height}px"></div>` +
      `<script type="application/json" data-plot="${id}">${scriptJson(figure)}</script></div>\n`
    );
  }

  display(data: Record<string, unknown>, cellIndex: number): string {
    const plotly = data[PLOTLY_MIME];
    if (plotly && typeof plotly === "object") return this.plot(plotly as Record<string, unknown>);
    const colored = data[COLORED_TEXT_MIME];
    if (colored && typeof colored === "object") {
      return `<div class="output output-colored-text">${coloredTextHtml(colored as ColoredText)}</div>\n`;
    }
    for (const mime of ["image/png", "image/jpeg"]) {
      const image = joinText(data[mime] as string | string[] | undefined);
      if (image && BASE64.test(image)) {
        return `<div class="output output-image"><img alt="" src="data:${mime};base64,${image.replace(/\s/g, "")}"></div>\n`;
      }
    }
    const svg = joinText(data["image/svg+xml"] as string | string[] | undefined);
    if (svg) {
      const encoded = Buffer.from(svg, "utf8").toString("base64");
      return `<div class="output output-image"><img alt="" src="data:image/svg+xml;base64,${encoded}"></div>\n`;
    }
    const markdownText = joinText(data["text/markdown"] as string | string[] | undefined);
    if (markdownText)
      return `<div class="output output-markdown">${renderMarkdown(markdownText)}</div>\n`;
    const plain = joinText(data["text/plain"] as string | string[] | undefined);
    if ("text/html" in data) {
      this.warnings.push(
        `${this.where} cell ${cellIndex}: a text/html output is not shown on the site (only the build's own HTML is); ${plain ? "its text/plain is shown instead" : "it has no text/plain"}`,
      );
    }
    if (plain) return `<pre class="output output-text">${outputText(plain)}</pre>\n`;
    const types = Object.keys(data).join(", ");
    return `<p class="output output-omitted">[${escapeHtml(types)}]</p>\n`;
  }

  outputs(outputs: NotebookOutput[], cellIndex: number): string {
    let html = "";
    let stream: { name: string; text: string } | undefined;
    const flush = () => {
      if (stream && stream.text !== "") {
        const text = outputText(stream.text.replace(/\n$/, ""));
        html += `<pre class="output output-stream output-${stream.name === "stderr" ? "stderr" : "stdout"}">${text}</pre>\n`;
      }
      stream = undefined;
    };
    for (const output of outputs) {
      if (output.output_type === "stream") {
        const name = output.name ?? "stdout";
        if (stream && stream.name !== name) flush();
        stream ??= { name, text: "" };
        stream.text += joinText(output.text);
        continue;
      }
      flush();
      if (output.output_type === "display_data" || output.output_type === "execute_result") {
        html += this.display(output.data ?? {}, cellIndex);
      } else if (output.output_type === "error") {
        const trace =
          stripAnsi((output.traceback ?? []).join("\n")) || `${output.ename}: ${output.evalue}`;
        html += `<pre class="output output-error">${escapeHtml(trace)}</pre>\n`;
      }
    }
    flush();
    return html;
  }
}

/** The page body of one executed notebook; `where` names it in warnings. */
export function renderNotebook(
  notebook: ExecutedNotebook,
  where: string,
  context: RenderContext = {},
): RenderedNotebook {
  const source = notebook.metadata?.rnn_notebooks?.source;
  const outputs = new OutputRenderer(context.idPrefix ?? "", where);
  const parts: string[] = [];
  const edition = notebook.metadata?.rnn_notebooks?.edition;
  const live = { count: 0, checkpoints: [] as string[] };
  notebook.cells.forEach((cell, index) => {
    if (isBuildBanner(cell, index, source)) return;
    const text = joinText(cell.source);
    if (cell.cell_type === "markdown") {
      parts.push(`<section class="cell cell-markdown">\n${renderMarkdownCell(text)}</section>`);
    } else if (cell.cell_type === "code") {
      const tags = cell.metadata?.tags ?? [];
      if (tags.includes("claim")) {
        parts.push(claimCell(cell.outputs ?? [], outputs, index));
        return;
      }
      const tagClasses = tags
        .map((tag) => ` tag-${escapeHtml(tag.replace(/[^\w-]/g, "_"))}`)
        .join("");
      const code = `<pre class="code cell-input"><code class="language-ts">${highlightTypeScript(text)}</code></pre>\n`;
      const rendered = outputs.outputs(cell.outputs ?? [], index);
      let out = rendered ? `<div class="cell-outputs">\n${rendered}</div>\n` : "";
      const liveName = liveTag(tags);
      if (liveName !== undefined && rendered) {
        const figure = renderLiveFigure({
          name: liveName,
          lang: edition === "zh" ? "zh" : "en",
          outputsHtml: rendered,
          payload: livePayloadOf(cell.outputs ?? []),
          where: `${where} cell ${index}`,
        });
        out = figure.html;
        outputs.warnings.push(...figure.warnings);
        if (figure.warnings.length === 0) live.count += 1;
        live.checkpoints.push(...figure.checkpoints);
      }
      parts.push(`<section class="cell cell-code${tagClasses}">\n${code}${out}</section>`);
    } else {
      // raw cells: shown as text
      parts.push(`<pre class="cell cell-raw">${escapeHtml(text)}</pre>`);
    }
  });
  const title = chapterTitle(notebook.cells);
  return {
    titleHtml: title.html,
    titleText: title.text,
    body: parts.join("\n"),
    plots: outputs.plots,
    warnings: outputs.warnings,
    live: live.count,
    checkpoints: live.checkpoints,
  };
}

/** How many plot outputs a notebook holds (what the browser must draw), independent of rendering. */
export function countPlotOutputs(notebook: ExecutedNotebook): number {
  let count = 0;
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) {
      if (output.data && PLOTLY_MIME in output.data) count += 1;
    }
  }
  return count;
}

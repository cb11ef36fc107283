// show(figure): display a plotly figure so it renders everywhere a learner may open the notebook.
//
// ONE display_data with three representations:
// - `application/vnd.plotly.v1+json`: JupyterLab and VS Code draw it with their plotly renderer;
// - `text/html`: the classic notebook, nbconvert's HTML, nbviewer. plotly.js is inlined (offline)
//   in the first plot of each kernel session; later plots reuse `window.Plotly`;
// - `text/plain`: a one-line summary for terminals and for tests.
// With `show(figure, { live })` the bundle carries a fourth type, LIVE_MIME: the data the course
// website's live figure of this cell needs (e.g. the trained model), as plain JSON. Notebook UIs
// ignore the unknown type; the site build writes it into the page (src/site/live-figure.ts).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  COLORED_TEXT_MIME,
  type ColoredText,
  coloredTextHtml,
  describeColoredText,
} from "../../core/plots/colored-text.js";
import type { PlotlyFigure } from "../../core/plots/figure.js";
import { projectRoot } from "../project-root.js";
import { displayMimeBundle, type MimeBundle } from "./mime.js";

export type { PlotlyFigure };

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** The live figure's data on the course website (see show()'s `live` option). */
export const LIVE_MIME = "application/vnd.rnn-notebooks.live+json";
/** Attribute on the inlined plotly.js script (the runner's output comparison recognises it). */
export const PLOTLY_BUNDLE_MARKER = "data-rnn-plotly-bundle";
/** Div ids look like `rnn-plot-<figure hash>-<n>` (deterministic: no randomness). */
export const PLOT_ID_PREFIX = "rnn-plot-";
const DEFAULT_HEIGHT_PX = 420;
const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

let plotlySource: string | undefined;
let plotlyInlined = false;
let plotCount = 0;

/** The minified plotly.js bundle (read from node_modules, never fetched). */
export function plotlyBundleSource(): string {
  if (plotlySource === undefined) {
    const requireFromRoot = createRequire(join(projectRoot(), "package.json"));
    plotlySource = readFileSync(requireFromRoot.resolve("plotly.js-dist-min"), "utf8");
  }
  return plotlySource;
}

/** Start a new "session": the next plot inlines plotly.js again and ids restart (tests). */
export function resetShowSession(): void {
  plotlyInlined = false;
  plotCount = 0;
}

/** FNV-1a, 32 bit: a short, stable fingerprint of the figure for its div id. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A short text description of the figure (text/plain). */
export function describeFigure(figure: PlotlyFigure): string {
  const title = figure.layout?.title;
  const titleText =
    typeof title === "string"
      ? title
      : typeof (title as { text?: unknown } | undefined)?.text === "string"
        ? (title as { text: string }).text
        : "";
  const types = figure.data.map((trace) => String(trace.type ?? "scatter"));
  const traces = `${figure.data.length} trace${figure.data.length === 1 ? "" : "s"}`;
  return `Plotly figure${titleText ? ` "${titleText}"` : ""}: ${traces} (${types.join(", ")})`;
}

export interface FigureBundleOptions {
  divId: string;
  /** Inline plotly.js before the plot (the first plot of a session). */
  includePlotly: boolean;
}

/** The mime bundle of one figure (pure apart from reading the plotly bundle). */
export function figureBundle(figure: PlotlyFigure, options: FigureBundleOptions): MimeBundle {
  const layout = { height: DEFAULT_HEIGHT_PX, ...figure.layout };
  const config = { ...DEFAULT_CONFIG, ...figure.config };
  const height = typeof layout.height === "number" ? layout.height : DEFAULT_HEIGHT_PX;
  const id = options.divId;
  const library = options.includePlotly
    ? `<script type="text/javascript" ${PLOTLY_BUNDLE_MARKER}>\n${plotlyBundleSource()}\n</script>\n`
    : "";
  const draw = [
    "(function () {",
    `  var el = document.getElementById(${JSON.stringify(id)});`,
    "  if (!el) return;",
    "  if (!window.Plotly) {",
    '    el.textContent = "plotly.js is not loaded: run the notebook again (Kernel → Restart & Run All).";',
    "    return;",
    "  }",
    `  window.Plotly.newPlot(el, ${scriptJson(figure.data)}, ${scriptJson(layout)}, ${scriptJson(config)});`,
    "})();",
  ].join("\n");
  const html =
    `${library}<div id="${id}" class="rnn-plot" style="width:100%;height:${height}px;"></div>\n` +
    `<script type="text/javascript">\n${draw}\n</script>`;
  return {
    [PLOTLY_MIME]: {
      data: figure.data,
      layout,
      config,
      ...(figure.frames ? { frames: figure.frames } : {}),
    },
    "text/html": html,
    "text/plain": describeFigure(figure),
  };
}

export interface ShowOptions {
  /**
   * Data for this cell's live figure on the course website, e.g. `{ model, sentences }` for the
   * gate explorer: any JSON value; typed arrays (a model's Float64Array parameters, a dataset's
   * Int32Array tokens) become plain number arrays. Sent as one more mime type (LIVE_MIME).
   */
  live?: unknown;
}

/**
 * A value as plain JSON for LIVE_MIME: typed arrays become number arrays (float64 values survive
 * JSON exactly); functions, undefined and non-finite numbers are refused with the path named.
 */
export function livePayload(value: unknown, path = "live"): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${path}: ${value} cannot be written as JSON`);
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return livePayload(Array.from(value as unknown as ArrayLike<number>), path);
  }
  if (Array.isArray(value)) return value.map((item, i) => livePayload(item, `${path}[${i}]`));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item !== undefined) out[key] = livePayload(item, `${path}.${key}`);
    }
    return out;
  }
  throw new Error(`${path}: a ${typeof value} cannot be written as JSON`);
}

/**
 * Display a plotly figure in the notebook (one display_data: plotly JSON, HTML, text, and the
 * live figure's data when `options.live` is given). Outside a kernel it prints the text
 * description.
 */
export function show(figure: PlotlyFigure, options: ShowOptions = {}): void {
  const json = JSON.stringify(figure);
  plotCount += 1;
  const divId = `${PLOT_ID_PREFIX}${fingerprint(json)}-${plotCount}`;
  const includePlotly = !plotlyInlined;
  const bundle = figureBundle(figure, { divId, includePlotly });
  if (options.live !== undefined) bundle[LIVE_MIME] = livePayload(options.live);
  const sent = displayMimeBundle(bundle);
  if (sent) plotlyInlined = true;
}

/**
 * Display coloured text (src/core/plots/colored-text.ts): ONE display_data with the spec as JSON
 * (the site renders it), self-contained HTML (notebook, nbconvert) and a text line; with
 * `options.live`, the live figure's data too (as show() sends it).
 */
export function showColoredText(spec: ColoredText, options: ShowOptions = {}): void {
  displayMimeBundle({
    [COLORED_TEXT_MIME]: spec,
    "text/html": coloredTextHtml(spec),
    "text/plain": describeColoredText(spec),
    ...(options.live === undefined ? {} : { [LIVE_MIME]: livePayload(options.live) }),
  });
}

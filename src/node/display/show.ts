// show(figure): display a plotly figure so it renders everywhere a learner may open the notebook.
//
// ONE display_data with three representations:
// - `application/vnd.plotly.v1+json`: JupyterLab and VS Code draw it with their plotly renderer;
// - `text/html`: the classic notebook, nbconvert's HTML, nbviewer. plotly.js is inlined (offline)
//   in the first plot of each kernel session; later plots reuse `window.Plotly`;
// - `text/plain`: a one-line summary for terminals and for tests.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { PlotlyFigure } from "../../core/plots/figure.js";
import { projectRoot } from "../project-root.js";
import { displayMimeBundle, type MimeBundle } from "./mime.js";

export type { PlotlyFigure };

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
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

/**
 * Display a plotly figure in the notebook (one display_data: plotly JSON, HTML, text).
 * Outside a kernel it prints the text description.
 */
export function show(figure: PlotlyFigure): void {
  const json = JSON.stringify(figure);
  plotCount += 1;
  const divId = `${PLOT_ID_PREFIX}${fingerprint(json)}-${plotCount}`;
  const includePlotly = !plotlyInlined;
  const sent = displayMimeBundle(figureBundle(figure, { divId, includePlotly }));
  if (sent) plotlyInlined = true;
}

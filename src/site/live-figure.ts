// A chapter cell tagged `live-<name>` (```ts live-gradient-lag in its chapter source) becomes a
// live figure on the course website: its outputs, as the executed notebook has them, wrapped in
//
//   <figure class="live" data-live="<name>">
//     <div class="cell-outputs live-static"> …the static outputs… </div>
//     <script type="application/json" class="live-config">{ name, lang, payload?, script? }</script>
//   </figure>
//
// assets/live.js (src/site/browser/live.ts) adds the controls and recomputes in a Web Worker;
// without JavaScript the static outputs are the page. The payload is what the cell sent with
// show(figure, { live }) (LIVE_MIME); a checkpoint it names (the sampler's, say-number's:
// CHECKPOINT_FIGURES) is written as a script instead (assets/models/<name>.js), because a page
// opened from file:// cannot fetch() a JSON file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LIVE_MIME } from "../node/display/show.js";
import {
  isLiveFigureName,
  LIVE_FIGURES,
  type LiveFigureConfig,
  loadsCheckpoint,
  type PageLanguage,
} from "./browser/protocol.js";
import { escapeHtml, scriptJson } from "./html.js";

export const LIVE_TAG_PREFIX = "live-";

/** The live figure a cell's tags ask for (`live-<name>`), if any. */
export function liveTag(tags: readonly string[]): string | undefined {
  return tags.find((tag) => tag.startsWith(LIVE_TAG_PREFIX))?.slice(LIVE_TAG_PREFIX.length);
}

/** The cell's show(…, { live }) data: the last output that carries LIVE_MIME. */
export function livePayloadOf(
  outputs: ReadonlyArray<{ data?: Record<string, unknown> }>,
): unknown | undefined {
  let payload: unknown;
  for (const output of outputs) {
    if (output.data && LIVE_MIME in output.data) payload = output.data[LIVE_MIME];
  }
  return payload;
}

/** Where a live figure's checkpoint goes on the site, and the global its script sets. */
export function checkpointScript(name: string): { src: string; global: string } {
  return {
    src: `../assets/models/${name}.js`,
    global: `rnnCheckpoint_${name.replace(/\W/g, "_")}`,
  };
}

export interface LiveFigureInput {
  /** The tag's name (checked here: an unknown one is a warning and no live figure). */
  name: string;
  lang: PageLanguage;
  /** The cell's rendered outputs (safe HTML). */
  outputsHtml: string;
  payload: unknown;
  /** For warnings: "notebooks/zh/02-….ipynb cell 12". */
  where: string;
}

export interface LiveFigureHtml {
  html: string;
  warnings: string[];
  /** Checkpoints (assets/models/<name>.json) this figure loads: the site writes their scripts. */
  checkpoints: string[];
}

/** The live figure around a cell's outputs, or the plain outputs and a warning if it cannot be. */
export function renderLiveFigure(input: LiveFigureInput): LiveFigureHtml {
  const plain = `<div class="cell-outputs">\n${input.outputsHtml}</div>\n`;
  if (!isLiveFigureName(input.name)) {
    return {
      html: plain,
      checkpoints: [],
      warnings: [
        `${input.where}: tag ${LIVE_TAG_PREFIX}${input.name} names no live figure (known: ${LIVE_FIGURES.join(", ")})`,
      ],
    };
  }
  const config: LiveFigureConfig = { name: input.name, lang: input.lang };
  const checkpoints: string[] = [];
  if (input.name === "gate-explorer" && input.payload === undefined) {
    return {
      html: plain,
      checkpoints,
      warnings: [
        `${input.where}: live-gate-explorer needs the trained model: show(figure, { live: { model, sentences } })`,
      ],
    };
  }
  if (loadsCheckpoint(input.name)) {
    const { checkpoint, ...rest } = (input.payload ?? {}) as { checkpoint?: unknown };
    if (typeof checkpoint !== "string" || !/^[\w.-]+$/.test(checkpoint)) {
      return {
        html: plain,
        checkpoints,
        warnings: [
          `${input.where}: live-${input.name} needs the checkpoint's name: show(figure, { live: { checkpoint: "<name of assets/models/<name>.json>" } })`,
        ],
      };
    }
    checkpoints.push(checkpoint);
    config.script = checkpointScript(checkpoint);
    config.payload = rest;
  } else if (input.payload !== undefined) {
    config.payload = input.payload;
  }
  const html =
    `<figure class="live" data-live="${escapeHtml(input.name)}">\n` +
    `<div class="cell-outputs live-static">\n${input.outputsHtml}</div>\n` +
    `<script type="application/json" class="live-config">${scriptJson(config)}</script>\n` +
    "</figure>\n";
  return { html, warnings: [], checkpoints };
}

/**
 * Writes `<outDir>/assets/models/<name>.js` for each checkpoint `<name>.json`, taken from the first
 * of `modelsDirs` that has it (the project's assets/models/): one statement that sets the global
 * the live figure reads. Returns the checkpoints that do not exist (as looked for in the first folder).
 */
export function writeCheckpointScripts(
  modelsDirs: string[],
  outDir: string,
  names: string[],
): string[] {
  const missing: string[] = [];
  const dir = join(outDir, "assets", "models");
  for (const name of new Set(names)) {
    const json = modelsDirs.map((folder) => join(folder, `${name}.json`)).find(existsSync);
    if (json === undefined) {
      missing.push(join(modelsDirs[0], `${name}.json`));
      continue;
    }
    mkdirSync(dir, { recursive: true });
    const value = JSON.parse(readFileSync(json, "utf8")) as unknown;
    const { global } = checkpointScript(name);
    writeFileSync(
      join(dir, `${name}.js`),
      `// generated by the site build from ${name}.json (assets/models/)\nwindow[${JSON.stringify(global)}] = ${scriptJson(value)};\n`,
    );
  }
  return missing;
}

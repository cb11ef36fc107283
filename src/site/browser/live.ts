// assets/live.js: makes every <figure class="live"> of a course page live. The site build
// (src/site/live-figure.ts) wrapped the outputs of each chapter cell tagged `live-<name>` in such
// a figure, with its config as JSON; the static outputs stay visible until the reader moves a
// control, and without JavaScript they are all there is. The computing happens in a Web Worker
// (./worker.ts, embedded below as a string by the site build: LIVE_WORKER_SOURCE).

import { isLiveFigureName, type LiveFigureConfig } from "./protocol.js";
import { FigureWorker } from "./runner.js";
import { LiveFrame } from "./ui/frame.js";
import { mountGapTraining } from "./ui/gap-training.js";
import { mountGateExplorer } from "./ui/gate-explorer.js";
import { mountGradientLag } from "./ui/gradient-lag.js";
import { mountSampler } from "./ui/sampler.js";
import { mountSayNumber } from "./ui/say-number.js";

/** When this script started (after plotly.js and site.js, which drew the static plots). */
const startedAt = performance.now();

/** The worker's bundled code (esbuild `define`, see src/site/live-bundle.ts). */
declare const LIVE_WORKER_SOURCE: string;
/** Read once: esbuild's `define` pastes the whole string at every mention. */
const workerSource: string = LIVE_WORKER_SOURCE;

function configOf(figure: HTMLElement): LiveFigureConfig | undefined {
  const script = figure.querySelector<HTMLScriptElement>("script.live-config");
  if (!script?.textContent) return undefined;
  return JSON.parse(script.textContent) as LiveFigureConfig;
}

function mount(figure: HTMLElement): void {
  const config = configOf(figure);
  if (!config || !isLiveFigureName(config.name)) {
    throw new Error(`live figure ${figure.dataset.live}: no or unknown configuration`);
  }
  const frame = new LiveFrame(figure, config);
  // the figures that load a checkpoint start their worker once it is there
  if (config.name === "sampler") {
    mountSampler(frame, workerSource);
    return;
  }
  if (config.name === "say-number") {
    mountSayNumber(frame, workerSource);
    return;
  }
  const worker = new FigureWorker(workerSource, config.name, config.lang, config.payload);
  if (config.name === "gradient-lag") mountGradientLag(frame, worker);
  else if (config.name === "gap-training") mountGapTraining(frame, worker);
  else if (config.name === "gate-explorer") mountGateExplorer(frame, worker);
  worker.warm(); // load the library in the worker now, not at the first interaction
}

document.querySelectorAll<HTMLElement>("figure.live[data-live]").forEach(mount);
// when the controls appeared, in ms since the page started loading (npm run bench:site reads it)
document.documentElement.dataset.liveStartedAt = String(startedAt);
document.documentElement.dataset.liveReadyAt = String(performance.now());
document.documentElement.dataset.liveFigures = "ready";

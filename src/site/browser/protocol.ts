// What the page and its Web Worker say to each other, and what the site build writes into a
// live figure (src/site/live-figure.ts). Browser-safe and Node-safe: types and constants only.

/** The live figures the site knows; a chapter cell tagged `live-<name>` becomes one. */
export const LIVE_FIGURES = [
  "gradient-lag",
  "gap-training",
  "gate-explorer",
  "sampler",
  "say-number",
] as const;
export type LiveFigureName = (typeof LIVE_FIGURES)[number];

export function isLiveFigureName(name: string): name is LiveFigureName {
  return (LIVE_FIGURES as readonly string[]).includes(name);
}

/**
 * The figures that load a committed checkpoint (assets/models/<name>.json, named by the cell's
 * `{ live: { checkpoint: "<name>" } }`): the site writes it as a script, the page loads it and
 * hands it to the worker with the cell's other choices.
 */
export const CHECKPOINT_FIGURES = [
  "sampler",
  "say-number",
] as const satisfies readonly LiveFigureName[];

export function loadsCheckpoint(name: LiveFigureName): boolean {
  return (CHECKPOINT_FIGURES as readonly string[]).includes(name);
}

/** The page languages (the site publishes zh and en). */
export type PageLanguage = "zh" | "en";

/** The JSON the site build writes next to a live figure (`<script type="application/json">`). */
export interface LiveFigureConfig {
  name: LiveFigureName;
  lang: PageLanguage;
  /** The cell's show(…, { live }) data from the executed notebook, if it sent any. */
  payload?: unknown;
  /** Where the site build put a large payload as a script (a checkpoint: the sampler's, say-number's). */
  script?: { src: string; global: string };
}

/** page → worker: compute one figure. */
export interface JobRequest {
  id: number;
  figure: LiveFigureName;
  lang: PageLanguage;
  params: unknown;
  /** Sent with the first job of a worker only (the model is not sent again with every job). */
  payload?: unknown;
}

/** worker → page. */
export type JobMessage =
  | { id: number; type: "progress"; done: number; total: number; message: string }
  | { id: number; type: "result"; result: unknown; milliseconds: number }
  /** `input`: the reader's input is wrong (a message for them); `internal`: a bug. */
  | { id: number; type: "error"; kind: "input" | "internal"; message: string };

/** An error whose message is for the reader (a word not in the vocabulary, a value off range). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

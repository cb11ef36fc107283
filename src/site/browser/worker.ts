// The live figures' Web Worker: the library computes here, off the page's thread, so a long
// training run never freezes the page. The site build bundles this file (esbuild) and embeds it
// as a string in assets/live.js, which starts it from a Blob URL (so it works from file:// too).
// One job at a time; the page stops a job by terminating the worker.
import { setLanguage } from "../../core/i18n.js";
import { gapTraining } from "./compute/gap-training.js";
import { gateExplorer } from "./compute/gate-explorer.js";
import { gradientLag } from "./compute/gradient-lag.js";
import { sampler } from "./compute/sampler.js";
import { sayNumberFigure } from "./compute/say-number.js";
import { InputError, type JobMessage, type JobRequest } from "./protocol.js";

/** The worker's global scope, typed to what is used (the DOM lib describes a window). */
const scope = globalThis as unknown as {
  postMessage(message: JobMessage): void;
  onmessage: ((event: { data: JobRequest }) => void) | null;
};

/** The figure's data (a model), sent with the worker's first job and kept. */
let payload: unknown;

function compute(
  request: JobRequest,
  progress: (done: number, total: number, message: string) => void,
): unknown {
  const { figure, lang, params } = request;
  switch (figure) {
    case "gradient-lag":
      return gradientLag(params, lang);
    case "gap-training":
      return gapTraining(params, lang, progress);
    case "gate-explorer":
      return gateExplorer(params, lang, payload);
    case "sampler":
      return sampler(params, lang, payload);
    case "say-number":
      return sayNumberFigure(params, lang, payload);
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.payload !== undefined) payload = request.payload;
  const { id } = request;
  const started = performance.now();
  try {
    setLanguage(request.lang);
    const result = compute(request, (done, total, message) =>
      scope.postMessage({ id, type: "progress", done, total, message }),
    );
    scope.postMessage({ id, type: "result", result, milliseconds: performance.now() - started });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof InputError ? "input" : "internal";
    scope.postMessage({ id, type: "error", kind, message });
  }
};

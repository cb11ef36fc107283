// progress(total, label): a progress display for work that takes more than ~2 s.
// In a notebook it updates ONE output in place (tslab's newDisplay); elsewhere it prints plain
// lines (at most about one per second). The final line's timing starts with "⏱", so the
// notebook runner's re-execution check ignores it.
import type { Progress } from "../../core/progress.js";
import { kernelTslab, type TslabDisplay } from "./mime.js";

export type { Progress };

const BAR_WIDTH = 24;
const KERNEL_MIN_INTERVAL_MS = 100;
const PLAIN_MIN_INTERVAL_MS = 1000;

/** "label ▕██████░░░░▏  60/100  message" */
export function progressLine(label: string, done: number, total: number, message = ""): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `▕${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}▏`;
  const count = `${String(done).padStart(String(total).length)}/${total}`;
  return `${label} ${bar} ${count}${message ? `  ${message}` : ""}`;
}

/** "⏱ label: 3.2 s" — a timing line (ignored when outputs are compared). */
export function timingLine(label: string, milliseconds: number): string {
  return `⏱ ${label}: ${(milliseconds / 1000).toFixed(1)} s`;
}

/** Start a progress display for `total` steps. */
export function progress(total: number, label: string): Progress {
  const started = Date.now();
  const tslab = kernelTslab();
  let display: TslabDisplay | undefined;
  try {
    display = tslab?.newDisplay();
  } catch {
    display = undefined;
  }
  let lastShown = Number.NEGATIVE_INFINITY;
  let last = { done: 0, message: "" };

  const render = (text: string) => {
    if (display) display.text(text);
    else console.log(text);
  };
  const minInterval = display ? KERNEL_MIN_INTERVAL_MS : PLAIN_MIN_INTERVAL_MS;
  if (display) render(progressLine(label, 0, total));

  return {
    update(done: number, message = "") {
      last = { done, message };
      const now = Date.now();
      if (now - lastShown < minInterval && done < total) return;
      lastShown = now;
      render(progressLine(label, done, total, message));
    },
    done(message?: string) {
      const text = progressLine(label, total, total, message ?? last.message);
      render(`${text}\n${timingLine(label, Date.now() - started)}`);
    },
  };
}

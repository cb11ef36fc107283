/**
 * How long work reports its progress, without knowing where it is shown: the notebook's in-place
 * display (src/node/display/progress.ts), a web page's bar, or nothing. Training takes a factory
 * (`progress: progress` from the Node side) and calls it once per run.
 */
export interface Progress {
  /** Report that `done` of `total` steps are finished, with an optional short message. */
  update(done: number, message?: string): void;
  /** Mark the work finished. */
  done(message?: string): void;
}

/** Starts a progress display for `total` steps with a short label. */
export type ProgressFactory = (total: number, label: string) => Progress;

// The ONE place that touches tslab's internals. tslab's public API (`tslab.display.*`) sends one
// mime type per output; a single display_data carrying several mime types (plotly JSON + HTML +
// text, see show.ts) is only possible through the kernel's internal writer
// `require("tslab/dist/jupyter").lastWriteDisplayData`, which tslab sets at the start of every
// cell. If tslab changes that, only this file (and test/display.test.ts) needs to follow.
import { createRequire } from "node:module";
import { join, sep } from "node:path";

/** A Jupyter mime bundle: mime type → content (string, or JSON for `+json` types). */
export type MimeBundle = Record<string, unknown>;

export interface DisplayContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** tslab's writer: sends display_data, or update_display_data when `update` is true. */
export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

/** The public module of the running tslab (for `newDisplay()`), typed to what we use. */
export interface TslabDisplay {
  text(s: string): void;
  html(s: string): void;
}
export interface TslabPublic {
  newDisplay(): TslabDisplay;
}

// Any createRequire gives access to the process-wide module cache; no import.meta needed.
const nodeRequire = createRequire(join(process.cwd(), "rnn-notebooks-display.js"));
const JUPYTER_MODULE_SUFFIX = `${sep}tslab${sep}dist${sep}jupyter.js`;

let writerForTests: DisplayWriter | undefined;

/**
 * Replace the kernel's writer (tests only): every display goes to `writer` instead.
 * Pass `undefined` to restore the normal behaviour.
 */
export function setDisplayWriter(writer: DisplayWriter | undefined): void {
  writerForTests = writer;
}

/**
 * The kernel's `tslab/dist/jupyter` module if this process is a tslab kernel. Found in the module
 * cache rather than by `require("tslab")`, so it is the instance that is actually running — also
 * for a user's own (global) tslab — and so plain Node (tests, scripts) never loads tslab.
 */
function kernelJupyterModule(): { lastWriteDisplayData: DisplayWriter | null } | undefined {
  for (const key of Object.keys(nodeRequire.cache)) {
    if (key.endsWith(JUPYTER_MODULE_SUFFIX)) {
      return nodeRequire.cache[key]?.exports as { lastWriteDisplayData: DisplayWriter | null };
    }
  }
  return undefined;
}

function currentWriter(): DisplayWriter | undefined {
  if (writerForTests) return writerForTests;
  return kernelJupyterModule()?.lastWriteDisplayData ?? undefined;
}

/** True inside a tslab kernel that is executing a cell (rich output possible). */
export function inKernel(): boolean {
  return currentWriter() !== undefined;
}

/** The running kernel's public tslab module (`newDisplay`, `display`), or undefined outside one. */
export function kernelTslab(): TslabPublic | undefined {
  for (const key of Object.keys(nodeRequire.cache)) {
    if (key.endsWith(JUPYTER_MODULE_SUFFIX)) {
      return nodeRequire(join(key, "..", "public.js")) as TslabPublic;
    }
  }
  return undefined;
}

export interface DisplayOptions {
  metadata?: Record<string, unknown>;
  /** Jupyter display id, to update this output in place later. */
  displayId?: string;
  /** Replace the output with `displayId` instead of adding a new one. */
  update?: boolean;
}

/**
 * Emit ONE display_data with every mime type of `data`. Outside a kernel, prints the bundle's
 * `text/plain` to stdout. Returns true when the rich output was sent.
 */
export function displayMimeBundle(data: MimeBundle, options: DisplayOptions = {}): boolean {
  const writer = currentWriter();
  if (!writer) {
    const text = data["text/plain"];
    if (typeof text === "string") console.log(text);
    return false;
  }
  const transient = options.displayId === undefined ? {} : { display_id: options.displayId };
  writer({ data, metadata: options.metadata ?? {}, transient }, options.update === true);
  return true;
}

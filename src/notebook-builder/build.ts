// Builds every chapter source into its three notebooks, and never clobbers a learner's work:
// a notebook whose cell sources differ from what the build last wrote (the hash in its metadata)
// is left alone unless --force. Outputs and execution metadata are not the learner's work: a
// notebook that was only run (same cell sources) is rebuilt silently, which strips its outputs.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { type Glossary, loadGlossary } from "../core/i18n.js";
import {
  checkEditionCode,
  type LongLine,
  longCodeLines,
  longLineErrors,
  prepareChapterCode,
} from "./chapter-code.js";
import { checkGlossaryUse, checkMath } from "./checks.js";
import {
  cellsHash,
  EDITIONS,
  editionPath,
  type Notebook,
  renderNotebook,
  serializeNotebook,
} from "./notebook.js";
import { parseChapter, type SourceError, SourceErrors } from "./parse.js";
import { checkVocabulary } from "./vocabulary.js";

export const SOURCE_DIR = "notebooks/source";
const SOURCE_NAME = /^\d\d-[a-z0-9-]+\.md$/;

/** Everything that stops a build; the message lists every problem, one per line. */
export class BuildError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "BuildError";
  }
}

export interface PlannedNotebook {
  /** Project-relative path, e.g. notebooks/zh/00-setup.ipynb. */
  path: string;
  source: string;
  content: string;
}

/** Source files, project-relative, in reading order. */
export function listSources(root: string): string[] {
  const dir = join(root, SOURCE_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `${SOURCE_DIR}/${name}`);
}

/** Parses and checks every source and renders every edition, in memory; throws BuildError. */
export function planBuild(
  root: string,
  glossary: Glossary = loadGlossary(),
  only?: string,
): PlannedNotebook[] {
  const problems: string[] = [];
  const planned: PlannedNotebook[] = [];
  const sources = listSources(root).filter(
    (file) => only === undefined || file.split("/").pop()!.startsWith(`${only}-`),
  );
  if (only !== undefined && sources.length === 0) {
    throw new BuildError([`--only ${only}: no chapter source ${SOURCE_DIR}/${only}-*.md`]);
  }
  for (const file of sources) {
    if (!SOURCE_NAME.test(file.split("/").pop()!)) {
      problems.push(
        `${file}: a chapter source is named NN-name.md (two digits, lowercase words and dashes)`,
      );
      continue;
    }
    let chapter: ReturnType<typeof parseChapter>;
    try {
      chapter = parseChapter(readFileSync(join(root, file), "utf8"), file);
    } catch (error) {
      if (!(error instanceof SourceErrors)) throw error;
      problems.push(...error.errors.map((e) => e.message));
      continue;
    }
    const code = prepareChapterCode(chapter, glossary);
    const errors: SourceError[] = [
      ...checkGlossaryUse(chapter, glossary),
      ...checkMath(chapter),
      ...code.errors,
      ...checkVocabulary(chapter, glossary),
      ...longLineErrors(chapter, code),
    ].sort((a, b) => a.line - b.line);
    problems.push(...errors.map((e) => e.message));
    const notebooks = Object.fromEntries(
      EDITIONS.map((edition) => [edition, renderNotebook(chapter, edition, glossary, code)]),
    ) as Record<(typeof EDITIONS)[number], Notebook>;
    problems.push(...checkEditionCode(chapter, notebooks, code));
    for (const edition of EDITIONS) {
      const content = serializeNotebook(notebooks[edition]);
      planned.push({ path: editionPath(chapter.name, edition), source: file, content });
    }
  }
  if (problems.length > 0) throw new BuildError(problems);
  return planned;
}

/**
 * Every code line wider than MAX_CODE_COLUMNS in some edition of some chapter (the build refuses
 * them; `npm run build -- --long-lines` lists them). Chapters that do not parse are skipped.
 */
export function listLongCodeLines(root: string, glossary: Glossary = loadGlossary()): LongLine[] {
  const found: LongLine[] = [];
  for (const file of listSources(root)) {
    try {
      const chapter = parseChapter(readFileSync(join(root, file), "utf8"), file);
      found.push(...longCodeLines(chapter, prepareChapterCode(chapter, glossary)));
    } catch (error) {
      if (!(error instanceof SourceErrors)) throw error;
    }
  }
  return found;
}

export type EditState =
  | { state: "missing" }
  | { state: "unedited"; executed: boolean }
  | { state: "edited"; reason: string };

/** Was this notebook file changed by a person since the build wrote it? */
export function editState(text: string | undefined): EditState {
  if (text === undefined) return { state: "missing" };
  let notebook: Notebook;
  try {
    notebook = JSON.parse(text) as Notebook;
  } catch {
    return { state: "edited", reason: "it is not valid notebook JSON" };
  }
  const stored = notebook.metadata?.rnn_notebooks?.cells_sha256;
  if (typeof stored !== "string" || !Array.isArray(notebook.cells)) {
    return {
      state: "edited",
      reason: "it was not written by the build (no rnn_notebooks.cells_sha256)",
    };
  }
  if (cellsHash(notebook.cells) !== stored) {
    return { state: "edited", reason: "its cells were edited since the build wrote it" };
  }
  const executed = notebook.cells.some(
    (cell) => (cell.outputs?.length ?? 0) > 0 || cell.execution_count != null,
  );
  return { state: "unedited", executed };
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

function refusal(path: string, reason: string): string {
  const copy = path.replace(/\.ipynb$/, ".mine.ipynb");
  return (
    `${path}: not overwritten, ${reason}.\n` +
    `  keep your edit:   cp ${path} ${copy}   (then run the build again)\n` +
    "  discard the edit: npm run build -- --force"
  );
}

/** Generated notebooks whose source is gone (the build never deletes them; --check reports them). */
export function orphanNotebooks(root: string): string[] {
  const orphans: string[] = [];
  for (const edition of EDITIONS) {
    const dir = join(root, "notebooks", edition);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(".ipynb")) continue;
      const path = `notebooks/${edition}/${name}`;
      try {
        const source = (JSON.parse(readFileSync(join(root, path), "utf8")) as Notebook).metadata
          ?.rnn_notebooks?.source;
        if (typeof source === "string" && !existsSync(join(root, source))) {
          orphans.push(`${path}: its source ${source} no longer exists (delete the notebook)`);
        }
      } catch {
        // not JSON: a learner's file, not ours to judge
      }
    }
  }
  return orphans;
}

/** Notebooks on disk that differ from a fresh build, each with the reason; [] when all are current. */
export function staleNotebooks(root: string, glossary?: Glossary): string[] {
  const stale: string[] = [];
  for (const notebook of planBuild(root, glossary)) {
    const text = readIfExists(join(root, notebook.path));
    if (text === notebook.content) continue;
    const state = editState(text);
    const fix = "run npm run build";
    if (state.state === "missing") stale.push(`${notebook.path}: missing (${fix})`);
    else if (state.state === "edited")
      stale.push(`${notebook.path}: ${state.reason} (edit ${notebook.source} instead)`);
    else if (state.executed) stale.push(`${notebook.path}: has outputs (${fix} to strip them)`);
    else stale.push(`${notebook.path}: differs from a fresh build of ${notebook.source} (${fix})`);
  }
  return [...stale, ...orphanNotebooks(root)];
}

export interface BuildResult {
  written: string[];
  unchanged: string[];
  /** Edited notebooks overwritten because of --force. */
  discarded: string[];
  orphans: string[];
}

/** Each edition folder has a `src` symlink to ../../src so cells can import "./src/core/index". */
function ensureSrcLink(root: string, folder: string): void {
  const link = join(root, folder, "src");
  try {
    lstatSync(link);
  } catch {
    symlinkSync("../../src", link);
  }
}

/** Writes every notebook that changed; refuses (writing nothing) if any was edited, unless force. */
export function buildNotebooks(
  root: string,
  options: { force?: boolean; glossary?: Glossary; only?: string } = {},
): BuildResult {
  const planned = planBuild(root, options.glossary, options.only);
  const result: BuildResult = {
    written: [],
    unchanged: [],
    discarded: [],
    orphans: orphanNotebooks(root),
  };
  const toWrite: PlannedNotebook[] = [];
  const refusals: string[] = [];
  for (const notebook of planned) {
    const text = readIfExists(join(root, notebook.path));
    if (text === notebook.content) {
      result.unchanged.push(notebook.path);
      continue;
    }
    const state = editState(text);
    if (state.state === "edited") {
      if (!options.force) {
        refusals.push(refusal(notebook.path, state.reason));
        continue;
      }
      result.discarded.push(notebook.path);
    }
    toWrite.push(notebook);
  }
  if (refusals.length > 0) throw new BuildError(refusals);
  for (const notebook of toWrite) {
    const folder = notebook.path.slice(0, notebook.path.lastIndexOf("/"));
    mkdirSync(join(root, folder), { recursive: true });
    ensureSrcLink(root, folder);
    writeFileSync(join(root, notebook.path), notebook.content);
    result.written.push(notebook.path);
  }
  return result;
}

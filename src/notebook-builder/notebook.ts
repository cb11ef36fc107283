// Turns a parsed chapter into the zh, en and bilingual notebooks (nbformat 4.5, no outputs) and
// writes them in one stable layout: sorted keys, one-space indent (as Jupyter saves), ids derived
// from each cell's content, so a rebuild is byte-identical.
import { createHash } from "node:crypto";
import type { Glossary } from "../core/i18n.js";
import { type ChapterCode, prepareChapterCode } from "./chapter-code.js";
import { claimLocation, isClaimCell } from "./claims.js";
import type { Block, Chapter, CodeBlock, PairBlock, Prose, SolutionBlock } from "./parse.js";

export type Edition = "zh" | "en" | "bilingual";
export const EDITIONS: readonly Edition[] = ["zh", "en", "bilingual"];

export const KERNELSPEC = {
  display_name: "TypeScript (rnn-notebooks)",
  language: "typescript",
  name: "rnn-tslab",
};

/** What tslab 1.0.22 reports in its kernel_info reply (dist/jupyter.js, handleKernel). */
export const LANGUAGE_INFO = {
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  file_extension: ".ts",
  mimetype: "text/typescript",
  name: "typescript",
  version: "3.7.2",
};

/** BCP 47 tags of the natural languages each edition is written in. */
const EDITION_LANGUAGES: Record<Edition, string[]> = {
  zh: ["zh-Hans"],
  en: ["en"],
  bilingual: ["zh-Hans", "en"],
};

export interface Cell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/** Our block in a notebook's metadata. */
export interface BuildMetadata {
  source: string;
  edition: Edition;
  languages: string[];
  /** sha256 of the cell types and sources as built: a different hash on disk means a learner edited it. */
  cells_sha256: string;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown> & { rnn_notebooks?: BuildMetadata };
  nbformat: number;
  nbformat_minor: number;
}

/** Where an edition of a chapter lives, relative to the project root. */
export function editionPath(chapterName: string, edition: Edition): string {
  return `notebooks/${edition}/${chapterName}.ipynb`;
}

/** nbformat keeps sources as lines, each but the last ending in "\n". */
export function toLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}\n` : line));
}

/** A cell's source as one string, whether stored as lines or as a string (both are valid). */
export function sourceText(source: string[] | string): string {
  return Array.isArray(source) ? source.join("") : source;
}

/** The fingerprint of what a learner can edit: each cell's type and source, in order. */
export function cellsHash(cells: { cell_type: string; source: string[] | string }[]): string {
  const content = cells.map((cell) => [cell.cell_type, sourceText(cell.source)]);
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

const HEADING_MARK = /^#{1,6}\s+/;

/** The bilingual text of a pair: paragraph by paragraph when both have as many, else zh then en. */
function bilingualProse(zh: Prose, en: Prose): string {
  if (zh.parts.length !== en.parts.length) return `${zh.text}\n\n${en.text}`;
  return zh.parts
    .map((zhPart, index) => {
      const enPart = en.parts[index];
      if (zhPart.heading !== undefined && zhPart.heading === enPart.heading) {
        const enTitle = enPart.text.replace(HEADING_MARK, "");
        return `${zhPart.text} · ${enTitle}`;
      }
      return `${zhPart.text}\n\n${enPart.text}`;
    })
    .join("\n\n");
}

function prose(pair: PairBlock, edition: Edition): string {
  return edition === "bilingual" ? bilingualProse(pair.zh, pair.en) : pair[edition].text;
}

/** Short fixed phrases of the generated cells, per edition. */
function label(edition: Edition, zh: string, en: string): string {
  if (edition === "bilingual") return `${zh} · ${en}`;
  return edition === "zh" ? zh : en;
}

function banner(source: string, edition: Edition): string {
  const zh = `> 由 \`${source}\` 生成——请在那里修改，再运行 \`npm run build\`。`;
  const en = `> Generated from \`${source}\` — edit it there, then run \`npm run build\`.`;
  if (edition === "bilingual") return `${zh}\n>\n${en}`;
  return edition === "zh" ? zh : en;
}

/** The term table: course vocabulary (kind "term") in glossary order. */
export function glossaryTable(glossary: Glossary, edition: Edition): string {
  const entries = Object.entries(glossary).filter(([, entry]) => (entry.kind ?? "term") === "term");
  const enFirst = edition === "en";
  const header = enFirst ? "| English | 中文 | `term()` |" : "| 中文 | English | `term()` |";
  const rows = entries.map(([key, entry]) => {
    const [first, second] = enFirst ? [entry.en, entry.zh] : [entry.zh, entry.en];
    return `| ${first} | ${second} | \`${key}\` |`;
  });
  return [header, "|---|---|---|", ...rows].join("\n");
}

/** What a chapter's rendering needs beyond its blocks. */
interface RenderInput {
  /** The chapter source, project-relative (claim places name it). */
  file: string;
  edition: Edition;
  glossary: Glossary;
  code: ChapterCode;
}

/** A code block's code in the edition being rendered (chapter-code.ts). */
function codeOf(block: CodeBlock, input: RenderInput): string {
  return input.code.code.get(block)?.[input.edition].text ?? block.code;
}

function fenced(code: CodeBlock, input: RenderInput): string {
  return `\`\`\`ts\n${codeOf(code, input)}\n\`\`\``;
}

function solutionMarkdown(solution: SolutionBlock, input: RenderInput): string {
  const edition = input.edition;
  const body = solution.items.map((item) =>
    item.kind === "pair" ? prose(item, edition) : fenced(item, input),
  );
  const summary = label(edition, "参考答案", "Solution");
  return [`<details>\n<summary>${summary}</summary>`, ...body, "</details>"].join("\n\n");
}

/** In a claim cell's metadata: a quoted sentence and where it stands in the chapter source. */
export interface ClaimPlace {
  /** The sentence as the edition's claim() prints it (both languages in the bilingual edition). */
  sentences: string[];
  /** `notebooks/source/NN-x.md:<line>` (zh line/en line in the bilingual edition). */
  place: string;
}

interface CellDraft {
  cell_type: "markdown" | "code";
  text: string;
  tags?: string[];
  /** Source collapsed in Jupyter (claim cells: their one-line output says it all). */
  hidden?: boolean;
  /** A claim cell's quotes in the edition's language(s) and where each stands (`file:line`). */
  claims?: ClaimPlace[];
}

function codeDraft(block: CodeBlock, input: RenderInput): CellDraft {
  const draft: CellDraft = { cell_type: "code", text: codeOf(block, input), tags: block.tags };
  if (isClaimCell(block)) {
    draft.hidden = true;
    const sites = input.code.claims.cells.get(block) ?? [];
    draft.claims = sites.map((site) => ({
      sentences:
        input.edition === "bilingual"
          ? [site.zh, site.en]
          : [input.edition === "zh" ? site.zh : site.en],
      place: claimLocation(input.file, site, input.edition),
    }));
  }
  return draft;
}

function drafts(block: Block, input: RenderInput): CellDraft[] {
  const { edition, glossary } = input;
  switch (block.kind) {
    case "pair":
      return [{ cell_type: "markdown", text: prose(block, edition) }];
    case "code":
      return [codeDraft(block, input)];
    case "glossary":
      return [{ cell_type: "markdown", text: glossaryTable(glossary, edition) }];
    case "exercise":
      return block.items.map((item, index): CellDraft => {
        if (item.kind === "code") return codeDraft(item, input);
        if (item.kind === "solution")
          return { cell_type: "markdown", text: solutionMarkdown(item, input) };
        const text = prose(item, edition);
        if (index > 0) return { cell_type: "markdown", text };
        const heading = label(edition, `练习 ${block.number}`, `Exercise ${block.number}`);
        return { cell_type: "markdown", text: `**${heading}**\n\n${text}` };
      });
  }
}

/** A cell id from the cell's content (stable across rebuilds), made unique within the notebook. */
function cellId(draft: CellDraft, taken: Set<string>): string {
  const base = createHash("sha256")
    .update(`${draft.cell_type}\n${draft.text}`)
    .digest("hex")
    .slice(0, 12);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * One edition of a chapter as a notebook without outputs. `code` is the chapter's code in every
 * edition (prepareChapterCode; computed here when not given).
 */
export function renderNotebook(
  chapter: Chapter,
  edition: Edition,
  glossary: Glossary,
  code: ChapterCode = prepareChapterCode(chapter, glossary),
): Notebook {
  const input: RenderInput = { file: chapter.file, edition, glossary, code };
  const all: CellDraft[] = [
    { cell_type: "markdown", text: banner(chapter.file, edition) },
    ...chapter.blocks.flatMap((block) => drafts(block, input)),
  ];
  const taken = new Set<string>();
  const cells = all.map((draft): Cell => {
    const metadata: Record<string, unknown> =
      draft.tags && draft.tags.length > 0 ? { tags: draft.tags } : {};
    if (draft.hidden) metadata.jupyter = { source_hidden: true };
    // Read by the notebook runner to name the sentence's place when a claim stops holding.
    if (draft.claims) metadata.rnn_notebooks = { claims: draft.claims };
    const cell: Cell = {
      cell_type: draft.cell_type,
      id: cellId(draft, taken),
      metadata,
      source: toLines(draft.text),
    };
    if (draft.cell_type === "code") {
      cell.execution_count = null;
      cell.outputs = [];
    }
    return cell;
  });
  const rnn_notebooks: BuildMetadata = {
    source: chapter.file,
    edition,
    languages: EDITION_LANGUAGES[edition],
    cells_sha256: cellsHash(cells),
  };
  return {
    cells,
    metadata: { kernelspec: KERNELSPEC, language_info: LANGUAGE_INFO, rnn_notebooks },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/** The bytes of a notebook file: sorted keys and a one-space indent, as Jupyter itself saves. */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(sortKeys(notebook), null, 1)}\n`;
}

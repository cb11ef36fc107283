// The code of a chapter in each edition (edition-code.ts, per cell; claims.ts for claim cells),
// and the checks on it: every edition's code equals its source once language is set aside, and
// no code line is wider than MAX_CODE_COLUMNS.
import type { Glossary } from "../core/i18n.js";
import { analyzeClaims, type ChapterClaims } from "./claims.js";
import {
  codeDifference,
  displayWidth,
  dropUnusedImports,
  type EditedCode,
  editionCode,
  MAX_CODE_COLUMNS,
  usedLanguageNames,
} from "./edition-code.js";
import { EDITIONS, type Edition, type Notebook, sourceText } from "./notebook.js";
import type { Chapter, CodeBlock } from "./parse.js";
import { SourceError } from "./parse.js";

/** A code block of a chapter: a code cell, or a fence of a (folded, not run) solution. */
export interface ChapterCodeBlock {
  block: CodeBlock;
  /** In a solution: shown as a fenced block inside a markdown cell, not a code cell. */
  solution: boolean;
}

/** Every code block of a chapter in reading order. */
export function chapterCodeBlocks(chapter: Chapter): ChapterCodeBlock[] {
  const found: ChapterCodeBlock[] = [];
  for (const block of chapter.blocks) {
    if (block.kind === "code") found.push({ block, solution: false });
    if (block.kind !== "exercise") continue;
    for (const item of block.items) {
      if (item.kind === "code") found.push({ block: item, solution: false });
      if (item.kind === "solution") {
        for (const inner of item.items) {
          if (inner.kind === "code") found.push({ block: inner, solution: true });
        }
      }
    }
  }
  return found;
}

export interface ChapterCode {
  /** Each code block's code in each edition. */
  code: Map<CodeBlock, Record<Edition, EditedCode>>;
  /** The chapter's claim cells with where each quote stands (for the cells' metadata). */
  claims: ChapterClaims;
  /** Claim cells that do not check out (their code is left as written). */
  errors: SourceError[];
}

/** The code of every code block of a chapter, in every edition. */
export function prepareChapterCode(chapter: Chapter, glossary: Glossary): ChapterCode {
  const claims = analyzeClaims(chapter);
  const blocks = chapterCodeBlocks(chapter);
  const code = new Map<CodeBlock, Record<Edition, EditedCode>>();
  const perEdition = {} as Record<Edition, EditedCode[]>;
  for (const edition of EDITIONS) {
    let edited = blocks.map(({ block }) => editionCode(block.code, edition, { glossary }));
    if (edition !== "bilingual") {
      // Cells share one kernel: an import stays while any cell of the edition still uses the name.
      const used = new Set<string>();
      for (const cell of edited) for (const name of usedLanguageNames(cell.text)) used.add(name);
      edited = edited.map((cell) => dropUnusedImports(cell, used));
    }
    perEdition[edition] = edited;
  }
  blocks.forEach(({ block }, index) => {
    code.set(block, {
      zh: perEdition.zh[index],
      en: perEdition.en[index],
      bilingual: perEdition.bilingual[index],
    });
  });
  return { code, claims, errors: claims.errors };
}

function cellShape(notebook: Notebook): string[] {
  return notebook.cells.map((cell) => {
    const tags = (cell.metadata.tags as string[] | undefined) ?? [];
    return `${cell.cell_type}${tags.length > 0 ? `[${tags.join(",")}]` : ""}`;
  });
}

/**
 * The editions of a chapter have the same cells in the same order, and each edition's code equals
 * its source once language is set aside (edition-code.ts, normalizeCode): the code cells as the
 * notebooks hold them, the solutions' fences as prepared. Messages name file, cell and place.
 */
export function checkEditionCode(
  chapter: Chapter,
  notebooks: Record<Edition, Notebook>,
  prepared: ChapterCode,
): string[] {
  const file = chapter.file;
  const problems: string[] = [];
  const reference = cellShape(notebooks.zh);
  for (const edition of ["en", "bilingual"] as const) {
    const shape = cellShape(notebooks[edition]);
    const at = shape.findIndex((kind, index) => kind !== reference[index]);
    if (shape.length !== reference.length || at !== -1) {
      problems.push(
        `${file}: the ${edition} edition's cells differ from zh's in kind or order ` +
          `(${shape.length} cells vs ${reference.length}; first at cell ${(at === -1 ? Math.min(shape.length, reference.length) : at) + 1})`,
      );
    }
  }
  const blocks = chapterCodeBlocks(chapter);
  const runnable = blocks.filter((entry) => !entry.solution).map((entry) => entry.block);
  for (const edition of EDITIONS) {
    const cells = notebooks[edition].cells
      .filter((cell) => cell.cell_type === "code")
      .map((cell) => sourceText(cell.source));
    if (cells.length !== runnable.length) {
      problems.push(
        `${file}: the ${edition} edition has ${cells.length} code cells, the source ${runnable.length}`,
      );
      continue;
    }
    const compare = (block: CodeBlock, text: string, what: string) => {
      const difference = codeDifference(block.code, text, edition);
      if (!difference) return;
      problems.push(
        `${file}:${block.line + difference.sourceLine}: ${what} of the ${edition} edition differs from ` +
          `its source beyond language (line ${difference.editionLine} of the cell): ` +
          `source \`${difference.source}\` vs ${edition} \`${difference.edition}\``,
      );
    };
    runnable.forEach((block, index) => {
      compare(block, cells[index], `code cell ${index + 1}`);
    });
    for (const { block } of blocks.filter((entry) => entry.solution)) {
      const text = prepared.code.get(block)?.[edition].text;
      if (text !== undefined) compare(block, text, "a solution's code");
    }
  }
  return problems;
}

/** A code line wider than MAX_CODE_COLUMNS in some edition. */
export interface LongLine {
  file: string;
  /** 1-based line of the chapter source the code line comes from. */
  line: number;
  edition: Edition;
  columns: number;
  text: string;
}

/** Every code line of every edition wider than MAX_CODE_COLUMNS (East Asian wide counts 2). */
export function longCodeLines(chapter: Chapter, prepared: ChapterCode): LongLine[] {
  const found: LongLine[] = [];
  for (const { block } of chapterCodeBlocks(chapter)) {
    const editions = prepared.code.get(block);
    if (!editions) continue;
    for (const edition of EDITIONS) {
      const code = editions[edition];
      code.text.split("\n").forEach((text, index) => {
        const columns = displayWidth(text);
        if (columns <= MAX_CODE_COLUMNS) return;
        found.push({
          file: chapter.file,
          line: block.line + (code.lines[index] ?? 1),
          edition,
          columns,
          text,
        });
      });
    }
  }
  return found;
}

/** A line shortened to 60 display columns for a message. */
function clip(text: string): string {
  const trimmed = text.trim();
  if (displayWidth(trimmed) <= 60) return trimmed;
  let out = "";
  for (const char of trimmed) {
    if (displayWidth(out + char) > 59) break;
    out += char;
  }
  return `${out}…`;
}

/**
 * The long lines as build errors, one per source line (naming the editions where it is too wide
 * and the widest of them).
 */
export function longLineErrors(chapter: Chapter, prepared: ChapterCode): SourceError[] {
  const bySourceLine = new Map<number, LongLine[]>();
  for (const long of longCodeLines(chapter, prepared)) {
    const list = bySourceLine.get(long.line) ?? [];
    list.push(long);
    bySourceLine.set(long.line, list);
  }
  return [...bySourceLine.entries()]
    .sort(([a], [b]) => a - b)
    .map(([line, longs]) => {
      const widest = longs.reduce((a, b) => (b.columns > a.columns ? b : a));
      const editions = longs.map((long) => long.edition).join(", ");
      return new SourceError(
        chapter.file,
        line,
        `code line is ${widest.columns} columns wide (at most ${MAX_CODE_COLUMNS}): ${clip(widest.text)} (in ${editions})`,
      );
    });
}

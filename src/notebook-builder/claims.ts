// Claim cells: a ```ts claim fence right after the prose pair whose sentences it checks, at most
// one per pair. Each `claim({ zh, en }, holds, evidence)` call quotes the sentence in both
// languages; the build checks that each quote stands in its language's block of that pair, that
// the check can fail (constant-claims.ts), and that claim cells stay at most a quarter of the
// chapter's code cells. Where each quote stands (`notebooks/source/NN-x.md:<line>`) goes into the
// cell's metadata (notebook.ts), never into the code a reader sees: the notebook runner names it
// when a claim stops holding (scripts/run-notebooks.py).
import ts from "typescript";
import { ConstantTracker } from "./constant-claims.js";
import { languagePair } from "./edition-code.js";
import type { Block, Chapter, CodeBlock, PairBlock, Prose, SolutionBlock } from "./parse.js";
import { SourceError } from "./parse.js";

/** The fence tag of a claim cell. */
export const CLAIM_TAG = "claim";
/** More claims than this in one cell is an error: that paragraph states too much at once. */
export const MAX_CLAIMS_PER_CELL = 8;
/** More lines than this in one claim cell is an error: compute in the code cell before the prose. */
export const MAX_CLAIM_CELL_LINES = 40;
/** Claim cells are at most this share of a chapter's code cells (claim cells included). */
export const MAX_CLAIM_CELL_SHARE = 0.25;

/** One checked claim call: its quotes and the source lines where they stand. */
export interface ClaimSite {
  zh: string;
  en: string;
  /** 1-based source lines of the quote in the zh and the en block. */
  zhLine: number;
  enLine: number;
}

export interface ChapterClaims {
  /** Per claim cell, its calls in order (only cells whose every call checked out). */
  cells: Map<CodeBlock, ClaimSite[]>;
  errors: SourceError[];
}

export function isClaimCell(block: CodeBlock): boolean {
  return block.tags.includes(CLAIM_TAG);
}

/** Where a claim's sentence stands, for an edition (kept in the claim cell's metadata). */
export function claimLocation(file: string, site: ClaimSite, edition: string): string {
  if (edition === "zh") return `${file}:${site.zhLine}`;
  if (edition === "en") return `${file}:${site.enLine}`;
  return `${file}:${site.zhLine}/${site.enLine}`;
}

/**
 * The prose as claims compare it: markdown emphasis markers `*` removed, every run of whitespace
 * one space. Returns the text and, per character, its offset in the original.
 */
function comparable(text: string): { text: string; offsets: number[] } {
  let out = "";
  const offsets: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "*") continue;
    if (/\s/.test(char)) {
      space = true;
      continue;
    }
    if (space && out !== "") {
      out += " ";
      offsets.push(i);
    }
    space = false;
    out += char;
    offsets.push(i);
  }
  return { text: out, offsets };
}

export function collapseQuote(quote: string): string {
  return comparable(quote).text;
}

/** The 1-based source line where `quote` starts in `prose`, or undefined when it is not there. */
export function quoteLine(prose: Prose, quote: string): number | undefined {
  const wanted = collapseQuote(quote);
  if (wanted === "") return undefined;
  const { text, offsets } = comparable(prose.text);
  const at = text.indexOf(wanted);
  if (at === -1) return undefined;
  const original = offsets[at];
  let line = prose.textLine;
  for (let i = 0; i < original; i++) if (prose.text[i] === "\n") line += 1;
  return line;
}

function shortQuote(quote: string): string {
  const flat = collapseQuote(quote);
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

type Item = Block | SolutionBlock | PairBlock | CodeBlock;

/** Does this code import `claim` (by name, from any module)? */
function importsClaim(code: string): boolean {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return file.statements.some((statement) => {
    const bindings = ts.isImportDeclaration(statement)
      ? statement.importClause?.namedBindings
      : undefined;
    return (
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.some((element) => element.name.text === "claim")
    );
  });
}

/** Checks every claim cell of a chapter and finds the source line of each quote. */
export function analyzeClaims(chapter: Chapter): ChapterClaims {
  const cells = new Map<CodeBlock, ClaimSite[]>();
  const errors: SourceError[] = [];
  const fail = (line: number, problem: string) =>
    errors.push(new SourceError(chapter.file, line, problem));

  const checkCell = (block: CodeBlock, pair: PairBlock) => {
    const file = ts.createSourceFile(
      "claim.ts",
      block.code,
      ts.ScriptTarget.ES2022,
      true,
      ts.ScriptKind.TS,
    );
    const lineOf = (node: ts.Node) =>
      block.line + file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    const sites: ClaimSite[] = [];
    let ok = true;
    const lineCount = block.code.split("\n").length;
    if (lineCount > MAX_CLAIM_CELL_LINES) {
      fail(
        block.line,
        `a claim cell of ${lineCount} lines (at most ${MAX_CLAIM_CELL_LINES}): split it into several claim cells, ` +
          "or compute the numbers in the code cell before it",
      );
      ok = false;
    }
    const calls = file.statements.filter(
      (statement) =>
        ts.isExpressionStatement(statement) &&
        ts.isCallExpression(statement.expression) &&
        ts.isIdentifier(statement.expression.expression) &&
        statement.expression.expression.text === "claim",
    );
    if (calls.length > MAX_CLAIMS_PER_CELL) {
      fail(
        block.line,
        `${calls.length} claims in one claim cell (at most ${MAX_CLAIMS_PER_CELL}): split it into several claim cells`,
      );
      ok = false;
    }
    for (const statement of file.statements) {
      if (!calls.includes(statement)) {
        fail(
          lineOf(statement),
          "a claim cell holds only claim(…) calls: compute what they need in the code cell before the prose",
        );
        ok = false;
        continue;
      }
      const call = (statement as ts.ExpressionStatement).expression as ts.CallExpression;
      if (call.arguments.length !== 3) {
        fail(
          lineOf(call),
          `claim() takes 3 arguments here — the sentence { zh, en }, the check, the evidence — not ${call.arguments.length} ` +
            "(the build adds where the sentence stands)",
        );
        ok = false;
        continue;
      }
      const sentence = call.arguments[0];
      const pairOf = languagePair(sentence);
      const literal = (node: ts.Expression | undefined) =>
        node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
          ? node
          : undefined;
      const zh = literal(pairOf?.zh);
      const en = literal(pairOf?.en);
      if (!zh || !en) {
        fail(
          lineOf(sentence),
          'a claim quotes its sentence as { zh: "…", en: "…" }: an object of two string literals ' +
            "(no substitutions), each a piece of the prose before the cell",
        );
        ok = false;
        continue;
      }
      const zhLine = quoteLine(pair.zh, zh.text);
      const enLine = quoteLine(pair.en, en.text);
      for (const [language, quote, found] of [
        ["zh", zh, zhLine],
        ["en", en, enLine],
      ] as const) {
        if (found !== undefined) continue;
        fail(
          lineOf(quote),
          `claim quotes "${shortQuote(quote.text)}" but the ${language} prose of the pair at line ${pair.line} ` +
            "does not contain it (compared after collapsing whitespace and removing *)",
        );
        ok = false;
      }
      const cannotFail = constants.cannotFail(call.arguments[1], file);
      if (cannotFail !== undefined) {
        fail(
          lineOf(call.arguments[1]),
          `this claim's check ${cannotFail}, so it cannot fail: print the number in a code cell ` +
            "instead, or compare with what the notebook computed or loaded",
        );
        ok = false;
      }
      if (zhLine !== undefined && enLine !== undefined) {
        sites.push({ zh: zh.text, en: en.text, zhLine, enLine });
      }
    }
    if (ok) cells.set(block, sites);
  };

  const constants = new ConstantTracker();
  let claimImported = false;
  let claimImportReported = false;
  let codeCells = 0;
  const claimCells: CodeBlock[] = [];
  const walk = (items: Item[], inSolution: boolean) => {
    items.forEach((item, index) => {
      if (item.kind === "exercise") walk(item.items, false);
      if (item.kind === "solution") walk(item.items, true);
      if (item.kind !== "code") return;
      if (!inSolution) codeCells += 1;
      if (!isClaimCell(item)) {
        if (!inSolution && importsClaim(item.code)) claimImported = true;
        if (!inSolution) constants.addCell(item.code);
        return;
      }
      if (!inSolution) claimCells.push(item);
      if (!claimImported && !claimImportReported && !inSolution) {
        fail(
          item.line,
          'claim() is not imported yet: add `import { claim } from "./src/core/claim";` to a code cell before the first claim cell',
        );
        claimImportReported = true;
      }
      if (inSolution) {
        fail(item.line, "a claim cell in a solution is never run: put it after the exercise");
        return;
      }
      const before = items[index - 1];
      if (before?.kind === "code" && isClaimCell(before)) {
        fail(
          item.line,
          "one claim cell per paragraph: merge this claim cell into the one right above it",
        );
        return;
      }
      if (before?.kind !== "pair") {
        const what = before ? `a ${before.kind === "code" ? "code cell" : before.kind}` : "nothing";
        fail(
          item.line,
          `a claim cell comes right after the ::: zh / ::: en pair whose sentences it checks; here it follows ${what}`,
        );
        return;
      }
      checkCell(item, before);
    });
  };
  walk(chapter.blocks, false);
  const allowed = Math.floor(MAX_CLAIM_CELL_SHARE * codeCells);
  if (claimCells.length > allowed) {
    fail(
      claimCells[allowed].line,
      `${claimCells.length} claim cells of ${codeCells} code cells: at most a quarter (${allowed}) — ` +
        "gather the sentences that state results into fewer paragraphs, one claim cell after each, " +
        "and drop checks that cannot fail",
    );
  }
  return { cells, errors };
}

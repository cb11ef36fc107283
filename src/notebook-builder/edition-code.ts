// Code cells in the reader's language. A chapter source writes each code cell once, with its
// language-dependent parts spelled out: `say({ zh: A, en: B })`, `term("key")`, and full-line
// comments `// zh: …` / `// en: …`. The zh and en editions get that code resolved on its
// TypeScript syntax tree (never regexes over code):
//   say({ zh: A, en: B })  → A (zh) or B (en), verbatim
//   term("key")            → the glossary label as a string literal
//   `${"text"}` / `${`a${x}`}` inside a template → spliced into the outer template
//   `// zh: text`          → `// text` in zh, gone in en (and the other way round)
//   import { say, term } from "./src/core/i18n" → the names no longer used are dropped
// The bilingual edition keeps the code as written. A claim's `{ zh, en }` sentence (```ts claim,
// see claims.ts) becomes the edition's language in zh and en.
//
// normalizeCode() is the independent check that this changed nothing but language: it prints a
// canonical form of the code (comments dropped, say() resolved in the source only, every literal a
// placeholder that keeps only its non-literal substitutions), which must be the same for a cell's
// source and each of its editions.
import ts from "typescript";
import type { Glossary } from "../core/i18n.js";

export type CodeEdition = "zh" | "en" | "bilingual";

/** Code of one edition, with the origin of each of its lines. */
export interface EditedCode {
  text: string;
  /** For each line of `text` (split on "\n"), the 1-based line of the input code it comes from. */
  lines: number[];
}

export interface EditionOptions {
  glossary: Glossary;
}

/** The module specifiers whose `say` / `term` imports the editions may drop (./src/core/i18n). */
export function isI18nModule(specifier: string): boolean {
  return /(^|\/)i18n(\.[cm]?[jt]s)?$/.test(specifier);
}

export const LANGUAGE_NAMES = ["say", "term"] as const;

function parse(code: string): ts.SourceFile {
  return ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function isJsDoc(node: ts.Node): boolean {
  return node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode;
}

/** A property of an object literal by name (identifier or string-literal key). */
function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) return name.text;
  return undefined;
}

/**
 * `{ zh: A, en: B }` with exactly those two plain properties: their initializers; else undefined.
 * The shape say() and claim() take.
 */
export function languagePair(
  node: ts.Node | undefined,
): { zh: ts.Expression; en: ts.Expression } | undefined {
  if (!node || !ts.isObjectLiteralExpression(node) || node.properties.length !== 2)
    return undefined;
  const found: Record<string, ts.Expression> = {};
  for (const property of node.properties) {
    const name = propertyName(property);
    if (!ts.isPropertyAssignment(property) || name === undefined) return undefined;
    found[name] = property.initializer;
  }
  return found.zh && found.en ? { zh: found.zh, en: found.en } : undefined;
}

function calleeName(node: ts.CallExpression): string | undefined {
  return ts.isIdentifier(node.expression) ? node.expression.text : undefined;
}

/** A `say({ zh, en })` call the editions resolve. */
function sayPair(node: ts.Node): { zh: ts.Expression; en: ts.Expression } | undefined {
  if (!ts.isCallExpression(node) || calleeName(node) !== "say" || node.arguments.length !== 1) {
    return undefined;
  }
  return languagePair(node.arguments[0]);
}

/** The key of a `term("key")` call. */
function termKey(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node) || calleeName(node) !== "term" || node.arguments.length !== 1) {
    return undefined;
  }
  const [key] = node.arguments;
  return ts.isStringLiteralLike(key) ? key.text : undefined;
}

/** A top-level `claim(…);` statement's call. */
function claimCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    calleeName(node) === "claim" &&
    ts.isExpressionStatement(node.parent) &&
    ts.isSourceFile(node.parent.parent)
  );
}

/** A string's cooked value as template-literal text: `\`, backquote and `${` escaped. */
export function templateTextOf(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}

/** The raw body of a quoted string literal as template text (escapes kept, ` and ${ escaped). */
function stringRawAsTemplate(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === "\\") {
      out += raw.slice(i, i + 2);
      i += 1;
    } else if (char === "`") out += "\\`";
    else if (char === "$" && raw[i + 1] === "{") out += "\\$";
    else out += char;
  }
  return out;
}

/** Output text with the source offset it comes from (for the line map). */
interface Piece {
  text: string;
  from: number;
  /** Copied from the source at `from` (so offsets inside it map too), or made up. */
  verbatim: boolean;
}

/** A template's text and substitutions, for splicing one template into another. */
type TemplatePart = { raw: Piece[] } | { expr: Piece[] };

interface Resolved {
  pieces: Piece[];
  /** Template-literal text, when the result is a plain string (a literal after resolution). */
  literal?: Piece[];
  /** The parts, when the result is a template literal with substitutions. */
  template?: TemplatePart[];
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/**
 * Pieces → text and, for each output line, the input line it comes from: the line of its first
 * non-blank character (of its end, for a blank line).
 */
function assemble(pieces: Piece[], input: string): EditedCode {
  const starts = lineStarts(input);
  let text = "";
  const lines: number[] = [];
  let pending = true;
  let last = 0;
  for (const piece of pieces) {
    for (let i = 0; i < piece.text.length; i++) {
      const char = piece.text[i];
      const origin = lineAt(starts, piece.verbatim ? piece.from + i : piece.from);
      if (pending && char !== " " && char !== "\t") {
        lines.push(origin);
        pending = char === "\n";
      } else if (char === "\n") pending = true;
    }
    text += piece.text;
    last = piece.verbatim ? piece.from + piece.text.length : piece.from;
  }
  if (pending) lines.push(lineAt(starts, last));
  return { text, lines };
}

/** Pass 1: say(), term(), template folding and claim sentences, on the syntax tree. */
function resolveTree(code: string, edition: CodeEdition, options: EditionOptions): EditedCode {
  const file = parse(code);
  const languageOf = edition === "bilingual" ? undefined : edition;
  const memo = new Map<ts.Node, Resolved>();
  const overrides = new Map<ts.Node, Resolved>();
  const after = new Map<ts.Node, Piece[]>();
  const verbatim = (start: number, end: number): Piece => ({
    text: code.slice(start, end),
    from: start,
    verbatim: true,
  });
  const made = (text: string, from: number): Piece => ({ text, from, verbatim: false });

  const prepareClaim = (call: ts.CallExpression) => {
    const pair = languagePair(call.arguments[0]);
    if (languageOf && pair) overrides.set(call.arguments[0], resolve(pair[languageOf]));
  };

  const generic = (node: ts.Node, start: number, end: number): Resolved => {
    const children = node
      .getChildren(file)
      .filter((child) => !isJsDoc(child) && child.end > child.pos);
    if (children.length === 0) return { pieces: [verbatim(start, end)] };
    const pieces: Piece[] = [];
    let pos = start;
    for (const child of children) {
      const childStart = child.getStart(file);
      if (childStart > pos) pieces.push(verbatim(pos, childStart));
      pieces.push(...resolve(child).pieces);
      pos = Math.max(pos, child.end);
    }
    if (end > pos) pieces.push(verbatim(pos, end));
    return { pieces };
  };

  const rawOf = (literal: ts.TemplateLiteralLikeNode): Piece => {
    const start = literal.getStart(file) + 1;
    const closing =
      literal.kind === ts.SyntaxKind.TemplateTail ||
      literal.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral
        ? 1
        : 2;
    return verbatim(start, literal.end - closing);
  };

  const template = (node: ts.TemplateExpression): Resolved => {
    const parts: TemplatePart[] = [{ raw: [rawOf(node.head)] }];
    let folded = false;
    for (const span of node.templateSpans) {
      const inner = resolve(span.expression);
      if (inner.literal) {
        parts.push({ raw: inner.literal });
        folded = true;
      } else if (inner.template) {
        parts.push(...inner.template);
        folded = true;
      } else parts.push({ expr: inner.pieces });
      parts.push({ raw: [rawOf(span.literal)] });
    }
    // adjacent text runs become one
    const merged: TemplatePart[] = [];
    for (const part of parts) {
      const previous = merged[merged.length - 1];
      if ("raw" in part && previous && "raw" in previous) previous.raw.push(...part.raw);
      else merged.push("raw" in part ? { raw: [...part.raw] } : part);
    }
    const start = node.getStart(file);
    const pieces = folded ? [] : generic(node, start, node.end).pieces;
    if (folded) {
      pieces.push(made("`", start));
      for (const part of merged) {
        if ("raw" in part) pieces.push(...part.raw);
        else pieces.push(made("${", start), ...part.expr, made("}", start));
      }
      pieces.push(made("`", node.end));
    }
    const hasExpression = merged.some((part) => "expr" in part);
    if (hasExpression) return { pieces, template: merged };
    const text = merged[0];
    return { pieces, literal: text && "raw" in text ? text.raw : [] };
  };

  const resolveInner = (node: ts.Node): Resolved => {
    const override = overrides.get(node);
    if (override) return override;
    const start = node.getStart(file);
    if (languageOf) {
      const pair = sayPair(node);
      if (pair) return resolve(pair[languageOf]);
      const key = termKey(node);
      const label = key === undefined ? undefined : options.glossary[key]?.[languageOf];
      if (label) {
        return {
          pieces: [made(JSON.stringify(label), start)],
          literal: [made(templateTextOf(label), start)],
        };
      }
      if (ts.isTemplateExpression(node)) return template(node);
    }
    if (claimCall(node)) prepareClaim(node);
    const result = generic(node, start, node.end);
    if (ts.isNoSubstitutionTemplateLiteral(node)) {
      result.literal = [rawOf(node)];
    } else if (ts.isStringLiteral(node)) {
      result.literal = [made(stringRawAsTemplate(code.slice(start + 1, node.end - 1)), start)];
    }
    return result;
  };

  const resolve = (node: ts.Node): Resolved => {
    let result = memo.get(node);
    if (!result) {
      result = resolveInner(node);
      const extra = after.get(node);
      if (extra) result = { pieces: [...result.pieces, ...extra] };
      memo.set(node, result);
    }
    return result;
  };

  const root = generic(file, 0, code.length);
  return assemble(root.pieces, code);
}

/** Every comment of the code, from its syntax tree's trivia. */
function commentRanges(file: ts.SourceFile): ts.CommentRange[] {
  const text = file.text;
  const found = new Map<number, ts.CommentRange>();
  const walk = (node: ts.Node) => {
    const children = node.getChildren(file);
    if (children.length === 0) {
      for (const range of [
        ...(ts.getLeadingCommentRanges(text, node.pos) ?? []),
        ...(ts.getTrailingCommentRanges(text, node.pos) ?? []),
      ]) {
        found.set(range.pos, range);
      }
    }
    for (const child of children) walk(child);
  };
  walk(file);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

/** Line-level edits: `null` drops the line, a string replaces it. */
function editLines(code: EditedCode, edits: Map<number, string | null>): EditedCode {
  if (edits.size === 0) return code;
  const textLines = code.text.split("\n");
  const outText: string[] = [];
  const outLines: number[] = [];
  textLines.forEach((line, index) => {
    const edit = edits.get(index);
    if (edit === null) return;
    outText.push(edit ?? line);
    outLines.push(code.lines[index]);
  });
  return { text: outText.join("\n"), lines: outLines };
}

const LANGUAGE_COMMENT = /^\/\/\s*(zh|en):\s?(.*)$/;

/** Pass 2: full-line `// zh: …` / `// en: …` comments kept (without the tag) or dropped. */
function resolveComments(code: EditedCode, edition: "zh" | "en"): EditedCode {
  const file = parse(code.text);
  const edits = new Map<number, string | null>();
  for (const range of commentRanges(file)) {
    if (range.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const { line, character } = file.getLineAndCharacterOfPosition(range.pos);
    const lineStart = range.pos - character;
    const before = code.text.slice(lineStart, range.pos);
    if (before.trim() !== "") continue; // an end-of-line comment: unchanged
    const match = LANGUAGE_COMMENT.exec(code.text.slice(range.pos, range.end));
    if (!match) continue;
    const [, language, rest] = match;
    edits.set(line, language === edition ? `${before}//${rest === "" ? "" : ` ${rest}`}` : null);
  }
  return editLines(code, edits);
}

/** The code of one edition, before unused i18n imports are dropped (see dropUnusedImports). */
export function editionCode(
  code: string,
  edition: CodeEdition,
  options: EditionOptions,
): EditedCode {
  const resolved = resolveTree(code, edition, options);
  return edition === "bilingual" ? resolved : resolveComments(resolved, edition);
}

/** The names `say` / `term` that code still uses outside its import declarations. */
export function usedLanguageNames(code: string): Set<string> {
  const file = parse(code);
  const used = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) && (LANGUAGE_NAMES as readonly string[]).includes(node.text)) {
      used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return used;
}

/**
 * Pass 3: drops the `say` / `term` named imports of an i18n module that `stillUsed` does not
 * hold (the names some cell of the chapter's edition still calls); an import left empty goes with
 * its line. Imports of other names stay.
 */
export function dropUnusedImports(code: EditedCode, stillUsed: ReadonlySet<string>): EditedCode {
  const file = parse(code.text);
  const edits = new Map<number, string | null>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    const bindings = statement.importClause?.namedBindings;
    if (!ts.isStringLiteral(specifier) || !isI18nModule(specifier.text)) continue;
    if (!bindings || !ts.isNamedImports(bindings) || statement.importClause?.isTypeOnly) continue;
    const drop = (element: ts.ImportSpecifier) => {
      const imported = (element.propertyName ?? element.name).text;
      return (
        !element.isTypeOnly &&
        (LANGUAGE_NAMES as readonly string[]).includes(imported) &&
        !stillUsed.has(element.name.text)
      );
    };
    const kept = bindings.elements.filter((element) => !drop(element));
    if (kept.length === bindings.elements.length) continue;
    const first = file.getLineAndCharacterOfPosition(statement.getStart(file)).line;
    const last = file.getLineAndCharacterOfPosition(statement.end).line;
    const lines = code.text.split("\n");
    const start = statement.getStart(file) - file.getPositionOfLineAndCharacter(first, 0);
    const prefix = lines[first].slice(0, start);
    const suffix = lines[last].slice(file.getLineAndCharacterOfPosition(statement.end).character);
    if (kept.length === 0 && !statement.importClause?.name) {
      if (prefix.trim() !== "" || suffix.trim() !== "") continue; // shares its line: leave it
      for (let line = first; line <= last; line++) edits.set(line, null);
      continue;
    }
    const names = kept.map((element) => element.getText(file)).join(", ");
    const rewritten = code.text
      .slice(statement.getStart(file), statement.end)
      .replace(bindings.getText(file), `{ ${names} }`);
    edits.set(first, `${prefix}${rewritten}${suffix}`);
    for (let line = first + 1; line <= last; line++) edits.set(line, null);
  }
  return editLines(code, edits);
}

// ---------------------------------------------------------------------------------------------
// The check: a canonical form that only language can not change.

const PLACEHOLDER = "<text>";
const TEMPLATE_PLACEHOLDER = "__text_with";

export interface NormalizedStatement {
  /** 1-based line of the statement in the code. */
  line: number;
  text: string;
}

/**
 * The canonical form of a code cell, statement by statement: comments dropped; in the source
 * (`source: true`) of a zh/en edition, `say({ zh: A, en: B })` replaced by A or B; `term("k")` a
 * literal placeholder; every string and template literal a placeholder that keeps only the
 * (sorted) canonical forms of its non-literal substitutions; the location argument of a claim
 * (its fourth) left out, and in the source a claim's `{ zh, en }` sentence resolved like say();
 * `say` / `term` imports from an i18n module that the cell no longer uses left out. Module
 * specifiers and property names keep their text (no edition changes them).
 */
export function normalizeCode(
  code: string,
  edition: CodeEdition,
  source: boolean,
): NormalizedStatement[] {
  const file = parse(code);
  const languageOf = source && edition !== "bilingual" ? edition : undefined;
  const f = ts.factory;
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  const print = (node: ts.Node) => printer.printNode(ts.EmitHint.Unspecified, node, file);
  const placeholder = () => f.createStringLiteral(PLACEHOLDER);
  const isPlaceholder = (node: ts.Node) => ts.isStringLiteral(node) && node.text === PLACEHOLDER;
  const isTemplatePlaceholder = (node: ts.Node): node is ts.CallExpression =>
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === TEMPLATE_PLACEHOLDER;

  const transformer: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const visit = (node: ts.Node): ts.Node => {
      // text that no edition changes
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
        return ts.visitEachChild(node, visitKeepingSpecifier, context);
      }
      if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name)) {
        return f.updatePropertyAssignment(
          node,
          node.name,
          ts.visitNode(node.initializer, visit) as ts.Expression,
        );
      }
      if (languageOf) {
        const pair = sayPair(node);
        if (pair) return visit(pair[languageOf]);
      }
      if (termKey(node) !== undefined) return placeholder();
      if (ts.isCallExpression(node) && claimCall(node)) {
        const args = node.arguments.slice(0, 3).map((arg, index) => {
          const pair = index === 0 && languageOf ? languagePair(arg) : undefined;
          return visit(pair ? pair[languageOf!] : arg) as ts.Expression;
        });
        return f.updateCallExpression(node, node.expression, node.typeArguments, args);
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
        return placeholder();
      if (ts.isTemplateExpression(node)) {
        const kept: ts.Expression[] = [];
        for (const span of node.templateSpans) {
          const inner = visit(span.expression) as ts.Expression;
          if (isPlaceholder(inner)) continue;
          if (isTemplatePlaceholder(inner)) kept.push(...inner.arguments);
          else kept.push(inner);
        }
        if (kept.length === 0) return placeholder();
        const sorted = kept
          .map((expression) => ({ expression, text: print(expression) }))
          .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
          .map((entry) => entry.expression);
        return f.createCallExpression(f.createIdentifier(TEMPLATE_PLACEHOLDER), undefined, sorted);
      }
      if (ts.isParenthesizedExpression(node)) {
        const inner = visit(node.expression) as ts.Expression;
        if (isPlaceholder(inner) || isTemplatePlaceholder(inner)) return inner;
        return f.updateParenthesizedExpression(node, inner);
      }
      return ts.visitEachChild(node, visit, context);
    };
    const visitKeepingSpecifier = (node: ts.Node): ts.Node =>
      ts.isStringLiteral(node) ? node : ts.visitEachChild(node, visitKeepingSpecifier, context);
    return (sourceFile) => ts.visitNode(sourceFile, visit) as ts.SourceFile;
  };
  const result = ts.transform(file, [transformer]);
  const transformed = result.transformed[0];
  const printed = transformed.statements.map((statement) => ({
    line: file.getLineAndCharacterOfPosition(ts.getOriginalNode(statement).getStart(file)).line + 1,
    text: print(statement),
  }));
  result.dispose();
  // imports of say / term the normalized cell no longer uses
  const used = usedLanguageNames(printed.map((statement) => statement.text).join("\n"));
  const statements: NormalizedStatement[] = [];
  for (const statement of printed) {
    const parsed = parse(statement.text).statements[0];
    if (parsed && ts.isImportDeclaration(parsed)) {
      const cleaned = dropUnusedImports({ text: statement.text, lines: [statement.line] }, used);
      if (cleaned.text.trim() === "") continue;
      const reparsed = parse(cleaned.text);
      statements.push({
        line: statement.line,
        text: printer.printNode(ts.EmitHint.Unspecified, reparsed.statements[0], reparsed),
      });
      continue;
    }
    statements.push(statement);
  }
  return statements;
}

/** Where two normalized cells first differ: the statement line in each and both texts. */
export interface CodeDifference {
  sourceLine: number;
  editionLine: number;
  source: string;
  edition: string;
}

function excerpt(text: string, at: number): string {
  const start = Math.max(0, at - 40);
  const flat = text.slice(start, at + 60).replace(/\s+/g, " ");
  return `${start > 0 ? "…" : ""}${flat}${at + 60 < text.length ? "…" : ""}`;
}

/**
 * The first place where an edition's code differs from its source beyond language (see
 * normalizeCode), or undefined when they agree.
 */
export function codeDifference(
  sourceCode: string,
  editionCodeText: string,
  edition: CodeEdition,
): CodeDifference | undefined {
  const expected = normalizeCode(sourceCode, edition, true);
  const actual = normalizeCode(editionCodeText, edition, false);
  const count = Math.max(expected.length, actual.length);
  for (let i = 0; i < count; i++) {
    const a = expected[i];
    const b = actual[i];
    if (a && b && a.text === b.text) continue;
    let at = 0;
    if (a && b) while (at < a.text.length && a.text[at] === b.text[at]) at += 1;
    return {
      sourceLine: a?.line ?? expected[expected.length - 1]?.line ?? 1,
      editionLine: b?.line ?? actual[actual.length - 1]?.line ?? 1,
      source: a ? excerpt(a.text, at) : "(nothing)",
      edition: b ? excerpt(b.text, at) : "(nothing)",
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Width of a line as a terminal or a monospace editor shows it.

/** East Asian wide and fullwidth ranges (Unicode EastAsianWidth W and F), plus wide emoji. */
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/** Combining marks and other zero-width code points (C̃ is C + U+0303). */
const ZERO: [number, number][] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
];

const inRanges = (ranges: [number, number][], code: number) =>
  ranges.some(([low, high]) => code >= low && code <= high);

/** Display columns of a line: East Asian wide/fullwidth characters count 2, combining marks 0. */
export function displayWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    const code = char.codePointAt(0)!;
    if (inRanges(ZERO, code)) continue;
    width += inRanges(WIDE, code) ? 2 : 1;
  }
  return width;
}

/** The widest a code line may be, in display columns. */
export const MAX_CODE_COLUMNS = 100;

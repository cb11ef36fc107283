// The checks that keep the editions honest, beyond what parsing already refuses: glossary keys
// used by code exist in both languages, say() always gets both languages, KaTeX renders every
// formula. (The editions' code is checked in chapter-code.ts, the prose's words in vocabulary.ts.)
import katex from "katex";
import ts from "typescript";
import type { Glossary } from "../core/i18n.js";
import type { Chapter, CodeBlock } from "./parse.js";
import { SourceError } from "./parse.js";

/** A call found in code: `term("forget_gate")` or `say({ zh, en })`, with its line in the code. */
export interface CodeUse {
  line: number;
  key?: string;
  problem?: string;
}

/**
 * Finds glossary keys and say() calls in TypeScript code by walking its syntax tree (so comments
 * and strings that merely mention term( are not counted). Returns the keys used and the problems:
 * a term() whose key is not a string literal cannot be checked, so it is reported too.
 */
export function scanCode(code: string): CodeUse[] {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const uses: CodeUse[] = [];
  const lineOf = (node: ts.Node) =>
    file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const callee = node.expression.text;
      const [first] = node.arguments;
      if (callee === "term") {
        if (first && ts.isStringLiteralLike(first)) {
          uses.push({ line: lineOf(node), key: first.text });
        } else {
          uses.push({
            line: lineOf(node),
            problem: "term() needs a string literal key, so the build can check it",
          });
        }
      } else if (callee === "say" && first && ts.isObjectLiteralExpression(first)) {
        const names = first.properties.map((property) =>
          property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
            ? property.name.text
            : "",
        );
        const missing = ["zh", "en"].filter((language) => !names.includes(language));
        if (missing.length > 0) {
          uses.push({
            line: lineOf(node),
            problem: `say() is missing its ${missing.join(" and ")} text`,
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

function codeBlocks(chapter: Chapter): CodeBlock[] {
  const found: CodeBlock[] = [];
  for (const block of chapter.blocks) {
    if (block.kind === "code") found.push(block);
    if (block.kind !== "exercise") continue;
    for (const item of block.items) {
      if (item.kind === "code") found.push(item);
      if (item.kind === "solution") {
        for (const inner of item.items) if (inner.kind === "code") found.push(inner);
      }
    }
  }
  return found;
}

/** Every term("key") in the chapter's code exists with a zh and an en label; say() has both. */
export function checkGlossaryUse(chapter: Chapter, glossary: Glossary): SourceError[] {
  const errors: SourceError[] = [];
  for (const block of codeBlocks(chapter)) {
    for (const use of scanCode(block.code)) {
      // block.line is the ``` line, so the code's first line is block.line + 1.
      const line = block.line + use.line;
      if (use.problem) errors.push(new SourceError(chapter.file, line, use.problem));
      if (use.key === undefined) continue;
      const entry = glossary[use.key];
      if (entry === undefined) {
        errors.push(
          new SourceError(
            chapter.file,
            line,
            `term("${use.key}"): no such key in src/core/glossary.ts`,
          ),
        );
        continue;
      }
      for (const language of ["zh", "en"] as const) {
        if (!entry[language]?.trim()) {
          errors.push(
            new SourceError(
              chapter.file,
              line,
              `term("${use.key}") has no ${language} label in src/core/glossary.ts`,
            ),
          );
        }
      }
    }
  }
  return errors;
}

/** Every $…$ and $$…$$ of the chapter renders with KaTeX (the site's renderer; Jupyter uses MathJax). */
export function checkMath(chapter: Chapter): SourceError[] {
  const errors: SourceError[] = [];
  for (const formula of chapter.math) {
    try {
      katex.renderToString(formula.tex, { displayMode: formula.display, throwOnError: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push(
        new SourceError(
          chapter.file,
          formula.line,
          `KaTeX cannot render "${formula.tex}": ${message}`,
        ),
      );
    }
  }
  return errors;
}

// Syntax highlighting for the site's TypeScript code, at build time, with TypeScript's own scanner
// (no highlighter package, nothing at run time): every token becomes escaped text, keywords,
// strings, numbers, comments and regular expressions get a `<span class="tok-…">`.
import ts from "typescript";
import { escapeHtml } from "./html.js";

const K = ts.SyntaxKind;

/** Token kinds after which a `/` starts a regular expression rather than a division. */
function regexAllowedAfter(kind: ts.SyntaxKind | undefined): boolean {
  if (kind === undefined) return true;
  if (
    kind === K.Identifier ||
    kind === K.NumericLiteral ||
    kind === K.BigIntLiteral ||
    kind === K.StringLiteral ||
    kind === K.NoSubstitutionTemplateLiteral ||
    kind === K.TemplateTail ||
    kind === K.RegularExpressionLiteral ||
    kind === K.CloseParenToken ||
    kind === K.CloseBracketToken ||
    kind === K.CloseBraceToken ||
    kind === K.ThisKeyword ||
    kind === K.SuperKeyword ||
    kind === K.TrueKeyword ||
    kind === K.FalseKeyword ||
    kind === K.NullKeyword ||
    kind === K.PlusPlusToken ||
    kind === K.MinusMinusToken
  ) {
    return false;
  }
  return true;
}

function tokenClass(kind: ts.SyntaxKind): string | undefined {
  switch (kind) {
    case K.SingleLineCommentTrivia:
    case K.MultiLineCommentTrivia:
      return "comment";
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateHead:
    case K.TemplateMiddle:
    case K.TemplateTail:
      return "string";
    case K.NumericLiteral:
    case K.BigIntLiteral:
      return "number";
    case K.RegularExpressionLiteral:
      return "regexp";
    default:
      return kind >= K.FirstKeyword && kind <= K.LastKeyword ? "keyword" : undefined;
  }
}

/** TypeScript (or JavaScript) source as highlighted, escaped HTML for a `<pre><code>`. */
export function highlightTypeScript(code: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard);
  scanner.setText(code);
  // One entry per open `${ … }` in a template literal: the `{` nesting depth inside it.
  const templateBraces: number[] = [];
  let previous: ts.SyntaxKind | undefined;
  let html = "";
  for (let kind = scanner.scan(); kind !== K.EndOfFileToken; kind = scanner.scan()) {
    if (kind === K.OpenBraceToken && templateBraces.length > 0) {
      templateBraces[templateBraces.length - 1] += 1;
    } else if (kind === K.CloseBraceToken && templateBraces.length > 0) {
      if (templateBraces[templateBraces.length - 1] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === K.TemplateTail) templateBraces.pop();
      } else {
        templateBraces[templateBraces.length - 1] -= 1;
      }
    } else if (
      (kind === K.SlashToken || kind === K.SlashEqualsToken) &&
      regexAllowedAfter(previous)
    ) {
      kind = scanner.reScanSlashToken();
    }
    if (kind === K.TemplateHead) templateBraces.push(0);
    const text = escapeHtml(scanner.getTokenText());
    const cls = tokenClass(kind);
    html += cls ? `<span class="tok-${cls}">${text}</span>` : text;
    const trivia =
      kind === K.WhitespaceTrivia ||
      kind === K.NewLineTrivia ||
      kind === K.SingleLineCommentTrivia ||
      kind === K.MultiLineCommentTrivia;
    if (!trivia) previous = kind;
  }
  return html;
}

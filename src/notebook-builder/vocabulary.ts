// One vocabulary: the prose of a chapter uses the glossary's terms, not their variants
// (`variants` of an entry in src/core/glossary.ts, e.g. 记忆元 for 细胞状态), and none of the
// wordings of PROSE_RULES (e.g. "15 轮" for 15 个迭代周期). Only prose is read — in each language
// its own block — never code cells, inline code spans `…`, math `$…$` / `$$…$$`, HTML comments,
// link targets, or fences other than ```text.
import { PROSE_RULES } from "../core/glossary.js";
import type { Glossary, ProseRule, TextLanguage } from "../core/i18n.js";
import type { Chapter, Prose } from "./parse.js";
import { SourceError } from "./parse.js";

/** Blanks out (with spaces, newlines kept) the parts of markdown prose that are not words. */
export function maskNonProse(text: string): string {
  const chars = [...text];
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== "\n") chars[i] = " ";
  };
  const at = (i: number) => chars[i] ?? "";
  let lineStart = true;
  let fence: { marker: string; skip: boolean; from: number } | undefined;
  for (let i = 0; i < chars.length; i++) {
    if (lineStart) {
      lineStart = false;
      let end = chars.indexOf("\n", i);
      if (end === -1) end = chars.length;
      const line = chars.slice(i, end).join("");
      const marker = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
      if (fence) {
        if (marker?.[1].startsWith(fence.marker)) {
          if (fence.skip) blank(fence.from, end);
          else blank(i, end);
          fence = undefined;
          i = end - 1;
          continue;
        }
        i = end - 1;
        continue;
      }
      if (marker) {
        const language = marker[2] ?? "";
        fence = { marker: marker[1], skip: !(language === "" || language === "text"), from: i };
        blank(i, end); // the marker line itself
        i = end - 1;
        continue;
      }
    }
    const char = chars[i];
    if (char === "\n") {
      lineStart = true;
      continue;
    }
    if (char === "\\") {
      i += 1;
      continue;
    }
    if (char === "`") {
      let run = 1;
      while (at(i + run) === "`") run += 1;
      const closer = "`".repeat(run);
      const rest = chars.slice(i + run).join("");
      const close = rest.indexOf(closer);
      if (close !== -1) {
        const end = i + run + [...rest.slice(0, close)].length + run;
        blank(i, end);
        i = end - 1;
        continue;
      }
      i += run - 1;
      continue;
    }
    if (char === "$") {
      const display = at(i + 1) === "$";
      const marker = display ? "$$" : "$";
      let end = -1;
      for (let j = i + marker.length; j < chars.length; j++) {
        if (chars[j] === "\\") {
          j += 1;
          continue;
        }
        if (chars[j] === "$" && (!display || at(j + 1) === "$")) {
          end = j + marker.length;
          break;
        }
      }
      const inner = end === -1 ? "" : chars.slice(i + marker.length, end - marker.length).join("");
      const math = end !== -1 && inner.trim() !== "" && (display || !/^\s|\s$/.test(inner));
      if (math) {
        blank(i, end);
        i = end - 1;
        continue;
      }
    }
    if (char === "<" && chars.slice(i, i + 4).join("") === "<!--") {
      const rest = chars.slice(i).join("");
      const close = rest.indexOf("-->");
      const end = close === -1 ? chars.length : i + [...rest.slice(0, close)].length + 3;
      blank(i, end);
      i = end - 1;
      continue;
    }
    if (char === "]" && at(i + 1) === "(") {
      const close = chars.indexOf(")", i + 2);
      if (close !== -1) {
        blank(i + 1, close + 1);
        i = close;
      }
    }
  }
  if (fence?.skip) blank(fence.from, chars.length);
  return chars.join("");
}

/** One word of the prose the glossary or a rule does not allow. */
export interface VocabularyFinding {
  line: number;
  found: string;
  message: string;
}

interface Matcher {
  language: TextLanguage;
  pattern: RegExp;
  message: (found: string) => string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The matchers of a glossary's variants and of the prose rules. */
export function vocabularyMatchers(
  glossary: Glossary,
  rules: readonly ProseRule[] = PROSE_RULES,
): Matcher[] {
  const matchers: Matcher[] = [];
  for (const [key, entry] of Object.entries(glossary)) {
    for (const language of ["zh", "en"] as const) {
      for (const variant of entry.variants?.[language] ?? []) {
        const body = escapeRegExp(variant);
        matchers.push({
          language,
          pattern: new RegExp(language === "en" ? `\\b${body}\\b` : body, "giu"),
          message: (found) => `"${found}" — the glossary's term is ${entry[language]} (${key})`,
        });
      }
    }
  }
  for (const rule of rules) {
    const flags = rule.pattern.flags.includes("g") ? rule.pattern.flags : `${rule.pattern.flags}g`;
    matchers.push({
      language: rule.language,
      pattern: new RegExp(rule.pattern.source, flags),
      message: (found) => `"${found}" — write ${rule.use}`,
    });
  }
  return matchers;
}

/** The findings in one language block, longest match first where matches overlap. */
export function scanProse(
  prose: Prose,
  language: TextLanguage,
  matchers: readonly Matcher[],
): VocabularyFinding[] {
  const text = maskNonProse(prose.text);
  const hits: { start: number; end: number; found: string; message: string }[] = [];
  for (const matcher of matchers) {
    if (matcher.language !== language) continue;
    matcher.pattern.lastIndex = 0;
    for (const match of text.matchAll(matcher.pattern)) {
      if (match[0] === "") continue;
      const start = match.index ?? 0;
      hits.push({
        start,
        end: start + match[0].length,
        found: match[0],
        message: matcher.message(match[0]),
      });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: typeof hits = [];
  for (const hit of hits) {
    const last = kept[kept.length - 1];
    if (last && hit.start < last.end) continue;
    kept.push(hit);
  }
  return kept.map((hit) => {
    let line = prose.textLine;
    for (let i = 0; i < hit.start; i++) if (text[i] === "\n") line += 1;
    return { line, found: hit.found, message: hit.message };
  });
}

/** Every language block of a chapter, with its language. */
function proseOf(chapter: Chapter): { prose: Prose; language: TextLanguage }[] {
  const found: { prose: Prose; language: TextLanguage }[] = [];
  const visit = (items: readonly { kind: string }[]) => {
    for (const item of items) {
      const block = item as { kind: string; zh?: Prose; en?: Prose; items?: { kind: string }[] };
      if (block.kind === "pair" && block.zh && block.en) {
        found.push({ prose: block.zh, language: "zh" }, { prose: block.en, language: "en" });
      }
      if (block.items) visit(block.items);
    }
  };
  visit(chapter.blocks);
  return found;
}

/** The vocabulary check of a chapter's prose, as build errors with file:line. */
export function checkVocabulary(
  chapter: Chapter,
  glossary: Glossary,
  rules: readonly ProseRule[] = PROSE_RULES,
): SourceError[] {
  const matchers = vocabularyMatchers(glossary, rules);
  const errors: SourceError[] = [];
  for (const { prose, language } of proseOf(chapter)) {
    for (const finding of scanProse(prose, language, matchers)) {
      errors.push(new SourceError(chapter.file, finding.line, finding.message));
    }
  }
  return errors;
}

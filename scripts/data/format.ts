/**
 * The committed corpora's format, in one place: scripts/data/build-corpora.ts writes files that
 * follow these rules and test/data.test.ts checks the committed files against the same rules.
 * Pure functions only (no downloads, no file writes).
 */
import { createHash } from "node:crypto";

/** Where the corpora live, relative to the repository root. */
export const DATA_DIR = "assets/data";
export const TANG_FILE = "tang-poems.txt";
export const ENGLISH_FILE = "english.txt";
export const SOURCES_FILE = "SOURCES.json";

/** The build stops adding lines before a file would pass this many bytes. */
export const TARGET_BYTES = 950_000;
/** Hard limit checked by the test (1 MiB). */
export const MAX_FILE_BYTES = 1_048_576;

/** english.txt: no line is longer than this (in characters, which are ASCII bytes too). */
export const ENGLISH_MAX_LINE = 300;
/**
 * english.txt: every character is one of these (plus "\n" between lines). Letters, digits, the
 * space and the punctuation that the source text uses; em dashes are written as "--".
 */
export const ENGLISH_ALLOWED =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 !\"$&'(),-.:;?[]";

const ENGLISH_ALLOWED_SET = new Set(ENGLISH_ALLOWED);

/** tang-poems.txt: clauses of 5 or of 7 ideographs, "clause，clause。" repeated, 4 to 12 clauses. */
export const TANG_MIN_CLAUSES = 4;
export const TANG_MAX_CLAUSES = 12;
const TANG_PATTERN =
  /^(?:(?:[\u4e00-\u9fff]{5}，[\u4e00-\u9fff]{5}。)+|(?:[\u4e00-\u9fff]{7}，[\u4e00-\u9fff]{7}。)+)$/u;

let gb2312: Set<string> | undefined;

/**
 * The 6,763 hanzi of GB 2312 (rows 16-87), decoded with Node's built-in ICU. A converted poem may
 * use only these: it drops poems in which OpenCC left a variant or traditional form (疎, 鴈, 劒 …)
 * and the rare characters a small character-level model cannot learn anyway.
 */
export function gb2312Hanzi(): Set<string> {
  if (gb2312) return gb2312;
  const decoder = new TextDecoder("gb18030", { fatal: true });
  const set = new Set<string>();
  for (let lead = 0xb0; lead <= 0xf7; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      let ch: string;
      try {
        ch = decoder.decode(new Uint8Array([lead, trail]));
      } catch {
        continue; // the five unassigned cells at the end of row 55
      }
      if (/^\p{Script=Han}$/u.test(ch)) set.add(ch);
    }
  }
  if (set.size !== 6763) throw new Error(`GB 2312 should have 6763 hanzi, ICU gave ${set.size}`);
  gb2312 = set;
  return set;
}

/** Why `line` is not a poem of tang-poems.txt, or null when it is one. */
export function tangLineProblem(line: string): string | null {
  if (!TANG_PATTERN.test(line)) {
    return "not clause，clause。 with clauses all of 5 or all of 7 CJK ideographs";
  }
  const clauses = line.split(/[，。]/u).length - 1;
  if (clauses < TANG_MIN_CLAUSES || clauses > TANG_MAX_CLAUSES) {
    return `${clauses} clauses (allowed ${TANG_MIN_CLAUSES}-${TANG_MAX_CLAUSES})`;
  }
  const gb = gb2312Hanzi();
  for (const ch of line) {
    if (ch !== "，" && ch !== "。" && !gb.has(ch)) return `character ${ch} is not in GB 2312`;
  }
  return null;
}

/** Characters per clause of a valid poem line (5 or 7). */
export function tangClauseLength(line: string): number {
  return line.indexOf("，");
}

/** Why `line` is not a line of english.txt, or null when it is one. */
export function englishLineProblem(line: string): string | null {
  if (line.length === 0) return "empty line";
  if (line.length > ENGLISH_MAX_LINE) return `${line.length} characters (max ${ENGLISH_MAX_LINE})`;
  if (line !== line.trim()) return "leading or trailing space";
  if (line.includes("  ")) return "two spaces in a row";
  for (const ch of line) {
    if (!ENGLISH_ALLOWED_SET.has(ch)) return `character ${JSON.stringify(ch)} is not allowed`;
  }
  return null;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The lines of a corpus file: it must end with "\n" and have no "\r" and no BOM. */
export function corpusLines(text: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) throw new Error("starts with a byte order mark");
  if (text.includes("\r")) throw new Error("contains \\r");
  if (!text.endsWith("\n")) throw new Error('does not end with "\\n"');
  return text.slice(0, -1).split("\n");
}

/**
 * Did the model write, or recite? Two measures of how much of a generated text is copied from
 * the training text:
 *
 * - each generated line (a clause between ，。！？；、 or a line break; in English, a line of
 *   text, which in english.txt is a sentence), each couplet (clause，clause。) and each whole poem
 *   marked "in train" when it occurs verbatim as a line, couplet or poem of the training text,
 *   else "new", as makemore marks its samples; and the share of generated lines in train;
 * - the longest span of the generated text that occurs anywhere in the training text, verbatim,
 *   with where it stands in both.
 *
 * The span is found by binary search on its length L: when a span of L characters is copied,
 * every shorter piece of it is copied too, so "is some L-character window copied?" is yes up to
 * the longest length and no above it. Each probe hashes the generated windows of length L (a few
 * hundred), rolls a hash over the training text once (rolling hash: the next window's hash from
 * the last one in two multiplications) and compares characters on every hash hit, so a hash
 * collision never counts. About log₂(generated length) passes over ~300 thousand characters.
 */
import { PIECE_ENDS } from "./line-form.js";

/** The training text, cut up once for many generated texts. */
export interface MemorisationIndex {
  text: string;
  /** The training text's code points. */
  codes: Int32Array;
  /** Code-point index at which each line of the training text starts. */
  lineStarts: Int32Array;
  /** The training text's clauses, couplets (clause，clause。) and lines. */
  clauses: ReadonlySet<string>;
  couplets: ReadonlySet<string>;
  lines: ReadonlySet<string>;
}

/** One clause, couplet or poem of the generated text, and whether it is in the training text. */
export interface MarkedPiece {
  text: string;
  /** Code-point index in the generated text. */
  at: number;
  /** False for a piece at the very start or end of the text, which a sample may have cut. */
  complete: boolean;
  inTrain: boolean;
}

export interface CopiedSpan {
  /** Characters (code points); 0 when the texts share no character. */
  length: number;
  text: string;
  /** Code-point index in the generated text (the first such span). */
  generatedAt: number;
  /** Code-point index in the training text (its first occurrence); -1 when length is 0. */
  trainAt: number;
  /**
   * The line of the training text (0-based) where its first character other than a line break
   * stands, and that line; -1 and "" when length is 0.
   */
  trainLine: number;
  trainLineText: string;
}

export interface Memorisation {
  clauses: MarkedPiece[];
  couplets: MarkedPiece[];
  poems: MarkedPiece[];
  /** Complete clauses of the generated text, those in train and their share (0 when none). */
  completeClauses: number;
  clausesInTrain: number;
  clauseShare: number;
  completeCouplets: number;
  coupletsInTrain: number;
  completePoems: number;
  poemsInTrain: number;
  longest: CopiedSpan;
}

interface Piece {
  text: string;
  at: number;
  /** The mark that ended it ("" at the end of the text). */
  end: string;
}

const PIECE_END_CODES = new Set(Array.from(PIECE_ENDS, (ch) => ch.charCodeAt(0)));

/** The pieces between clause ends and line breaks, with the mark that ended each. */
function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let from = 0; // UTF-16 index where the current piece starts
  let at = 0; // code-point index of the same place
  let codePoint = 0; // code points read so far
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff) continue; // second half of a surrogate pair
    if (PIECE_END_CODES.has(unit)) {
      if (i > from) pieces.push({ text: text.slice(from, i), at, end: text[i] });
      from = i + 1;
      at = codePoint + 1;
    }
    codePoint++;
  }
  if (text.length > from) pieces.push({ text: text.slice(from), at, end: "" });
  return pieces;
}

/** Pairs "clause，clause。" of consecutive pieces. */
function coupletsOf(pieces: Piece[]): { text: string; at: number; first: number }[] {
  const out: { text: string; at: number; first: number }[] = [];
  for (let i = 0; i + 1 < pieces.length; i++) {
    if (pieces[i].end === "，" && pieces[i + 1].end === "。") {
      out.push({ text: `${pieces[i].text}，${pieces[i + 1].text}。`, at: pieces[i].at, first: i });
    }
  }
  return out;
}

/** Cuts the training text up once (clauses, couplets, lines, code points). */
export function memorisationIndex(trainText: string): MemorisationIndex {
  const codes = codePoints(trainText);
  const starts = [0];
  for (let i = 0; i < codes.length; i++) if (codes[i] === 10) starts.push(i + 1);
  const pieces = piecesOf(trainText);
  return {
    text: trainText,
    codes,
    lineStarts: Int32Array.from(starts),
    clauses: new Set(pieces.map((p) => p.text)),
    couplets: new Set(coupletsOf(pieces).map((c) => c.text)),
    lines: new Set(trainText.split("\n").filter((line) => line !== "")),
  };
}

const BASE_1 = 0x01000193;
const BASE_2 = 0x5bd1e995;

/** base^length mod 2^32. */
function power(base: number, length: number): number {
  let p = 1;
  for (let i = 0; i < length; i++) p = Math.imul(p, base);
  return p;
}

/** Hash key of a window from its two 32-bit rolling hashes: 53 bits, an exact double. */
function windowKey(h1: number, h2: number): number {
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

/**
 * Every window start of `text` whose `length` characters occur in `generated` at some start:
 * calls `found(textStart, generatedStart)` for each verified match, in text order, until it
 * returns true (stop). Each hash is Σ c_k · base^(L−1−k) mod 2^32, rolled one character on.
 */
function scanWindows(
  text: Int32Array,
  generated: Int32Array,
  length: number,
  found: (textStart: number, generatedStart: number) => boolean,
): void {
  if (length < 1 || length > generated.length || length > text.length) return;
  const p1 = power(BASE_1, length);
  const p2 = power(BASE_2, length);
  // The generated windows' keys → their starts; a 16-bit filter skips most map look-ups.
  const starts = new Map<number, number[]>();
  const filter = new Uint8Array(1 << 16);
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < generated.length; i++) {
    h1 = (Math.imul(h1, BASE_1) + generated[i]) | 0;
    h2 = (Math.imul(h2, BASE_2) + generated[i]) | 0;
    if (i >= length) {
      h1 = (h1 - Math.imul(generated[i - length], p1)) | 0;
      h2 = (h2 - Math.imul(generated[i - length], p2)) | 0;
    }
    if (i < length - 1) continue;
    const key = windowKey(h1, h2);
    const list = starts.get(key);
    if (list) list.push(i - length + 1);
    else starts.set(key, [i - length + 1]);
    filter[h2 >>> 16] = 1;
  }
  h1 = 0;
  h2 = 0;
  for (let i = 0; i < text.length; i++) {
    h1 = (Math.imul(h1, BASE_1) + text[i]) | 0;
    h2 = (Math.imul(h2, BASE_2) + text[i]) | 0;
    if (i >= length) {
      h1 = (h1 - Math.imul(text[i - length], p1)) | 0;
      h2 = (h2 - Math.imul(text[i - length], p2)) | 0;
    }
    if (i < length - 1 || filter[h2 >>> 16] === 0) continue;
    const textStart = i - length + 1;
    for (const generatedStart of starts.get(windowKey(h1, h2)) ?? []) {
      let k = 0;
      while (k < length && text[textStart + k] === generated[generatedStart + k]) k++;
      if (k === length && found(textStart, generatedStart)) return;
    }
  }
}

/** A text's code points (a hanzi outside the BMP is one, as Array.from counts). */
function codePoints(text: string): Int32Array {
  const codes = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    codes[n++] = code;
    if (code > 0xffff) i++;
  }
  return codes.slice(0, n);
}

/** The longest span of `generated` that occurs verbatim in the training text, and where. */
export function longestCopiedSpan(index: MemorisationIndex, generated: string): CopiedSpan {
  const gen = codePoints(generated);
  const occurs = (length: number) => {
    let any = false;
    scanWindows(index.codes, gen, length, () => {
      any = true;
      return true;
    });
    return any;
  };
  // Largest L with a shared window: occurs(L) holds for every L up to it and for none above.
  let low = 0;
  let high = Math.min(gen.length, index.codes.length);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (occurs(mid)) low = mid;
    else high = mid - 1;
  }
  if (low === 0) {
    return {
      length: 0,
      text: "",
      generatedAt: 0,
      trainAt: -1,
      trainLine: -1,
      trainLineText: "",
    };
  }
  // The first span in the generated text, at its first place in the training text.
  const firstAt = new Map<number, number>();
  scanWindows(index.codes, gen, low, (textStart, generatedStart) => {
    if (!firstAt.has(generatedStart)) firstAt.set(generatedStart, textStart);
    return false;
  });
  const generatedAt = Math.min(...firstAt.keys());
  const trainAt = firstAt.get(generatedAt)!;
  // The line of the span's first character that is not a line break.
  let first = trainAt;
  while (first < trainAt + low - 1 && index.codes[first] === 10) first++;
  let line = 0;
  let top = index.lineStarts.length - 1;
  while (line < top) {
    const mid = Math.ceil((line + top) / 2);
    if (index.lineStarts[mid] <= first) line = mid;
    else top = mid - 1;
  }
  const lineEnd = line + 1 < index.lineStarts.length ? index.lineStarts[line + 1] - 1 : undefined;
  return {
    length: low,
    text: String.fromCodePoint(...gen.subarray(generatedAt, generatedAt + low)),
    generatedAt,
    trainAt,
    trainLine: line,
    trainLineText: String.fromCodePoint(...index.codes.subarray(index.lineStarts[line], lineEnd)),
  };
}

/**
 * Marks the generated text's clauses, couplets and poems "in train" or "new" and finds its
 * longest copied span. A clause or poem at the very start or end of the text, where the sample
 * may have cut it, is marked too but not counted (`complete: false`), unless `wholeText` says
 * the text neither starts nor ends in the middle of one.
 */
export function memorisation(
  index: MemorisationIndex,
  generated: string,
  options: { wholeText?: boolean } = {},
): Memorisation {
  const whole = options.wholeText ?? false;
  const pieces = piecesOf(generated);
  // A piece is whole when a mark or line break stands before it and after it.
  const completePiece = (i: number) => whole || (pieces[i].at > 0 && pieces[i].end !== "");
  const clauses = pieces.map((p, i) => ({
    text: p.text,
    at: p.at,
    complete: completePiece(i),
    inTrain: index.clauses.has(p.text),
  }));
  const couplets = coupletsOf(pieces).map((c) => ({
    text: c.text,
    at: c.at,
    complete: completePiece(c.first) && completePiece(c.first + 1),
    inTrain: index.couplets.has(c.text),
  }));
  const poems: MarkedPiece[] = [];
  let at = 0;
  const lines = generated.split("\n");
  lines.forEach((line, i) => {
    if (line !== "") {
      const complete = whole || (i > 0 && i < lines.length - 1);
      poems.push({ text: line, at, complete, inTrain: index.lines.has(line) });
    }
    at += Array.from(line).length + 1;
  });
  const count = (marked: MarkedPiece[]) => {
    const complete = marked.filter((m) => m.complete);
    return [complete.length, complete.filter((m) => m.inTrain).length];
  };
  const [completeClauses, clausesInTrain] = count(clauses);
  const [completeCouplets, coupletsInTrain] = count(couplets);
  const [completePoems, poemsInTrain] = count(poems);
  return {
    clauses,
    couplets,
    poems,
    completeClauses,
    clausesInTrain,
    clauseShare: completeClauses === 0 ? 0 : clausesInTrain / completeClauses,
    completeCouplets,
    coupletsInTrain,
    completePoems,
    poemsInTrain,
    longest: longestCopiedSpan(index, generated),
  };
}

/**
 * Chapter 07's data: (number, language) pairs, as symbols for an encoder–decoder.
 *
 *   source = [tag, digits…]        <zh> 3 0 0 5 0      (the tag chooses the language: one model
 *                                                      for both, the trick of Johnson et al. 2017)
 *   target = [reading…, <end>]     三 万 零 五 十 <end>  (readingTokens(sayNumber(n, language)))
 *   decoder input = [<start>, target without its last symbol]   (teacher forcing)
 *
 * Symbol 0 is <pad> in both vocabularies: a batch pads every sequence at its end to the longest
 * one, and a mask (1 = a real symbol) tells the encoder and the loss which positions to ignore.
 *
 * Splits, by the number itself (a held-out number is held out in both languages):
 * - trained lengths 1 … L digits; every batch draws each example's LENGTH uniformly from 1 … L,
 *   then a number uniformly among those of that length (so one-digit numbers are 1/L of the
 *   examples, not 10 in 10⁸), then the language uniformly; a held-out number is drawn again;
 * - held out (test): per length, `testPerLength` distinct numbers, at most a tenth of that length's
 *   numbers (1 of the ten one-digit numbers, 9 of the two-digit ones, 90 of the three-digit ones);
 *   0 is never held out: its English reading "zero" is a word no other number uses;
 * - longer (length generalisation): numbers of L + 1 … 8 digits, more than any training number.
 */
import { seededRandom } from "../random.js";
import { MAX_NUMBER, type ReadingLanguage, readingTokens, sayNumber } from "./number-words.js";

export const PAD = "<pad>";
export const START = "<start>";
export const END = "<end>";
export const LANGUAGE_TAGS: Record<ReadingLanguage, string> = { zh: "<zh>", en: "<en>" };

/** The most digits a number of the task has (MAX_NUMBER = 99,999,999). */
export const MAX_DIGITS = String(MAX_NUMBER).length;

/** Source symbols: <pad> (id 0), the two tags, the ten digits. */
export const SOURCE_SYMBOLS: readonly string[] = [
  PAD,
  LANGUAGE_TAGS.zh,
  LANGUAGE_TAGS.en,
  ..."0123456789".split(""),
];

/** Every symbol a Chinese reading uses. */
export const CHINESE_SYMBOLS: readonly string[] = "零一二三四五六七八九十百千万".split("");

/** Every symbol an English reading uses (a hyphen is a symbol of its own: twenty - one). */
export const ENGLISH_SYMBOLS: readonly string[] = [
  ..."zero one two three four five six seven eight nine".split(" "),
  ..."ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(" "),
  ..."twenty thirty forty fifty sixty seventy eighty ninety".split(" "),
  ..."hundred thousand million".split(" "),
  "-",
];

/** Target symbols: <pad> (id 0), <start>, <end>, then the Chinese and the English symbols. */
export const TARGET_SYMBOLS: readonly string[] = [
  PAD,
  START,
  END,
  ...CHINESE_SYMBOLS,
  ...ENGLISH_SYMBOLS,
];

/** Symbol id 0 in both vocabularies. */
export const PAD_ID = 0;
export const START_ID = TARGET_SYMBOLS.indexOf(START);
export const END_ID = TARGET_SYMBOLS.indexOf(END);

const SOURCE_IDS = new Map(SOURCE_SYMBOLS.map((symbol, id) => [symbol, id]));
const TARGET_IDS = new Map(TARGET_SYMBOLS.map((symbol, id) => [symbol, id]));

function idOf(ids: Map<string, number>, symbol: string, vocabulary: string): number {
  const id = ids.get(symbol);
  if (id === undefined) {
    throw new Error(`${vocabulary}: no symbol ${JSON.stringify(symbol)} in the vocabulary`);
  }
  return id;
}

/** One (number, language) pair as symbol ids, without padding. */
export interface NumberExample {
  number: number;
  language: ReadingLanguage;
  /** [tag, digits…] (1 + digits). */
  source: Int32Array;
  /** [reading…, <end>]. */
  target: Int32Array;
}

/** [tag, digits…]: <zh> 3 0 0 5 0. */
export function sourceSymbols(n: number, language: ReadingLanguage): string[] {
  return [LANGUAGE_TAGS[language], ...String(n).split("")];
}

/** [reading…, <end>]: 三 万 零 五 十 <end>. */
export function targetSymbols(n: number, language: ReadingLanguage): string[] {
  return [...readingTokens(sayNumber(n, language), language), END];
}

export function makeExample(n: number, language: ReadingLanguage): NumberExample {
  const target = targetSymbols(n, language); // checks n and the language
  return {
    number: n,
    language,
    source: Int32Array.from(sourceSymbols(n, language), (s) => idOf(SOURCE_IDS, s, "source")),
    target: Int32Array.from(target, (s) => idOf(TARGET_IDS, s, "target")),
  };
}

/** Target ids back to symbols, up to (not including) the first <end> or <pad>. */
export function targetIdsToSymbols(ids: ArrayLike<number>): string[] {
  const symbols: string[] = [];
  for (let j = 0; j < ids.length; j++) {
    if (ids[j] === END_ID || ids[j] === PAD_ID) break;
    symbols.push(TARGET_SYMBOLS[ids[j]] ?? "?");
  }
  return symbols;
}

/**
 * A batch, padded at the end of every sequence to the longest of the batch, batch-major.
 * The decoder reads [<start>, target[0], …, target[T−2]] and predicts target[0 … T−1].
 */
export interface Seq2seqBatch {
  size: number; // B
  sourceLength: number; // S
  targetLength: number; // T
  source: Int32Array; // (B, S), PAD_ID after each source's end
  sourceMask: Uint8Array; // (B, S), 1 = a real symbol
  target: Int32Array; // (B, T), PAD_ID after each target's <end>
  targetMask: Uint8Array; // (B, T), 1 = a symbol the loss counts
  /** Σ targetMask: how many symbols the loss averages over. */
  targetTokens: number;
  examples: NumberExample[];
}

export function makeBatch(examples: readonly NumberExample[]): Seq2seqBatch {
  const B = examples.length;
  if (B < 1) throw new Error("examples: a batch needs at least one example");
  let S = 0;
  let T = 0;
  for (const example of examples) {
    S = Math.max(S, example.source.length);
    T = Math.max(T, example.target.length);
  }
  const source = new Int32Array(B * S);
  const sourceMask = new Uint8Array(B * S);
  const target = new Int32Array(B * T);
  const targetMask = new Uint8Array(B * T);
  let targetTokens = 0;
  examples.forEach((example, n) => {
    source.set(example.source, n * S);
    sourceMask.fill(1, n * S, n * S + example.source.length);
    target.set(example.target, n * T);
    targetMask.fill(1, n * T, n * T + example.target.length);
    targetTokens += example.target.length;
  });
  return {
    size: B,
    sourceLength: S,
    targetLength: T,
    source,
    sourceMask,
    target,
    targetMask,
    targetTokens,
    examples: [...examples],
  };
}

/** How many numbers have `length` digits: 10 with one digit (0 … 9), else 9·10^(length−1). */
export function numbersOfLength(length: number): number {
  return length === 1 ? 10 : 9 * 10 ** (length - 1);
}

/** A number of `length` digits, uniformly. */
export function randomNumberOfLength(random: () => number, length: number): number {
  if (length === 1) return Math.floor(random() * 10);
  const low = 10 ** (length - 1);
  return low + Math.floor(random() * 9 * low);
}

export interface NumberSplitOptions {
  /** L: training numbers have 1 … L digits. */
  trainLengths: number;
  /** Held-out numbers per trained length (at most a tenth of that length's). Default 200. */
  testPerLength?: number;
  /** Numbers per length for the longer set (L + 1 … 8 digits). Default 200. */
  longPerLength?: number;
  /** Default 0. */
  seed?: number;
}

export interface NumberSplit {
  /** L: the longest training number has L digits. */
  trainLengths: number;
  /** Held-out numbers of 1 … L digits, by length then drawing order; never in training. */
  test: number[];
  /** Numbers of L + 1 … 8 digits (length generalisation); empty when L = 8. */
  long: number[];
  /** Whether training must skip `n`. */
  isHeldOut(n: number): boolean;
}

function checkCount(value: unknown, name: string, low: number, high = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
    const range = high < Infinity ? `from ${low} to ${high}` : `from ${low}`;
    throw new Error(`${name}: expected a whole number ${range}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Seeded held-out and longer numbers (see the top of this file for the rules). */
export function splitNumbers(options: NumberSplitOptions): NumberSplit {
  const L = checkCount(options.trainLengths, "trainLengths", 1, MAX_DIGITS);
  const testPerLength = checkCount(options.testPerLength ?? 200, "testPerLength", 0);
  const longPerLength = checkCount(options.longPerLength ?? 200, "longPerLength", 0);
  const random = seededRandom(options.seed ?? 0);
  const heldOut = new Set<number>();
  const test: number[] = [];
  for (let length = 1; length <= L; length++) {
    const count = Math.min(testPerLength, Math.floor(numbersOfLength(length) / 10));
    let drawn = 0;
    while (drawn < count) {
      const n = randomNumberOfLength(random, length);
      if (n === 0 || heldOut.has(n)) continue;
      heldOut.add(n);
      test.push(n);
      drawn++;
    }
  }
  const long: number[] = [];
  for (let length = L + 1; length <= MAX_DIGITS; length++) {
    const seen = new Set<number>();
    while (seen.size < longPerLength) {
      const n = randomNumberOfLength(random, length);
      if (seen.has(n)) continue;
      seen.add(n);
      long.push(n);
    }
  }
  return { trainLengths: L, test, long, isHeldOut: (n) => heldOut.has(n) };
}

/**
 * A seeded source of training examples: each call gives `count` fresh examples, the length
 * uniform over 1 … L, the number uniform among that length's numbers that are not held out, the
 * language uniform.
 */
export function trainingSampler(
  split: NumberSplit,
  seed: number,
): (count: number) => NumberExample[] {
  const random = seededRandom(seed);
  const L = split.trainLengths;
  return (count) =>
    Array.from({ length: count }, () => {
      const length = 1 + Math.floor(random() * L);
      let n = randomNumberOfLength(random, length);
      while (split.isHeldOut(n)) n = randomNumberOfLength(random, length);
      const language: ReadingLanguage = random() < 0.5 ? "zh" : "en";
      return makeExample(n, language);
    });
}

/** Every number in both languages, Chinese first. */
export function examplesInBothLanguages(numbers: readonly number[]): NumberExample[] {
  return numbers.flatMap((n) => [makeExample(n, "zh"), makeExample(n, "en")]);
}

/** How many digits `n` has. */
export function digitCount(n: number): number {
  return String(n).length;
}

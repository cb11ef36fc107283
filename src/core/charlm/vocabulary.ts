/**
 * The symbols a character model reads and writes. Every character seen at least `minCount` times
 * in the training text gets an id; every rarer one maps to one unknown symbol "□". A Tang-poem
 * text has thousands of distinct characters, most of them rare: a character seen a handful of
 * times gives the model too few examples to learn anything about it, while each symbol costs a
 * row of the embedding and a column of the output layer (the largest matrix of the model).
 */

/** Shown for every character outside the vocabulary (U+25A1, the traditional mark of a lost character). */
export const UNKNOWN_SYMBOL = "□";

export interface CharVocabulary {
  /** Symbol id → character; the last id is UNKNOWN_SYMBOL. */
  symbols: string[];
  /** The id of UNKNOWN_SYMBOL. */
  unknown: number;
  /** The cut-off it was built with: characters seen fewer times became unknown. */
  minCount: number;
}

/** Characters (code points, not UTF-16 units) of a text. */
export function characters(text: string): string[] {
  return Array.from(text);
}

/**
 * The vocabulary of a training text: characters seen ≥ minCount times, most frequent first (ties
 * in code-point order, so it is the same on every machine), then the unknown symbol.
 */
export function buildVocabulary(text: string, minCount: number): CharVocabulary {
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new Error(`minCount: expected a positive integer, got ${JSON.stringify(minCount)}`);
  }
  const counts = new Map<string, number>();
  for (const ch of characters(text)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  counts.delete(UNKNOWN_SYMBOL);
  const kept = [...counts.entries()]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([ch]) => ch);
  if (kept.length === 0) {
    throw new Error(`minCount: no character of the text is seen ${minCount} times or more`);
  }
  return { symbols: [...kept, UNKNOWN_SYMBOL], unknown: kept.length, minCount };
}

/** A vocabulary from its symbol list (a checkpoint's), checked. */
export function vocabularyFromSymbols(symbols: string[], minCount: number): CharVocabulary {
  const unknown = symbols.indexOf(UNKNOWN_SYMBOL);
  if (unknown !== symbols.length - 1 || new Set(symbols).size !== symbols.length) {
    throw new Error(
      `vocabulary: expected distinct symbols ending in the unknown symbol ${UNKNOWN_SYMBOL}, got ${symbols.length} symbols with it at ${unknown}`,
    );
  }
  return { symbols, unknown, minCount };
}

const indexCache = new WeakMap<CharVocabulary, Map<string, number>>();

function indexOf(vocabulary: CharVocabulary): Map<string, number> {
  let index = indexCache.get(vocabulary);
  if (!index) {
    index = new Map(vocabulary.symbols.map((ch, id) => [ch, id]));
    indexCache.set(vocabulary, index);
  }
  return index;
}

/** Whether the vocabulary has its own id for a character. */
export function isKnown(vocabulary: CharVocabulary, ch: string): boolean {
  const id = indexOf(vocabulary).get(ch);
  return id !== undefined && id !== vocabulary.unknown;
}

/** Text → symbol ids (unknown characters → the unknown id). */
export function encode(vocabulary: CharVocabulary, text: string): Int32Array {
  const index = indexOf(vocabulary);
  return Int32Array.from(characters(text), (ch) => index.get(ch) ?? vocabulary.unknown);
}

/** Symbol ids → text. */
export function decode(vocabulary: CharVocabulary, ids: ArrayLike<number>): string {
  let text = "";
  for (let j = 0; j < ids.length; j++) {
    const symbol = vocabulary.symbols[ids[j]];
    if (symbol === undefined) {
      throw new Error(
        `decode: symbol id ${ids[j]} is outside 0 … ${vocabulary.symbols.length - 1}`,
      );
    }
    text += symbol;
  }
  return text;
}

/** The share of a text's characters that the vocabulary knows. */
export function coverage(vocabulary: CharVocabulary, text: string): number {
  const ids = encode(vocabulary, text);
  let known = 0;
  for (const id of ids) if (id !== vocabulary.unknown) known++;
  return ids.length === 0 ? 1 : known / ids.length;
}

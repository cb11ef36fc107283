/**
 * The seed's long-term dependency as a task: "I grew up in France … I speak fluent French".
 * The model reads a sentence and predicts its last word, the language. Between the country and
 * the end sit `gap` filler words drawn at random, so only the country carries the answer and the
 * difficulty is the distance alone (no pattern in the fillers to lean on).
 *
 *   en: I grew up in <country> <filler × gap> I speak fluent  → <language>
 *   zh: 我 在 <国家> 长大 <filler × gap> 我 能 说 流利的        → <语言>
 *
 * Countries, languages and fillers are the glossary's entries of kind country, language, filler
 * (src/core/glossary.ts), in the chosen language.
 */
import { type GlossaryEntry, loadGlossary } from "../../i18n.js";
import { seededRandom } from "../../random.js";
import { checkPositiveInteger, checkUnknownOptions, type TokenDataset } from "../dataset.js";

export type SentenceLanguage = "en" | "zh";

/** The fixed words around the country, per language. */
const TEMPLATES: Record<
  SentenceLanguage,
  { before: string[]; afterCountry: string[]; end: string[] }
> = {
  en: { before: ["I", "grew", "up", "in"], afterCountry: [], end: ["I", "speak", "fluent"] },
  zh: { before: ["我", "在"], afterCountry: ["长大"], end: ["我", "能", "说", "流利的"] },
};

export interface FranceTaskOptions {
  /** k: how many filler words stand between the country and "I speak fluent". ≥ 0. */
  gap: number;
  /** How many sentences. */
  count: number;
  /** Seed of the sentences (countries and fillers drawn). Default 0. */
  seed?: number;
  /** "en" (default) or "zh". */
  language?: SentenceLanguage;
  /** How many country→language pairs (first ones of the glossary); default all. Chance = 1/this. */
  countries?: number;
  /** How many distinct filler words (first ones of the glossary); default all. */
  fillers?: number;
}

const OPTIONS = ["gap", "count", "seed", "language", "countries", "fillers"] as const;

export interface FranceDataset extends TokenDataset {
  gap: number;
  language: SentenceLanguage;
  /** Steps the model reads after the country: the distance the answer must be carried. */
  stepsAfterCountry: number;
  /** The glossary key of each class (e.g. "language_french"). */
  classKeys: string[];
}

function entriesOfKind(kind: GlossaryEntry["kind"]): [string, GlossaryEntry][] {
  return Object.entries(loadGlossary()).filter(([, entry]) => entry.kind === kind);
}

/** A seeded set of sentences with `gap` random fillers; labels are the language classes. */
export function franceTask(options: FranceTaskOptions): FranceDataset {
  checkUnknownOptions(options, OPTIONS, "franceTask");
  const { gap, seed = 0, language = "en" } = options;
  if (typeof gap !== "number" || !Number.isInteger(gap) || gap < 0) {
    throw new Error(`gap: expected a whole number of filler words ≥ 0, got ${JSON.stringify(gap)}`);
  }
  const count = checkPositiveInteger(options.count, "count");
  if (language !== "en" && language !== "zh") {
    throw new Error(`language: expected "en" or "zh", got ${JSON.stringify(language)}`);
  }
  const allCountries = entriesOfKind("country");
  const allFillers = entriesOfKind("filler");
  const countryCount = options.countries ?? allCountries.length;
  if (!Number.isInteger(countryCount) || countryCount < 2 || countryCount > allCountries.length) {
    throw new Error(
      `countries: expected 2 to ${allCountries.length} country→language pairs (the glossary has ${allCountries.length}), got ${JSON.stringify(options.countries)}`,
    );
  }
  const fillerCount = options.fillers ?? allFillers.length;
  if (!Number.isInteger(fillerCount) || fillerCount < 0 || fillerCount > allFillers.length) {
    throw new Error(
      `fillers: expected 0 to ${allFillers.length} filler words, got ${JSON.stringify(options.fillers)}`,
    );
  }
  if (fillerCount === 0 && gap > 0) {
    throw new Error(
      `fillers: the filler vocabulary is empty but gap is ${gap}; use at least one filler word or gap 0`,
    );
  }
  const glossary = loadGlossary();
  const countries = allCountries.slice(0, countryCount);
  const fillers = allFillers.slice(0, fillerCount).map(([, entry]) => entry[language]);
  const classKeys = countries.map(([, entry]) => {
    if (entry.language === undefined) throw new Error(`glossary: a country without a language`);
    return entry.language;
  });
  const classes = classKeys.map((key) => glossary[key][language]);
  const template = TEMPLATES[language];

  // The vocabulary: template words, countries, fillers (a word used twice, like "I", once).
  const vocabulary: string[] = [];
  const idOf = new Map<string, number>();
  const add = (word: string) => {
    if (!idOf.has(word)) {
      idOf.set(word, vocabulary.length);
      vocabulary.push(word);
    }
    return idOf.get(word)!;
  };
  for (const word of [...template.before, ...template.afterCountry, ...template.end]) add(word);
  const countryIds = countries.map(([, entry]) => add(entry[language]));
  const fillerIds = fillers.map(add);

  const time =
    template.before.length + 1 + template.afterCountry.length + gap + template.end.length;
  const tokens = new Int32Array(count * time); // (N, T)
  const labels = new Int32Array(count); // (N)
  const random = seededRandom(seed);
  const pick = (n: number) => Math.min(n - 1, Math.floor(random() * n));
  for (let n = 0; n < count; n++) {
    const country = pick(countryCount);
    labels[n] = country;
    const sentence = [
      ...template.before.map((w) => idOf.get(w)!),
      countryIds[country],
      ...template.afterCountry.map((w) => idOf.get(w)!),
      ...Array.from({ length: gap }, () => fillerIds[pick(fillerCount)]),
      ...template.end.map((w) => idOf.get(w)!),
    ];
    tokens.set(sentence, n * time);
  }
  return {
    kind: "tokens",
    count,
    time,
    tokens,
    vocabulary,
    labels,
    classes,
    classKeys,
    gap,
    language,
    stepsAfterCountry: template.afterCountry.length + gap + template.end.length,
  };
}

/** Sentence n as text, with its answer: "I grew up in France … today rain … I speak fluent French". */
export function franceSentence(dataset: FranceDataset, n: number): string {
  const { time, tokens, vocabulary, language } = dataset;
  if (!Number.isInteger(n) || n < 0 || n >= dataset.count) {
    throw new Error(`sentence index: expected 0 to ${dataset.count - 1}, got ${n}`);
  }
  const words = Array.from(tokens.subarray(n * time, (n + 1) * time), (id) => vocabulary[id]);
  const template = TEMPLATES[language];
  const head = template.before.length + 1 + template.afterCountry.length;
  const fillers = words.slice(head, head + dataset.gap);
  const parts = [
    words.slice(0, head),
    fillers.length ? ["…", ...fillers, "…"] : [],
    words.slice(head + dataset.gap),
  ];
  const answer = dataset.classes[dataset.labels[n]];
  const joiner = language === "zh" ? "" : " ";
  return [...parts.flat(), answer].join(joiner);
}

/**
 * The fixed words of a sentence in `language`: before the country, right after it, and the end
 * before the answer (a copy). A sentence is before + country + afterCountry + fillers + end; the
 * website's gate explorer builds the reader's own sentences with it.
 */
export function franceTemplate(language: SentenceLanguage): {
  before: string[];
  afterCountry: string[];
  end: string[];
} {
  const template = TEMPLATES[language];
  if (template === undefined) {
    throw new Error(`language: expected "en" or "zh", got ${JSON.stringify(language)}`);
  }
  return {
    before: [...template.before],
    afterCountry: [...template.afterCountry],
    end: [...template.end],
  };
}

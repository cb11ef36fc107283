// The language a notebook (or a web page) speaks, and the one glossary every printed word and plot
// label goes through. Browser-safe: no Node imports. A notebook's language is its folder name
// (notebooks/zh, notebooks/en, notebooks/bilingual), read from the kernel's working directory when
// there is a process to ask; a page or a worker sets it with setLanguage().
import { GLOSSARY } from "./glossary.js";

/** The three editions of every chapter. */
export type Language = "zh" | "en" | "bilingual";

/** The languages a text is written in (the bilingual edition shows both). */
export type TextLanguage = "zh" | "en";

export const LANGUAGES: readonly Language[] = ["zh", "en", "bilingual"];

/** Where the glossary lives, relative to the project root (named in messages). */
export const GLOSSARY_PATH = "src/core/glossary.ts";

/** What an entry names: course vocabulary (shown in the term table) or task data. */
export type GlossaryKind = "term" | "country" | "language" | "filler";

export const GLOSSARY_KINDS: readonly GlossaryKind[] = ["term", "country", "language", "filler"];

/** One glossary entry, e.g. `forget_gate: { zh: "遗忘门", en: "forget gate" }`. */
export interface GlossaryEntry {
  /** The Chinese label. */
  zh: string;
  /** The English label. */
  en: string;
  /** Absent means "term": vocabulary shown in the course's term table. */
  kind?: GlossaryKind;
  /** For a country: the key of the language spoken there (`language_french`). */
  language?: string;
  /**
   * Other words for the same thing that the prose must not use (the vocabulary check of
   * `npm run build` flags them with file:line), e.g. cell_state: { zh: ["记忆元"] }.
   */
  variants?: { zh?: string[]; en?: string[] };
}

export type Glossary = Record<string, GlossaryEntry>;

/** A wording of the prose that no variant catches, e.g. "15 轮" for 15 迭代周期 (epochs). */
export interface ProseRule {
  language: TextLanguage;
  pattern: RegExp;
  /** What to write instead. */
  use: string;
}

/** Problems with a glossary (empty labels, unknown kinds, dangling language keys); [] if none. */
export function glossaryProblems(glossary: Glossary): string[] {
  const problems: string[] = [];
  for (const [key, entry] of Object.entries(glossary)) {
    if (!/^[a-z][a-z0-9_]*$/.test(key)) problems.push(`key "${key}" is not snake_case`);
    for (const lang of ["zh", "en"] as const) {
      const label = entry[lang];
      if (typeof label !== "string" || label.trim() === "") {
        problems.push(`"${key}" has no ${lang} label`);
      }
    }
    if (entry.kind !== undefined && !GLOSSARY_KINDS.includes(entry.kind)) {
      problems.push(
        `"${key}" has unknown kind "${entry.kind}" (known: ${GLOSSARY_KINDS.join(", ")})`,
      );
    }
    for (const lang of ["zh", "en"] as const) {
      for (const variant of entry.variants?.[lang] ?? []) {
        if (variant.trim() === "" || variant === entry[lang]) {
          problems.push(
            `"${key}" has a ${lang} variant "${variant}" that is empty or its own label`,
          );
        }
      }
    }
    if (entry.language !== undefined && glossary[entry.language]?.kind !== "language") {
      problems.push(`"${key}" names language "${entry.language}", which is not a language entry`);
    }
  }
  return problems;
}

/** The course glossary (src/core/glossary.ts), checked once. */
export function loadGlossary(): Glossary {
  const problems = glossaryProblems(GLOSSARY);
  if (problems.length > 0) throw new Error(`${GLOSSARY_PATH}: ${problems.join("; ")}`);
  return GLOSSARY;
}

function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

let chosenLanguage: Language | undefined;

/** Sets the language for everything that does not name one (a web page, a worker, a test). */
export function setLanguage(language: Language | undefined): void {
  if (language !== undefined && !isLanguage(language)) {
    throw new Error(`setLanguage: expected one of ${LANGUAGES.join(", ")}, got ${language}`);
  }
  chosenLanguage = language;
}

/** The process of a Node program (a kernel, a test), if there is one; never imported. */
function hostProcess(): { env: Record<string, string | undefined>; cwd(): string } | undefined {
  return (globalThis as { process?: { env: Record<string, string | undefined>; cwd(): string } })
    .process;
}

/**
 * The language of the running notebook: setLanguage()'s choice, else `RNN_LANG` when set, else the
 * name of the kernel's working directory when it is `zh`, `en` or `bilingual` (Jupyter starts a
 * kernel in the notebook's folder), else "en".
 */
export function currentLanguage(): Language {
  if (chosenLanguage !== undefined) return chosenLanguage;
  const host = hostProcess();
  const fromEnv = host?.env?.RNN_LANG;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (isLanguage(fromEnv)) return fromEnv;
    throw new Error(`RNN_LANG="${fromEnv}" is not one of ${LANGUAGES.join(", ")}`);
  }
  const folder = host?.cwd?.().split(/[\\/]/).pop();
  return isLanguage(folder) ? folder : "en";
}

/**
 * The glossary label of `key` in the notebook's language: `term("forget_gate")` is "遗忘门" in
 * zh, "forget gate" in en and "遗忘门 forget gate" in the bilingual edition.
 */
export function term(key: string, language: Language = currentLanguage()): string {
  const entry = loadGlossary()[key];
  if (entry === undefined) {
    throw new Error(
      `term("${key}"): no such key in ${GLOSSARY_PATH}; add it with a zh and an en label`,
    );
  }
  if (language === "bilingual") return `${entry.zh} ${entry.en}`;
  return entry[language];
}

/**
 * Picks the sentence for the notebook's language; the bilingual edition gets "中文 / English".
 * For printed sentences; single words belong in the glossary (`term`).
 */
export function say(
  texts: { zh: string; en: string },
  language: Language = currentLanguage(),
): string {
  if (language === "bilingual") return `${texts.zh} / ${texts.en}`;
  return texts[language];
}

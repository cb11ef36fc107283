/**
 * Which rhyme group a hanzi belongs to, from its modern pinyin final. Two pieces:
 *
 * - the finals, one per character (assets/data/rhyme-finals.json, written by
 *   scripts/data/rhyme-table.ts from the npm package pinyin-pro; read it in Node and hand the
 *   parsed JSON to `rhymeTable`, so this file stays browser-safe);
 * - the grouping of finals into rhyme groups, here in the code: the fourteen groups of 中华新韵
 *   (十四韵), the modern rhyme scheme of the 中华诗词学会 (Chinese Poetry Society, published
 *   2005). It puts finals that differ only in their medial (i, u, ü) in one group: guang, shuang
 *   and xiang all rhyme in 唐.
 *
 * Modern finals only approximate Tang rhymes: the poets rhymed by the Middle Chinese groups that
 * the 平水韵 lists, and a thousand years of sound change lie between. The measure can call a
 * couplet that rhymed in the Tang non-rhyming (斜 xie and 家 jia were both in 麻; 门 men and 言
 * yan both in 元) and a couplet that did not rhyme rhyming (东 and 冬 were two groups, as were
 * 庚, 青 and 蒸). It also ignores tone: regulated verse rhymes on level-tone characters only.
 */

/** One group of the 中华新韵 (十四韵): its number, its name and the finals it holds. */
export interface RhymeGroup {
  number: number;
  /** The group's name in the scheme (麻, 波, …). */
  name: string;
  /** Finals as Hanyu Pinyin writes them after an initial (iu, ui, un); "-i" is the vowel of zhi…si. */
  finals: readonly string[];
}

/**
 * 中华新韵 (十四韵), 中华诗词学会 2005: "麻波皆开微豪尤，寒文唐庚齐支姑". Each group lists the
 * pinyin finals it holds. ueng (翁 weng) sits with eng in 庚. The apical vowel written i after
 * zh ch sh r z c s ("-i": 知 诗 日 子 思) is a group of its own, 支, apart from 齐 (i, er, ü).
 */
export const ZHONGHUA_XINYUN: readonly RhymeGroup[] = [
  { number: 1, name: "麻", finals: ["a", "ia", "ua"] },
  { number: 2, name: "波", finals: ["o", "e", "uo"] },
  { number: 3, name: "皆", finals: ["ie", "üe"] },
  { number: 4, name: "开", finals: ["ai", "uai"] },
  { number: 5, name: "微", finals: ["ei", "ui"] },
  { number: 6, name: "豪", finals: ["ao", "iao"] },
  { number: 7, name: "尤", finals: ["ou", "iu"] },
  { number: 8, name: "寒", finals: ["an", "ian", "uan", "üan"] },
  { number: 9, name: "文", finals: ["en", "in", "un", "ün"] },
  { number: 10, name: "唐", finals: ["ang", "iang", "uang"] },
  { number: 11, name: "庚", finals: ["eng", "ing", "ueng", "ong", "iong"] },
  { number: 12, name: "齐", finals: ["i", "er", "ü"] },
  { number: 13, name: "支", finals: ["-i"] },
  { number: 14, name: "姑", finals: ["u"] },
];

const GROUP_OF_FINAL = new Map<string, string>(
  ZHONGHUA_XINYUN.flatMap((group) => group.finals.map((final) => [final, group.name] as const)),
);

/** The 中华新韵 group of a final ("uang" → "唐"), or null for one outside the scheme (ng, m, ê). */
export function rhymeGroupOfFinal(final: string): string | null {
  return GROUP_OF_FINAL.get(final) ?? null;
}

const INITIAL = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])/u;
/** Syllables spelt with y or w (no initial): the final they write. */
const Y_W_FINALS: Record<string, string> = {
  yi: "i",
  ya: "ia",
  ye: "ie",
  yao: "iao",
  you: "iu",
  yan: "ian",
  yin: "in",
  yang: "iang",
  ying: "ing",
  yong: "iong",
  yo: "io",
  yu: "ü",
  yue: "üe",
  yuan: "üan",
  yun: "ün",
  wu: "u",
  wa: "ua",
  wo: "uo",
  wai: "uai",
  wei: "ui",
  wan: "uan",
  wen: "un",
  wang: "uang",
  weng: "ueng",
};

/**
 * The final of one toneless pinyin syllable, by the spelling rules of the 汉语拼音方案: y and w
 * are spellings, not initials (ye → ie, yu → ü, wen → un); u after j, q, x is ü (xue → üe); i
 * after zh, ch, sh, r, z, c, s is the apical vowel "-i" (shi, si). Accepts v for ü.
 * pinyin-pro's own `pattern: "final"` takes y and w for initials (也 ye → e, 雨 yu → u), which
 * would put 也 in 波 and 雨 in 姑: hence this function.
 */
export function finalOfSyllable(syllable: string): string {
  const s = syllable.toLowerCase().replace(/v/gu, "ü");
  if (!/^[a-zü]+$/u.test(s)) {
    throw new Error(`finalOfSyllable: expected a toneless pinyin syllable, got "${syllable}"`);
  }
  if (s in Y_W_FINALS) return Y_W_FINALS[s];
  if (/^(m|n|ng|hm|hng)$/u.test(s)) return s; // syllabic nasals: no vowel, no group
  if (/^[yw]/u.test(s)) throw new Error(`finalOfSyllable: "${syllable}" is not a pinyin syllable`);
  const initial = INITIAL.exec(s)?.[1] ?? "";
  const final = s.slice(initial.length);
  if (final === "") throw new Error(`finalOfSyllable: "${syllable}" has no final`);
  if (/^[jqx]$/u.test(initial) && final.startsWith("u")) return `ü${final.slice(1)}`;
  if (final === "i" && /^(zh|ch|sh|[rzcs])$/u.test(initial)) return "-i";
  return final;
}

/** assets/data/rhyme-finals.json as parsed JSON (only the fields read here). */
export interface RhymeFinalsFile {
  /** Final → the characters whose kept (most common) reading has it. */
  finals: Record<string, string>;
  /** Character → the finals of all its readings, space-separated, the kept one first. */
  otherFinals: Record<string, string>;
}

/** The finals of the characters, ready to look up. */
export interface RhymeTable {
  /** Character → the final of its kept reading. */
  finalOf: ReadonlyMap<string, string>;
  /** Character → the finals of all its readings, kept one first (heteronyms only). */
  allFinalsOf: ReadonlyMap<string, readonly string[]>;
}

/** Checks the parsed rhyme-finals.json and indexes it by character. */
export function rhymeTable(file: unknown): RhymeTable {
  const f = file as Partial<RhymeFinalsFile> | null;
  if (!f || typeof f.finals !== "object" || typeof f.otherFinals !== "object") {
    throw new Error(
      "rhymeTable: expected the parsed rhyme-finals.json, with finals and otherFinals",
    );
  }
  const finalOf = new Map<string, string>();
  for (const [final, characters] of Object.entries(f.finals)) {
    if (typeof characters !== "string") {
      throw new Error(`rhymeTable: finals["${final}"]: expected a string of characters`);
    }
    for (const ch of characters) {
      if (finalOf.has(ch)) throw new Error(`rhymeTable: ${ch} is listed under two finals`);
      finalOf.set(ch, final);
    }
  }
  const allFinalsOf = new Map<string, string[]>();
  for (const [ch, finals] of Object.entries(f.otherFinals)) {
    const list = String(finals).split(" ");
    if (finalOf.get(ch) !== list[0]) {
      throw new Error(`rhymeTable: otherFinals["${ch}"] must start with its kept final`);
    }
    allFinalsOf.set(ch, list);
  }
  return { finalOf, allFinalsOf };
}

/** The rhyme group of a character's kept reading ("光" → "唐"), or null when it has none. */
export function rhymeGroupOf(character: string, table: RhymeTable): string | null {
  const final = table.finalOf.get(character);
  return final === undefined ? null : rhymeGroupOfFinal(final);
}

/** The rhyme groups of all of a character's readings, kept reading first, without repeats. */
export function rhymeGroupsOf(character: string, table: RhymeTable): string[] {
  const finals = table.allFinalsOf.get(character) ?? [table.finalOf.get(character)];
  const groups: string[] = [];
  for (const final of finals) {
    const group = final === undefined ? null : rhymeGroupOfFinal(final);
    if (group !== null && !groups.includes(group)) groups.push(group);
  }
  return groups;
}

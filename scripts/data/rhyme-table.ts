/**
 * npx tsx scripts/data/rhyme-table.ts — the maintainer's script that writes
 * assets/data/rhyme-finals.json: for every hanzi of assets/data/tang-poems.txt, the pinyin final
 * of its reading (without tone), from the npm package pinyin-pro (a devDependency, so no
 * download: the version and integrity come from package-lock.json and are checked against the
 * ones pinned here). src/core/charlm/rhyme.ts groups the finals into the rhyme groups of
 * 中华新韵; chapter 06 uses them to ask whether a poem's even lines rhyme.
 *
 * Heteronyms: the kept final is that of the reading pinyin-pro gives for the character on its
 * own (its dictionary's first, most common reading: 行 xing, 看 kan, 思 si); the finals of all
 * readings are listed too. Tests and CI never run this; the output is deterministic.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pinyin } from "pinyin-pro";
import {
  finalOfSyllable,
  rhymeGroupOfFinal,
  ZHONGHUA_XINYUN,
} from "../../src/core/charlm/rhyme.js";
import { corpusLines, DATA_DIR, sha256, TANG_FILE } from "./format.js";

export const RHYME_FILE = "rhyme-finals.json";

const PINYIN_PRO = { name: "pinyin-pro", version: "3.29.4" };

/** The installed pinyin-pro: version and licence from its package.json, integrity from the lock. */
function installedPinyinPro() {
  const manifest = JSON.parse(
    readFileSync(join("node_modules", PINYIN_PRO.name, "package.json"), "utf8"),
  ) as { version: string; license: string };
  const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
    packages: Record<string, { version: string; integrity: string }>;
  };
  const locked = lock.packages[`node_modules/${PINYIN_PRO.name}`];
  if (!locked) throw new Error(`package-lock.json has no ${PINYIN_PRO.name}`);
  for (const [what, version] of [
    ["node_modules", manifest.version],
    ["package-lock.json", locked.version],
  ]) {
    if (version !== PINYIN_PRO.version) {
      throw new Error(`${what}: ${PINYIN_PRO.name} ${version}, pinned ${PINYIN_PRO.version}`);
    }
  }
  return { ...PINYIN_PRO, license: manifest.license, integrity: locked.integrity };
}

const pkg = installedPinyinPro();
const corpus = readFileSync(join(DATA_DIR, TANG_FILE));
const characters = [...new Set(corpusLines(corpus.toString("utf8")).join(""))]
  .filter((ch) => ch !== "，" && ch !== "。")
  .sort();

const finals = new Map<string, string[]>(); // final → characters
const otherFinals: Record<string, string> = {};
const withoutGroup: string[] = [];
let acrossGroups = 0;
for (const ch of characters) {
  const kept = finalOfSyllable(pinyin(ch, { toneType: "none" }));
  const readings = pinyin(ch, { toneType: "none", multiple: true, type: "array" });
  const all = [kept, ...readings.map(finalOfSyllable).filter((f) => f !== kept)];
  const distinct = all.filter((f, i) => all.indexOf(f) === i);
  if (!finals.has(kept)) finals.set(kept, []);
  finals.get(kept)!.push(ch);
  if (distinct.length > 1) {
    otherFinals[ch] = distinct.join(" ");
    const groups = new Set(distinct.map(rhymeGroupOfFinal).filter((g) => g !== null));
    if (groups.size > 1) acrossGroups++;
  }
  if (rhymeGroupOfFinal(kept) === null) withoutGroup.push(ch);
}

// Finals in the order of the 中华新韵 groups, then any outside them; characters by code point.
const order = ZHONGHUA_XINYUN.flatMap((group) => group.finals);
const sortedFinals = [...finals.keys()].sort((a, b) => {
  const [i, j] = [order.indexOf(a), order.indexOf(b)];
  return (i < 0 ? order.length : i) - (j < 0 ? order.length : j) || (a < b ? -1 : 1);
});
const perGroup: Record<string, number> = {};
for (const group of ZHONGHUA_XINYUN) {
  perGroup[group.name] = group.finals.reduce((n, f) => n + (finals.get(f)?.length ?? 0), 0);
}

const file = {
  about:
    "Written by `npx tsx scripts/data/rhyme-table.ts`: do not edit by hand. For every hanzi of tang-poems.txt, the pinyin final (no tone) of its reading; src/core/charlm/rhyme.ts groups the finals into the 14 rhyme groups of 中华新韵 (中华诗词学会, 2005).",
  corpus: { file: TANG_FILE, sha256: sha256(corpus), characters: characters.length },
  source: {
    package: pkg.name,
    version: pkg.version,
    license: pkg.license,
    integrity: pkg.integrity,
    integrityFrom: "package-lock.json (pinyin-pro is a devDependency: nothing is downloaded)",
    calls:
      'pinyin(ch, { toneType: "none" }) for the kept reading; pinyin(ch, { toneType: "none", multiple: true, type: "array" }) for all readings',
  },
  readings:
    "Heteronyms: the kept final is that of the reading pinyin-pro gives for the character alone, its dictionary's first and most common reading (行 xing, 看 kan, 思 si, 了 liao); the poem's context is not read, so a character read otherwise in a line (行 hang in 雁行) gets the kept final. otherFinals lists, for each character whose readings have more than one final, all of them, the kept one first.",
  finalsNote:
    "Finals as Hanyu Pinyin writes them after an initial, derived from the toneless syllable by the rules of the 汉语拼音方案 (src/core/charlm/rhyme.ts, finalOfSyllable): y and w are spellings (ye → ie, yu → ü, wei → ui, wen → un), u after j q x is ü (xue → üe), i after zh ch sh r z c s is the apical vowel, written -i (shi, si). pinyin-pro's own pattern: 'final' treats y and w as initials (也 → e, 雨 → u), hence the derivation.",
  approximation:
    "Modern Mandarin finals only approximate Tang rhymes. Tang poets rhymed by Middle Chinese rhyme groups (those that the 平水韵 lists); sounds have changed since. So the measure can call a couplet that rhymed in the Tang non-rhyming (斜 xie and 家 jia were both in 麻; 门 men and 言 yan both in 元; entering-tone characters such as 月 雪 白 国 lost their final -t or -k and now end in open finals of other groups) and a couplet that did not rhyme rhyming (东 and 冬 were two groups, as were 庚, 青 and 蒸, and 支, 微 and 齐, whose characters all end in modern i, 中华新韵's 齐). It also ignores tone, where regulated verse rhymes on level-tone characters only. Read its share as how often the even lines end in one modern rhyme group, an estimate, not a verdict on Tang prosody.",
  stats: {
    characters: characters.length,
    finals: finals.size,
    heteronymsWithSeveralFinals: Object.keys(otherFinals).length,
    heteronymsAcrossRhymeGroups: acrossGroups,
    charactersPerGroup: perGroup,
    withoutGroup: withoutGroup.join(""),
  },
  finals: Object.fromEntries(sortedFinals.map((f) => [f, finals.get(f)!.join("")])),
  otherFinals,
};
const text = `${JSON.stringify(file, null, 2)}\n`;
writeFileSync(join(DATA_DIR, RHYME_FILE), text);
console.log(`${DATA_DIR}/${RHYME_FILE}: ${Buffer.byteLength(text)} bytes, sha256 ${sha256(text)}`);
console.log(`  from ${pkg.name}@${pkg.version} (${pkg.license}), ${pkg.integrity}`);
console.log(`  ${JSON.stringify(file.stats)}`);

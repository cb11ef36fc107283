/**
 * Chapter 06's poems judged as poems, on fixtures whose answers are known by construction:
 * memorisation (a training poem is "in train" with a copied span at least its length, a made-up
 * line is "new", the longest copied span equals a brute-force search), form (五言 or 七言
 * throughout) and rhyme (the even lines end in one group of 中华新韵, from the committed
 * assets/data/rhyme-finals.json), and the numbers of the validation text and of the corpus.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { sha256 } from "../scripts/data/format.js";
import { CORPORA, splitCorpus } from "../src/core/charlm/corpus.js";
import {
  longestCopiedSpan,
  memorisation,
  memorisationIndex,
} from "../src/core/charlm/memorisation.js";
import { formOfPoem, judgePoems, poemRhymes } from "../src/core/charlm/poem-judge.js";
import {
  finalOfSyllable,
  rhymeGroupOf,
  rhymeGroupOfFinal,
  rhymeGroupsOf,
  rhymeTable,
  ZHONGHUA_XINYUN,
} from "../src/core/charlm/rhyme.js";
import { projectRoot } from "../src/node/project-root.js";

const root = projectRoot();
const read = (...path: string[]) => readFileSync(join(root, ...path), "utf8");
const rhymeFile = JSON.parse(read("assets", "data", "rhyme-finals.json"));
const table = rhymeTable(rhymeFile);
const corpus = read("assets", "data", "tang-poems.txt");
const tang = splitCorpus(corpus, CORPORA.tang);

/** 静夜思: 光 (1st line), 霜 and 乡 (the even lines) were all in 平水韵's 阳 group, as now in 唐. */
const QUIET_NIGHT = "床前明月光，疑是地上霜。举头望明月，低头思故乡。";
/** Made up: even lines end in 花 hua, 家 jia, 霞 xia (中华新韵 麻; 平水韵 麻 too). */
const FLOWERS = "春风入小院，一树满庭花。夜雨归何处，孤灯照我家。明朝山上望，天外有晴霞。";
/** Made up: even lines end in 花 hua (麻), 月 yue (皆), 人 ren (文). */
const NO_RHYME = "春风入小院，一树满庭花。夜雨归何处，孤灯照明月。明朝山上望，天外有行人。";
/** Five characters a line, then seven. */
const MIXED = "床前明月光，疑是地上霜。两岸猿声啼不住，轻舟已过万重山。";

describe("rhyme table", () => {
  test("finals by the spelling rules of Hanyu Pinyin: y and w spell, ü after j q x, -i", () => {
    const cases: [string, string][] = [
      ["guang", "uang"],
      ["shuang", "uang"],
      ["xiang", "iang"],
      ["ye", "ie"],
      ["yu", "ü"],
      ["yue", "üe"],
      ["xue", "üe"],
      ["ju", "ü"],
      ["lü", "ü"],
      ["nv", "ü"],
      ["lu", "u"],
      ["shi", "-i"],
      ["si", "-i"],
      ["ri", "-i"],
      ["li", "i"],
      ["er", "er"],
      ["you", "iu"],
      ["liu", "iu"],
      ["wei", "ui"],
      ["wen", "un"],
      ["weng", "ueng"],
      ["yan", "ian"],
      ["ng", "ng"],
    ];
    for (const [syllable, final] of cases) assert.equal(finalOfSyllable(syllable), final, syllable);
    assert.throws(() => finalOfSyllable("guāng"), /toneless pinyin syllable, got "guāng"/);
    assert.throws(() => finalOfSyllable("yx"), /not a pinyin syllable/);
  });

  test("中华新韵: 14 groups, each final in exactly one", () => {
    assert.equal(ZHONGHUA_XINYUN.length, 14);
    assert.equal(ZHONGHUA_XINYUN.map((g) => g.name).join(""), "麻波皆开微豪尤寒文唐庚齐支姑");
    const finals = ZHONGHUA_XINYUN.flatMap((g) => g.finals);
    assert.equal(new Set(finals).size, finals.length);
    assert.equal(rhymeGroupOfFinal("ng"), null);
  });

  test("rhyme-finals.json: every hanzi of the corpus it was made from, each final in a group", () => {
    assert.equal(
      rhymeFile.corpus.sha256,
      sha256(corpus),
      "run npx tsx scripts/data/rhyme-table.ts",
    );
    const hanzi = new Set(corpus.replace(/[，。\n]/gu, ""));
    assert.equal(table.finalOf.size, hanzi.size);
    for (const ch of hanzi) assert.ok(table.finalOf.has(ch), ch);
    for (const final of Object.keys(rhymeFile.finals)) {
      assert.notEqual(rhymeGroupOfFinal(final), null, final);
    }
  });

  test("rhyme-finals.json names pinyin-pro as package-lock.json pins it", () => {
    const lock = JSON.parse(read("package-lock.json"));
    const locked = lock.packages["node_modules/pinyin-pro"];
    const { source } = rhymeFile;
    assert.deepEqual(
      [source.package, source.version, source.license, source.integrity],
      ["pinyin-pro", locked.version, "MIT", locked.integrity],
    );
  });

  test("groups of single characters; heteronyms keep their most common reading first", () => {
    const groups = Array.from("光霜乡花家霞月人诗子衣雨书", (ch) => rhymeGroupOf(ch, table));
    assert.deepEqual(groups, [
      "唐",
      "唐",
      "唐",
      "麻",
      "麻",
      "麻",
      "皆",
      "文",
      "支",
      "支",
      "齐",
      "齐",
      "姑",
    ]);
    assert.equal(rhymeGroupOf("□", table), null);
    assert.equal(table.finalOf.get("行"), "ing");
    assert.deepEqual(rhymeGroupsOf("行", table), ["庚", "唐"]);
  });

  test("a table that is not rhyme-finals.json is refused", () => {
    assert.throws(() => rhymeTable({}), /expected the parsed rhyme-finals.json/);
    assert.throws(
      () => rhymeTable({ finals: { a: "花", ia: "花" }, otherFinals: {} }),
      /花 is listed under two finals/,
    );
  });
});

describe("form and rhyme of a poem", () => {
  test("静夜思 keeps five characters a line; its even lines 霜 and 乡 rhyme in 唐", () => {
    const form = formOfPoem(QUIET_NIGHT);
    assert.deepEqual(form.lengths, [5, 5, 5, 5]);
    assert.equal(form.lineLength, 5);
    assert.ok(form.consistent && form.regular);
    assert.deepEqual(poemRhymes(QUIET_NIGHT, table), {
      rhymeCharacters: ["霜", "乡"],
      groups: ["唐", "唐"],
      judged: true,
      rhymes: true,
      group: "唐",
    });
  });

  test("a poem mixing five and seven characters a line is not consistent", () => {
    const form = formOfPoem(MIXED);
    assert.deepEqual(form.lengths, [5, 5, 7, 7]);
    assert.equal(form.lineLength, null);
    assert.equal(form.consistent, false);
    assert.equal(formOfPoem("床前明月，疑是地上。").consistent, false);
    assert.equal(formOfPoem("床前明月光").consistent, false);
  });

  test("花/家/霞 rhyme (麻); 花/月/人 do not", () => {
    const yes = poemRhymes(FLOWERS, table);
    assert.deepEqual([yes.rhymeCharacters.join(""), yes.rhymes, yes.group], ["花家霞", true, "麻"]);
    const no = poemRhymes(NO_RHYME, table);
    assert.deepEqual(no.groups, ["麻", "皆", "文"]);
    assert.deepEqual([no.rhymes, no.group], [false, null]);
  });

  test("one couplet is not judged for rhyme; a heteronym may rhyme by any reading when asked", () => {
    const couplet = poemRhymes("床前明月光，疑是地上霜。", table);
    assert.deepEqual([couplet.judged, couplet.rhymes], [false, false]);
    // 行 is xing (庚) by its kept reading, hang (唐) by another.
    const poem = "明月照高楼，清光满四方。归来看雁字，一一入成行。";
    assert.equal(poemRhymes(poem, table).rhymes, false);
    assert.equal(poemRhymes(poem, table, { readings: "any" }).group, "唐");
    assert.throws(
      () => poemRhymes(poem, table, { readings: "all" as "any" }),
      /readings: expected "common" or "any", got "all"/,
    );
  });

  test("judgePoems counts per poem; a sample's first and last line are skipped", () => {
    const text = `疑是地上霜。\n${QUIET_NIGHT}\n${MIXED}\n${FLOWERS}\n${NO_RHYME}\n举头`;
    const judged = judgePoems(text, table);
    assert.equal(judged.poems.length, 4);
    assert.equal(judged.consistent, 3);
    assert.equal(judged.consistentShare, 3 / 4);
    assert.equal(judged.judgedForRhyme, 4);
    // 静夜思 and 花/家/霞 rhyme; MIXED ends in 霜 and 山 (唐, 寒); 花/月/人 does not.
    assert.equal(judged.rhyming, 2);
    assert.equal(judged.rhymingShareOfConsistent, 2 / 3);
    assert.equal(judgePoems(text, table, { wholeLines: true }).poems.length, 6);
  });

  test("the validation text: every poem consistent, 250 of 323 rhyme; the corpus 5232 of 7111", () => {
    const validation = judgePoems(tang.validation, table, { wholeLines: true });
    assert.equal(validation.poems.length, 323);
    assert.equal(validation.consistentShare, 1);
    assert.equal(validation.judgedForRhyme, 323);
    assert.equal(validation.rhyming, 250);
    const all = judgePoems(corpus, table, { wholeLines: true });
    assert.deepEqual([all.consistentShare, all.judgedForRhyme, all.rhyming], [1, 7111, 5232]);
    const any = judgePoems(corpus, table, { wholeLines: true, readings: "any" });
    assert.ok(any.rhyming > all.rhyming, `${any.rhyming}`);
  });
});

describe("memorisation", () => {
  const index = memorisationIndex(tang.train);
  const trainPoems = tang.train.split("\n");

  test("a poem copied from the training text is in train, with a copied span at least as long", () => {
    const poem = trainPoems[100];
    const sample = `低头\n${poem}\n举头`;
    const m = memorisation(index, sample);
    const inner = m.clauses.filter((c) => c.complete);
    assert.equal(inner.length, Array.from(poem.matchAll(/[，。]/gu)).length);
    assert.ok(inner.every((c) => c.inTrain));
    assert.equal(m.clauseShare, 1);
    assert.equal(m.couplets.filter((c) => c.complete && c.inTrain).length, inner.length / 2);
    assert.deepEqual([m.completePoems, m.poemsInTrain], [1, 1]);
    assert.ok(m.longest.length >= Array.from(poem).length, `${m.longest.length}`);
    assert.ok(m.longest.text.includes(poem));
    assert.equal(m.longest.trainLineText, poem);
    assert.equal(m.longest.trainLine, 100);
  });

  test("made-up lines are new; the longest span is found where it stands", () => {
    const madeUp = "电光照铁马，网络绕高楼。";
    assert.ok(!tang.train.includes("电光照铁马") && !tang.train.includes("网络绕高楼"));
    const m = memorisation(index, `\n${madeUp}\n`);
    assert.deepEqual(
      m.clauses.map((c) => [c.text, c.complete, c.inTrain]),
      [
        ["电光照铁马", true, false],
        ["网络绕高楼", true, false],
      ],
    );
    assert.deepEqual([m.clauseShare, m.poemsInTrain], [0, 0]);
    const span = m.longest;
    assert.equal(
      Array.from(`\n${madeUp}\n`)
        .slice(span.generatedAt, span.generatedAt + span.length)
        .join(""),
      span.text,
    );
    assert.equal(
      Array.from(tang.train)
        .slice(span.trainAt, span.trainAt + span.length)
        .join(""),
      span.text,
    );
    assert.ok(span.length < 5, span.text);
  });

  test("the longest copied span equals a brute-force search, on Chinese and English", () => {
    const brute = (train: string, generated: string) => {
      const g = Array.from(generated);
      let best = 0;
      for (let i = 0; i < g.length; i++) {
        for (let j = i + best + 1; j <= g.length && train.includes(g.slice(i, j).join("")); j++) {
          best = j - i;
        }
      }
      return best;
    };
    const poems = tang.validation.split("\n").slice(0, 6).join("\n");
    const mixed = `${trainPoems[7].slice(3, 17)}${poems.slice(0, 60)}${trainPoems[9].slice(0, 9)}`;
    for (const generated of [poems, mixed, "□□□", ""]) {
      assert.equal(longestCopiedSpan(index, generated).length, brute(tang.train, generated));
    }
    const english = "Call me Bob. Some years ago, the whale said: zzyzx qwerty.";
    const small = memorisationIndex("Call me Ishmael.\nSome years ago--never mind how long.\n");
    const span = longestCopiedSpan(small, english);
    assert.deepEqual([span.length, span.text], [brute(small.text, english), "Some years ago"]);
    assert.deepEqual(
      [span.trainLine, span.trainLineText],
      [1, "Some years ago--never mind how long."],
    );
    const lines = memorisation(small, "x\nCall me Ishmael.\nCall me Bob.\ny").clauses;
    assert.deepEqual(
      lines.map((l) => [l.text, l.inTrain]),
      [
        ["x", false],
        ["Call me Ishmael.", true],
        ["Call me Bob.", false],
        ["y", false],
      ],
    );
  });

  test("the validation text shares few lines with the training text", () => {
    const m = memorisation(index, tang.validation, { wholeText: true });
    assert.equal(m.completeClauses, 2074);
    assert.equal(m.clausesInTrain, 14);
    assert.equal(m.poemsInTrain, 0);
    // One validation poem is another edition of a training poem (相催迁 / 相推迁, then the same 59 characters).
    assert.equal(m.longest.length, 59);
  });
});

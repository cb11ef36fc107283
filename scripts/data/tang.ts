/**
 * tang-poems.txt from chinese-poetry's data (traditional script) converted to simplified script
 * with OpenCC: one regular five- or seven-character poem per line, 唐诗三百首 first, then 全唐诗
 * in a seeded shuffle, until the file would pass TARGET_BYTES.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TARGET_BYTES, tangClauseLength, tangLineProblem } from "./format.js";

export const TANG_SEED = 300;
/** OpenCC's locales: from "hk" (Hong Kong traditional) to "cn" (mainland simplified). */
export const OPENCC_FROM = "hk";
export const OPENCC_TO = "cn";
export const TSSBS_PATH = "dist/mengxue/tangshisanbaishou.json";
export const QTS_DIR = "dist/quantangshi";
const QTS_FILE = /^poet\.tang\.(\d+)\.json$/;

export type Convert = (text: string) => string;

interface RawPoem {
  paragraphs: string[];
  title?: string;
  chapter?: string;
}

/** A 32-bit seeded generator (mulberry32): the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The poem's text in simplified script: its couplets (paragraphs) joined, whitespace removed.
 * A couplet that ends in "，" is closed with "。" (唐诗三百首's 静夜思 has "疑是地上霜，").
 */
export function poemText(raw: RawPoem, convert: Convert): string {
  const couplets = raw.paragraphs.map((p) => {
    const c = p.replace(/\s+/gu, "");
    return /^[^，。]+，[^，。]+，$/u.test(c) ? `${c.slice(0, -1)}。` : c;
  });
  return convert(couplets.join(""));
}

export interface SourceCount {
  file: string;
  poems: number;
  regular: number;
}

export interface TangResult {
  text: string;
  lines: string[];
  sources: SourceCount[];
  selection: Record<string, number | boolean>;
  stats: Record<string, unknown>;
}

function coverage(sortedCounts: number[], total: number, k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, sortedCounts.length); i++) sum += sortedCounts[i];
  return Number((sum / total).toFixed(6));
}

function charactersFor(sortedCounts: number[], total: number, share: number): number {
  let sum = 0;
  for (let i = 0; i < sortedCounts.length; i++) {
    sum += sortedCounts[i];
    if (sum / total >= share) return i + 1;
  }
  return sortedCounts.length;
}

export function tangStats(lines: string[]): Record<string, unknown> {
  const counts = new Map<string, number>();
  let hanzi = 0;
  let characters = 0;
  const byClauses: Record<string, number> = {};
  let five = 0;
  let seven = 0;
  for (const line of lines) {
    characters += [...line].length;
    if (tangClauseLength(line) === 5) five++;
    else seven++;
    const clauses = String(line.split(/[，。]/u).length - 1);
    byClauses[clauses] = (byClauses[clauses] ?? 0) + 1;
    for (const ch of line) {
      if (ch === "，" || ch === "。") continue;
      hanzi++;
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const sorted = ranked.map(([, n]) => n);
  const sortedClauses = Object.fromEntries(
    Object.entries(byClauses).sort((a, b) => Number(a[0]) - Number(b[0])),
  );
  return {
    poems: lines.length,
    characters,
    charactersNote: "code points without the newlines: hanzi plus ，and 。",
    hanzi,
    distinctHanzi: counts.size,
    distinctCharacters: counts.size + 2,
    fiveCharacterPoems: five,
    sevenCharacterPoems: seven,
    fiveCharacterShare: Number((five / lines.length).toFixed(4)),
    sevenCharacterShare: Number((seven / lines.length).toFixed(4)),
    poemsByClauseCount: sortedClauses,
    coverageNote:
      "share of all hanzi in the file (，。 not counted) written with the N most frequent hanzi",
    coverageTop1500: coverage(sorted, hanzi, 1500),
    coverageTop2000: coverage(sorted, hanzi, 2000),
    coverageTop3000: coverage(sorted, hanzi, 3000),
    hanziFor99Percent: charactersFor(sorted, hanzi, 0.99),
    hanziFor99_9Percent: charactersFor(sorted, hanzi, 0.999),
    hanziSeenOnce: sorted.filter((n) => n === 1).length,
    mostFrequent50: ranked
      .slice(0, 50)
      .map(([ch]) => ch)
      .join(""),
  };
}

export function buildTang(root: string, convert: Convert): TangResult {
  const sources: SourceCount[] = [];
  const selection: Record<string, number | boolean> = {};
  const seen = new Set<string>();
  const openings = new Set<string>();
  const lines: string[] = [];
  let bytes = 0;
  let full = false;

  // 唐诗三百首: { title, content: [{ type: "五言絕句", content: [{ chapter, author, paragraphs }] }] }
  const tssbs = JSON.parse(readFileSync(join(root, TSSBS_PATH), "utf8")) as {
    content: { type: string; content: RawPoem[] }[];
  };
  const first = tssbs.content.flatMap((group) => group.content);
  // 全唐诗: poet.tang.0.json, poet.tang.1000.json, … each an array of { author, title, paragraphs }
  const qtsFiles = readdirSync(join(root, QTS_DIR))
    .filter((f) => QTS_FILE.test(f))
    .sort((a, b) => Number(QTS_FILE.exec(a)![1]) - Number(QTS_FILE.exec(b)![1]));
  if (qtsFiles.length === 0) throw new Error(`no ${QTS_DIR}/poet.tang.*.json in ${root}`);

  const regular = (raws: RawPoem[]) =>
    raws.map((raw) => poemText(raw, convert)).filter((t) => tangLineProblem(t) === null);

  const firstRegular = regular(first);
  sources.push({ file: TSSBS_PATH, poems: first.length, regular: firstRegular.length });

  let qtsPoems = 0;
  const qtsRegular: string[] = [];
  for (const f of qtsFiles) {
    const raws = JSON.parse(readFileSync(join(root, QTS_DIR, f), "utf8")) as RawPoem[];
    qtsPoems += raws.length;
    qtsRegular.push(...regular(raws));
  }
  sources.push({
    file: `${QTS_DIR}/poet.tang.*.json (${qtsFiles.length} files)`,
    poems: qtsPoems,
    regular: qtsRegular.length,
  });

  const add = (poems: string[], key: string) => {
    let added = 0;
    let duplicate = 0;
    let sameOpening = 0;
    for (const poem of poems) {
      if (full) break;
      const opening = poem.slice(0, tangClauseLength(poem));
      if (seen.has(poem)) {
        duplicate++;
        continue;
      }
      if (openings.has(opening)) {
        sameOpening++;
        continue;
      }
      const size = Buffer.byteLength(poem) + 1;
      if (bytes + size > TARGET_BYTES) {
        full = true;
        break;
      }
      seen.add(poem);
      openings.add(opening);
      lines.push(poem);
      bytes += size;
      added++;
    }
    selection[`${key}Added`] = added;
    selection[`${key}Duplicates`] = duplicate;
    selection[`${key}SameFirstClause`] = sameOpening;
  };
  add(firstRegular, "tangshisanbaishou");
  add(shuffle(qtsRegular, TANG_SEED), "quantangshi");
  selection.stoppedAtTargetBytes = full;

  return {
    text: lines.map((l) => `${l}\n`).join(""),
    lines,
    sources,
    selection,
    stats: tangStats(lines),
  };
}

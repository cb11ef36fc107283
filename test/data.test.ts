/** The committed corpora (assets/data/): sha256, size and format. Downloads nothing. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  corpusLines,
  ENGLISH_FILE,
  ENGLISH_MAX_LINE,
  englishLineProblem,
  MAX_FILE_BYTES,
  SOURCES_FILE,
  sha256,
  TANG_FILE,
  tangLineProblem,
} from "../scripts/data/format.js";

const dataDir = new URL("../assets/data/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dataDir));

interface FileEntry {
  bytes: number;
  sha256: string;
  lines: number;
  source: { package: string; version: string; license: string };
}
const sources = JSON.parse(read(SOURCES_FILE).toString("utf8")) as {
  files: Record<string, FileEntry>;
};

/** The first few problems, as "line N: why: text", so a failure shows what to look at. */
function problems(lines: string[], check: (line: string) => string | null): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const why = check(line);
    if (why && out.length < 5) out.push(`line ${i + 1}: ${why}: ${line.slice(0, 80)}`);
  });
  return out;
}

describe("assets/data", () => {
  test("SOURCES.json describes exactly the two corpora", () => {
    assert.deepEqual(Object.keys(sources.files).sort(), [ENGLISH_FILE, TANG_FILE].sort());
  });

  for (const name of [TANG_FILE, ENGLISH_FILE]) {
    test(`${name}: SOURCES.json names the source package, its exact version and licence`, () => {
      const { source } = sources.files[name];
      assert.match(source.package, /^(@[a-z0-9-]+\/)?[a-z0-9.-]+$/);
      assert.match(source.version, /^\d+\.\d+\.\d+$/, "an exact version");
      assert.ok(source.license.length > 0, "a licence");
    });

    test(`${name}: size and sha256 equal SOURCES.json's, at most ${MAX_FILE_BYTES} bytes`, () => {
      const bytes = read(name);
      const entry = sources.files[name];
      assert.ok(bytes.length <= MAX_FILE_BYTES, `${bytes.length} bytes`);
      assert.equal(bytes.length, entry.bytes);
      assert.equal(sha256(bytes), entry.sha256, "run npm run data, or restore the file");
      assert.equal(corpusLines(bytes.toString("utf8")).length, entry.lines);
    });

    test(`${name}: README.md lists its sha256`, () => {
      assert.ok(read("README.md").toString("utf8").includes(sources.files[name].sha256));
    });
  }

  test(`${TANG_FILE}: UTF-8, one regular five- or seven-character poem per line, no duplicates`, () => {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(read(TANG_FILE));
    const lines = corpusLines(text); // ends with "\n", no BOM, no "\r"
    assert.deepEqual(problems(lines, tangLineProblem), []);
    assert.equal(new Set(lines).size, lines.length, "duplicate poems");
    const clauseLengths = new Set(lines.map((l) => l.indexOf("，")));
    assert.deepEqual(
      [...clauseLengths].sort((a, b) => a - b),
      [5, 7],
    );
  });

  test(`${TANG_FILE}: the well-known poems are there, in simplified script`, () => {
    const lines = new Set(corpusLines(read(TANG_FILE).toString("utf8")));
    for (const poem of [
      "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
      "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。",
    ]) {
      assert.ok(lines.has(poem), poem);
    }
  });

  test(`${ENGLISH_FILE}: ASCII, non-empty lines of at most ${ENGLISH_MAX_LINE} allowed characters`, () => {
    const text = read(ENGLISH_FILE).toString("latin1");
    const lines = corpusLines(text);
    assert.deepEqual(problems(lines, englishLineProblem), []);
    assert.equal(lines[0], "Call me Ishmael.");
  });
});

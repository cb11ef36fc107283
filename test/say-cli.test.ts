// `npm run say`: chapter 07's committed number reader from the command line. The plain output
// ends with a line holding just the reading; --json gives every field; a number that is not a
// whole number from 0 to 99,999,999, an unknown --lang or a bad --beam exits 2 naming what was
// expected and what came. Each run has a timeout, so a hang fails the test.
import assert from "node:assert/strict";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { readingTokens, sayNumber } from "../src/core/seq2seq/number-words.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const TIMEOUT_MS = 120_000;
const USAGE = /^usage: npm run say -- NUMBER/m;

/** scripts/cli/say.ts in ONE process (no npx/tsx wrapper left running when the timeout kills it). */
function run(...args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli/say.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  assert.equal(
    result.signal,
    null,
    `say ${args.join(" ")}: killed after ${TIMEOUT_MS} ms (hung?)\n${result.stderr}`,
  );
  return result;
}

function refused(args: string[], message: RegExp): void {
  const result = run(...args);
  assert.equal(result.status, 2, `${args.join(" ")}: status ${result.status}\n${result.stderr}`);
  assert.match(result.stderr, message, args.join(" "));
  assert.match(result.stderr, USAGE);
  assert.equal(result.stdout, "", `${args.join(" ")}: nothing on stdout`);
}

function lastLine(text: string): string {
  const lines = text.trimEnd().split("\n");
  return lines[lines.length - 1];
}

describe("npm run say", { timeout: 10 * TIMEOUT_MS }, () => {
  test("30050 --lang zh: the last line is just the reading, 三万零五十", () => {
    const result = run("30050", "--lang", "zh");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(lastLine(result.stdout), "三万零五十");
    assert.match(result.stdout, /log-probability: -?\d/);
  });

  test("--lang en --beam 4: the English reading, by beam search", () => {
    const result = run("30050", "--lang", "en", "--beam", "4");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(lastLine(result.stdout), "thirty thousand fifty");
    assert.match(result.stdout, /beam search, width 4/);
  });

  test("--json: number, lang, reading, beam, logProbability, attention, correct, matches", () => {
    for (const beam of ["1", "4"]) {
      const result = run("1234567", "--lang", "en", "--beam", beam, "--json");
      assert.equal(result.status, 0, result.stderr);
      const out = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(out).sort(), [
        "attention",
        "beam",
        "correct",
        "lang",
        "logProbability",
        "matches",
        "number",
        "reading",
      ]);
      assert.equal(out.number, 1234567);
      assert.equal(out.lang, "en");
      assert.equal(out.beam, Number(beam));
      assert.equal(out.correct, sayNumber(1234567, "en"));
      assert.equal(out.matches, out.reading === out.correct);
      assert.ok(out.logProbability <= 0 && Number.isFinite(out.logProbability));
      // one attention row per output symbol and <end>, over the source: <en> and 7 digits
      assert.equal(out.attention.length, readingTokens(out.reading, "en").length + 1);
      for (const row of out.attention) {
        assert.equal(row.length, 8);
        assert.ok(Math.abs(row.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-9);
      }
    }
  });

  test("a number that is not a whole number from 0 to 99,999,999: exit 2, naming what came", () => {
    for (const value of ["-1", "1.5", "1e9", "abc"]) {
      refused(
        [value, "--lang", "zh"],
        new RegExp(
          `NUMBER: expected a whole number from 0 to 99,999,999 written in digits \\(e\\.g\\. 30050\\), got ${JSON.stringify(value).replace(".", "\\.")}`,
        ),
      );
    }
    refused(["100000000"], /NUMBER: expected a whole number from 0 to 99,999,999, got 100000000/);
    refused(["--lang", "zh"], /NUMBER: expected a whole number from 0 to 99,999,999, got nothing/);
  });

  test("an unknown --lang, a bad --beam, an unknown option: exit 2", () => {
    refused(["5", "--lang", "fr"], /--lang: expected zh or en, got "fr"/);
    refused(["5", "--lang"], /--lang: expected zh or en, got nothing/);
    for (const value of ["0", "17", "2.5", "x"]) {
      refused(
        ["5", "--beam", value],
        new RegExp(
          `--beam: expected a whole number from 1 to 16 \\(1: greedy\\), got "${value.replace(".", "\\.")}"`,
        ),
      );
    }
    refused(
      ["5", "--beam"],
      /--beam: expected a whole number from 1 to 16 \(1: greedy\), got nothing/,
    );
    refused(["5", "--voice"], /unknown option --voice/);
    refused(["5", "6"], /one number at a time: got "5" and "6"/);
  });
});

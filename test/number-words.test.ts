// Chapter 07's ground truth, how a number is said, against independent implementations from the
// npm registry: `nzh` (Chinese numerals) and `number-to-words` (English), on 10,000 seeded random
// numbers of every length and on the edge cases of each rule.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { seededRandom } from "../src/core/random.js";
import {
  chineseReading,
  englishReading,
  joinReadingTokens,
  MAX_NUMBER,
  parseNumberInput,
  readingTokens,
  sayNumber,
} from "../src/core/seq2seq/number-words.js";

const require = createRequire(import.meta.url);
const nzh = require("nzh") as { cn: { encodeS(n: number): string } };
const numberToWords = require("number-to-words") as { toWords(n: number): string };

/** number-to-words writes commas between the groups ("thirty thousand, fifty"); we do not. */
const englishOracle = (n: number) => numberToWords.toWords(n).replaceAll(",", "");

/** Numbers of every length, 1 to 8 digits, equally often: uniform within a random length. */
function randomNumbers(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const digits = 1 + Math.floor(random() * 8);
    const low = digits === 1 ? 0 : 10 ** (digits - 1);
    return low + Math.floor(random() * (10 ** digits - low));
  });
}

/** Every zero rule: zeros inside a group, at its end, a low group under 1000, round numbers. */
const EDGE_CASES = [
  0, 1, 9, 10, 11, 12, 19, 20, 21, 99, 100, 101, 110, 111, 112, 119, 120, 999, 1000, 1001, 1005,
  1010, 1050, 1100, 1500, 9999, 10000, 10001, 10010, 10100, 11000, 30050, 100000, 100001, 100010,
  110000, 100500, 1000000, 1001000, 1010000, 10000000, 10000100, 10001000, 20000000, 90909090,
  99999999, 10101010, 12345678, 80000008,
];

describe("how a number is said", () => {
  test("Chinese equals nzh and English equals number-to-words on 10,000 random numbers", () => {
    const numbers = randomNumbers(10_000, 2026);
    assert.equal(new Set(numbers.map((n) => String(n).length)).size, 8, "every length occurs");
    for (const n of [...EDGE_CASES, ...numbers]) {
      assert.equal(chineseReading(n), nzh.cn.encodeS(n), `zh ${n}`);
      assert.equal(englishReading(n), englishOracle(n), `en ${n}`);
    }
  });

  test("the examples of the chapter", () => {
    assert.equal(sayNumber(30050, "zh"), "三万零五十");
    assert.equal(sayNumber(10001, "zh"), "一万零一");
    assert.equal(sayNumber(12, "zh"), "十二");
    assert.equal(sayNumber(112, "zh"), "一百一十二");
    assert.equal(sayNumber(100010, "zh"), "十万零一十");
    assert.equal(sayNumber(30050, "en"), "thirty thousand fifty");
    assert.equal(
      sayNumber(MAX_NUMBER, "en"),
      "ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine",
    );
  });

  test("readings as output symbols, and back", () => {
    assert.deepEqual(readingTokens("三万零五十", "zh"), ["三", "万", "零", "五", "十"]);
    assert.deepEqual(readingTokens("twenty-one thousand", "en"), [
      "twenty",
      "-",
      "one",
      "thousand",
    ]);
    for (const n of randomNumbers(500, 7)) {
      for (const language of ["zh", "en"] as const) {
        const reading = sayNumber(n, language);
        assert.equal(joinReadingTokens(readingTokens(reading, language), language), reading);
      }
    }
  });

  test("bad input gets a clear error naming what was expected and what came", () => {
    for (const bad of [-1, 1.5, MAX_NUMBER + 1, Number.NaN]) {
      assert.throws(
        () => sayNumber(bad, "zh"),
        /expected a whole number from 0 to 99,999,999, got/,
      );
    }
    assert.throws(() => sayNumber(5, "fr" as "zh"), /expected the language "zh" or "en", got "fr"/);
    assert.equal(parseNumberInput(" 30050 "), 30050);
    assert.equal(parseNumberInput("30,050"), 30050);
    for (const bad of ["", "abc", "3e4", "-5", "1.5", "30,05", "０"]) {
      assert.throws(() => parseNumberInput(bad), /expected a whole number .* written in digits/);
    }
    assert.throws(() => parseNumberInput("007"), /without leading zeros, got "007"/);
    assert.throws(() => parseNumberInput("100000000"), /got 100000000/);
  });
});

/**
 * Chapter 07's data: the vocabularies hold every symbol of every reading; examples, batches
 * (padding, masks); the split — held-out numbers never trained on (in either language), every
 * trained length drawn about equally often, the longer set longer than any training number,
 * all seeded.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seededRandom } from "../src/core/random.js";
import {
  END_ID,
  examplesInBothLanguages,
  MAX_DIGITS,
  makeBatch,
  makeExample,
  numbersOfLength,
  PAD_ID,
  SOURCE_SYMBOLS,
  START_ID,
  splitNumbers,
  TARGET_SYMBOLS,
  targetIdsToSymbols,
  trainingSampler,
} from "../src/core/seq2seq/number-data.js";
import { readingTokens, sayNumber } from "../src/core/seq2seq/number-words.js";

describe("vocabularies", () => {
  test("<pad> is 0 in both; no symbol twice", () => {
    assert.equal(SOURCE_SYMBOLS[PAD_ID], "<pad>");
    assert.equal(TARGET_SYMBOLS[PAD_ID], "<pad>");
    assert.equal(new Set(SOURCE_SYMBOLS).size, SOURCE_SYMBOLS.length);
    assert.equal(new Set(TARGET_SYMBOLS).size, TARGET_SYMBOLS.length);
    assert.equal(SOURCE_SYMBOLS.length, 13);
    assert.equal(TARGET_SYMBOLS.length, 3 + 14 + 32);
  });

  test("every symbol of every reading is in the target vocabulary, and every one is used", () => {
    const random = seededRandom(5);
    const numbers = [
      ...Array.from({ length: 10_001 }, (_, n) => n),
      ...Array.from({ length: 5000 }, () => Math.floor(random() * 100_000_000)),
      99_999_999,
      10_000_000,
      1_000_000,
    ];
    const used = new Set<string>();
    for (const n of numbers) {
      for (const language of ["zh", "en"] as const) {
        for (const token of readingTokens(sayNumber(n, language), language)) {
          assert.ok(TARGET_SYMBOLS.includes(token), `${n} ${language}: ${token}`);
          used.add(token);
        }
      }
    }
    assert.equal(used.size, TARGET_SYMBOLS.length - 3); // all but <pad>, <start>, <end>
  });
});

describe("examples and batches", () => {
  test("30050 in Chinese: <zh> 3 0 0 5 0 → 三 万 零 五 十 <end>", () => {
    const example = makeExample(30050, "zh");
    assert.deepEqual(
      Array.from(example.source, (id) => SOURCE_SYMBOLS[id]),
      ["<zh>", "3", "0", "0", "5", "0"],
    );
    assert.deepEqual(
      Array.from(example.target, (id) => TARGET_SYMBOLS[id]),
      ["三", "万", "零", "五", "十", "<end>"],
    );
    assert.deepEqual(targetIdsToSymbols(example.target), ["三", "万", "零", "五", "十"]);
    const english = makeExample(21, "en");
    assert.deepEqual(targetIdsToSymbols(english.target), ["twenty", "-", "one"]);
    assert.notEqual(START_ID, END_ID);
  });

  test("a batch pads at the end and masks the padding", () => {
    const batch = makeBatch([makeExample(7, "en"), makeExample(1005, "zh")]);
    assert.equal(batch.sourceLength, 5);
    assert.equal(batch.targetLength, 5); // 一 千 零 五 <end>
    assert.deepEqual(Array.from(batch.sourceMask), [1, 1, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(batch.targetMask), [1, 1, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(batch.source.subarray(2, 5)), [PAD_ID, PAD_ID, PAD_ID]);
    assert.equal(batch.targetTokens, 2 + 5);
    assert.throws(() => makeBatch([]), /at least one example/);
    assert.throws(() => makeExample(100_000_000, "zh"), /expected a whole number/);
  });
});

describe("the split", () => {
  const split = splitNumbers({ trainLengths: 6, testPerLength: 200, longPerLength: 50, seed: 3 });

  test("held out per length: a tenth of the short lengths, then testPerLength; never 0", () => {
    const perLength = [1, 2, 3, 4, 5, 6].map(
      (length) => split.test.filter((n) => String(n).length === length).length,
    );
    assert.deepEqual(perLength, [1, 9, 90, 200, 200, 200]);
    assert.ok(!split.test.includes(0));
    assert.equal(new Set(split.test).size, split.test.length);
    assert.ok(split.test.every((n) => split.isHeldOut(n)));
  });

  test("training never draws a held-out number; every length about 1/L of the examples", () => {
    const sample = trainingSampler(split, 9);
    const examples = sample(24_000);
    const counts = new Array(7).fill(0);
    const languages = { zh: 0, en: 0 };
    for (const example of examples) {
      assert.ok(!split.isHeldOut(example.number), `${example.number} is held out`);
      counts[String(example.number).length]++;
      languages[example.language]++;
    }
    for (let length = 1; length <= 6; length++) {
      assert.ok(Math.abs(counts[length] - 4000) < 250, `length ${length}: ${counts[length]}`);
    }
    assert.ok(Math.abs(languages.zh - 12_000) < 400);
    // the same seed, the same examples
    assert.deepEqual(
      trainingSampler(split, 9)(5).map((e) => e.number),
      examples.slice(0, 5).map((e) => e.number),
    );
  });

  test("the longer set has more digits than any training number", () => {
    assert.equal(split.long.length, 2 * 50);
    assert.ok(split.long.every((n) => String(n).length > 6 && String(n).length <= MAX_DIGITS));
    const again = splitNumbers({ trainLengths: 6, testPerLength: 200, longPerLength: 50, seed: 3 });
    assert.deepEqual(again.test, split.test);
    assert.deepEqual(again.long, split.long);
    assert.equal(examplesInBothLanguages(split.test).length, 2 * split.test.length);
    assert.equal(numbersOfLength(1), 10);
    assert.equal(numbersOfLength(3), 900);
    assert.throws(() => splitNumbers({ trainLengths: 9 }), /trainLengths: expected/);
  });
});

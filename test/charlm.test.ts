/**
 * Chapter 06's character model around the gradients (test/charlm-gradients.test.ts): the
 * vocabulary and its cut-off, the seeded split, the baselines, the line-form rate, sampling,
 * checkpoints (a save/load round-trip, and the committed ones: size, and that the command that
 * wrote them reproduces their first training steps exactly), and the teachers' CLI.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { bigramPerplexity, perplexity, unigramPerplexity } from "../src/core/charlm/baselines.js";
import {
  type Checkpoint,
  fromCheckpoint,
  roundedToFloat32,
  toCheckpoint,
} from "../src/core/charlm/checkpoint.js";
import { CORPORA, splitCorpus } from "../src/core/charlm/corpus.js";
import { innerPieces, lineForm } from "../src/core/charlm/line-form.js";
import { RECIPES, trainCharModel } from "../src/core/charlm/recipe.js";
import { nextSymbolDistribution, sample } from "../src/core/charlm/sample.js";
import { textDataset } from "../src/core/charlm/text-dataset.js";
import {
  insideQuotes,
  positionInLine,
  positionInWord,
  rSquared,
} from "../src/core/charlm/units.js";
import { buildVocabulary, decode, encode, UNKNOWN_SYMBOL } from "../src/core/charlm/vocabulary.js";
import { createModel, evaluate, forward } from "../src/core/train/model.js";
import { checkpointFile, loadCheckpoint, readCorpus } from "../src/node/charlm-files.js";
import { projectRoot } from "../src/node/project-root.js";

const root = projectRoot();
const POEMS = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n春眠不觉晓，处处闻啼鸟。\n";

describe("vocabulary", () => {
  test("keeps characters seen ≥ minCount times, most frequent first; the rest become □", () => {
    const vocabulary = buildVocabulary("aaabbc", 2);
    assert.deepEqual(vocabulary.symbols, ["a", "b", UNKNOWN_SYMBOL]);
    assert.equal(vocabulary.unknown, 2);
    assert.deepEqual(Array.from(encode(vocabulary, "abcx")), [0, 1, 2, 2]);
    assert.equal(decode(vocabulary, encode(vocabulary, "abba")), "abba");
  });

  test("counts code points: a Chinese character is one symbol", () => {
    const vocabulary = buildVocabulary(POEMS, 1);
    assert.equal(encode(vocabulary, "床前").length, 2);
  });

  test("refuses a bad cut-off and an id outside the vocabulary", () => {
    assert.throws(() => buildVocabulary("ab", 0), /minCount: expected a positive integer, got 0/);
    assert.throws(() => buildVocabulary("ab", 5), /no character of the text is seen 5 times/);
    assert.throws(() => decode(buildVocabulary("ab", 1), [7]), /symbol id 7 is outside 0 … 2/);
  });
});

describe("corpus split", () => {
  test("the committed corpora split the same way every time, and every line lands somewhere", () => {
    for (const name of ["tang", "english"] as const) {
      const a = readCorpus(name);
      const b = readCorpus(name);
      assert.equal(a.train, b.train);
      assert.equal(a.validation, b.validation);
      const lines = a.train.split("\n").length + a.validation.split("\n").length - 2;
      assert.equal(lines, a.trainLines + a.validationLines);
      const share = a.validationLines / (a.trainLines + a.validationLines);
      assert.ok(share > 0.03 && share < 0.07, `${name}: validation share ${share}`);
    }
  });

  test("blocks of lines stay whole", () => {
    const text = Array.from({ length: 400 }, (_, j) => `line ${j}`).join("\n");
    const split = splitCorpus(text, { ...CORPORA.english, blockLines: 20 });
    const first = split.validation.split("\n")[0];
    const index = Number(first.split(" ")[1]);
    assert.equal(index % 20, 0, "a validation block starts at a block boundary");
  });
});

describe("baselines and perplexity", () => {
  test("an even bet over V symbols has perplexity V", () => {
    assert.ok(Math.abs(perplexity(-Math.log(1 / 37)) - 37) < 1e-12);
  });

  test("unigram perplexity equals the formula by hand; bigram beats it on a text with structure", () => {
    const vocabulary = buildVocabulary("abab", 1); // a, b, □
    const train = encode(vocabulary, "ababab");
    const validation = encode(vocabulary, "abab");
    const unigram = unigramPerplexity(vocabulary, train, validation);
    // p(a) = p(b) = (3 + k) / (6 + 3k); the symbols after the first: b, a, b
    const p = (3 + unigram.k) / (6 + 3 * unigram.k);
    assert.ok(Math.abs(unigram.perplexity - 1 / p) < 1e-12);
    assert.ok(bigramPerplexity(vocabulary, train, validation).perplexity < unigram.perplexity);
  });
});

describe("line-form rate", () => {
  test("drops the first and last pieces, counts pieces of exactly 5 or 7 characters", () => {
    assert.deepEqual(innerPieces("光，疑是地上霜。举头望明月，低头"), ["疑是地上霜", "举头望明月"]);
    assert.equal(lineForm("床前明月光，疑是地上霜。举头望明月，低头思故乡。").rate, 1);
    assert.equal(lineForm("一，二三四，五六七八九十，乙。").rate, 0);
    assert.deepEqual(lineForm("没有断句"), { rate: 0, pieces: 0, regular: 0 });
    assert.equal(lineForm("开头，一二三四五，一二三四五六七，一二，结尾").rate, 2 / 3);
  });
});

describe("probes", () => {
  test("R² is 1 for a straight line, 0 for no relation; the features count as described", () => {
    assert.ok(Math.abs(rSquared([1, 2, 3, 4], [3, 5, 7, 9]) - 1) < 1e-12);
    assert.equal(rSquared([1, 2, 3], [5, 5, 5]), 0);
    assert.deepEqual(positionInLine(Array.from("床前，月\n光")), [1, 2, 0, 1, 0, 1]);
    assert.deepEqual(insideQuotes(Array.from('a"bc"d')), [0, 1, 1, 1, 0, 0]);
    assert.deepEqual(positionInWord(Array.from("Ah, don't")), [1, 2, 0, 0, 1, 2, 3, 4, 5]);
  });
});

describe("sampling", () => {
  const vocabulary = buildVocabulary(POEMS, 1);
  const data = textDataset(vocabulary, POEMS, 4);
  const model = createModel(data, { cell: "lstm", units: 6, embeddingSize: 3, seed: 1 });

  test("is deterministic for a seed and continues the prime", () => {
    const options = { prime: "床前", length: 30, temperature: 0.8, seed: 3 };
    const a = sample(model, vocabulary, options);
    assert.deepEqual(a, sample(model, vocabulary, options));
    assert.ok(a.text.startsWith("床前"));
    assert.equal(Array.from(a.written).length, 30);
    assert.notEqual(a.written, sample(model, vocabulary, { ...options, seed: 4 }).written);
    assert.ok(!a.written.includes(UNKNOWN_SYMBOL), "the unknown symbol is never written");
  });

  test("temperature reshapes the distribution; top-k keeps k symbols", () => {
    const logits = Float64Array.of(2, 1, 0, -1);
    const cold = nextSymbolDistribution(logits, 0.5, undefined, undefined);
    const hot = nextSymbolDistribution(logits, 2, undefined, undefined);
    assert.ok(cold[0] > hot[0] && cold[3] < hot[3]);
    const top2 = nextSymbolDistribution(logits, 1, 2, undefined);
    assert.deepEqual(
      Array.from(top2).map((p) => p > 0),
      [true, true, false, false],
    );
    assert.ok(Math.abs(top2[0] + top2[1] - 1) < 1e-15);
  });

  test("bad options get clear errors", () => {
    assert.throws(
      () => sample(model, vocabulary, { length: 5, temperature: 0 }),
      /temperature: expected a number > 0, got 0/,
    );
    assert.throws(
      () => sample(model, vocabulary, { length: 5, topK: 1.5 }),
      /topK: expected a positive integer, got 1.5/,
    );
    assert.throws(
      () => sample(model, vocabulary, { length: 5, prime: "xyz" }),
      /prime: none of the characters of "xyz" is in the model's vocabulary/,
    );
  });
});

describe("checkpoints", () => {
  test("save → JSON → load gives the float32-rounded model, numbers for numbers", () => {
    const vocabulary = buildVocabulary(POEMS, 1);
    const data = textDataset(vocabulary, POEMS, 4);
    const model = createModel(data, {
      cell: "gru",
      units: 5,
      layers: 2,
      embeddingSize: 3,
      seed: 2,
    });
    const report = RECIPES.tang.gru as unknown as Checkpoint["report"];
    const json = JSON.parse(JSON.stringify(toCheckpoint(model, vocabulary, report))) as Checkpoint;
    const loaded = fromCheckpoint(json);
    const rounded = roundedToFloat32(model);
    for (const [name, values] of Object.entries(rounded.parameters)) {
      assert.deepEqual(Array.from(loaded.model.parameters[name]!), Array.from(values!), name);
    }
    assert.deepEqual(loaded.vocabulary.symbols, vocabulary.symbols);
    const a = forward(loaded.model, data, [0, 4]).outputs;
    assert.deepEqual(Array.from(a), Array.from(forward(rounded, data, [0, 4]).outputs));
  });

  test("a damaged checkpoint is refused with what is wrong", () => {
    assert.throws(
      () => fromCheckpoint({ format: "other" } as unknown as Checkpoint),
      /expected format rnn-notebooks\/charlm@1, got "other"/,
    );
  });

  for (const corpus of ["tang", "english"] as const) {
    for (const cell of ["lstm", "gru"] as const) {
      test(`committed ${corpus}-${cell}: ≤ 5 MB, what the command writes (first steps and validation perplexity reproduced)`, () => {
        const file = join(root, checkpointFile(corpus, cell));
        const bytes = statSync(file).size;
        assert.ok(bytes <= 5 * 1024 * 1024, `${file}: ${bytes} bytes > 5 MB`);
        const { model, vocabulary, report } = loadCheckpoint(corpus, cell);
        const recipe = RECIPES[corpus][cell];
        assert.deepEqual(
          report.training,
          { ...recipe, maxSteps: null },
          "the recipe it was trained with",
        );
        assert.equal(report.command, `npm run train:charlm -- --corpus ${corpus} --cell ${cell}`);
        // the command's first steps, again: the same losses, bit for bit
        const { settings, ...split } = readCorpus(corpus);
        const steps = 3;
        const again = trainCharModel(settings, split, recipe, {
          maxSteps: steps,
          firstLosses: steps,
        });
        assert.deepEqual(again.report.firstLosses, report.firstLosses.slice(0, steps));
        assert.deepEqual(again.vocabulary.symbols, vocabulary.symbols);
        // the validation perplexity stored is the saved (float32) model's
        const validation = textDataset(vocabulary, split.validation, recipe.window);
        const measured = perplexity(evaluate(model, validation).loss);
        assert.ok(
          Math.abs(measured - report.validationPerplexity) <= 1e-9 * measured,
          `${measured} vs stored ${report.validationPerplexity}`,
        );
      });
    }
  }
});

describe("npm run sample", () => {
  const run = (...args: string[]) =>
    spawnSync("npx", ["tsx", "scripts/cli/sample.ts", ...args], { cwd: root, encoding: "utf8" });

  test("--json prints the text, the perplexities and the line-form rate, deterministic for a seed", () => {
    const args = ["--corpus", "tang", "--temperature", "0.8", "--length", "60", "--prime", "床前"];
    const first = run(...args, "--seed", "1", "--json");
    assert.equal(first.status, 0, first.stderr);
    const result = JSON.parse(first.stdout);
    assert.equal(result.corpus, "tang");
    assert.ok(result.text.startsWith("床前"));
    assert.equal(Array.from(result.text as string).length, 62);
    assert.ok(
      result.validationPerplexity > 1 && result.baselines.unigram > result.baselines.bigram,
    );
    assert.ok(result.lineFormRate >= 0 && result.lineFormRate <= 1);
    assert.equal(run(...args, "--seed", "1", "--json").stdout, first.stdout);
    const english = JSON.parse(run("--corpus", "english", "--length", "20", "--json").stdout);
    assert.equal(english.lineFormRate, null);
  });

  test("bad arguments: a clear error and exit status 2", () => {
    const cases: [string[], RegExp][] = [
      [["--corpus", "latin"], /corpus: expected one of tang, english, got "latin"/],
      [["--corpus", "tang", "--temperature", "0"], /--temperature: expected a number > 0, got 0/],
      [
        ["--corpus", "tang", "--temperature", "warm"],
        /--temperature: expected a number, got "warm"/,
      ],
      [["--corpus", "tang", "--prime", "xyz"], /prime: none of the characters of "xyz"/],
      [["--temperature", "1"], /--corpus: required/],
    ];
    for (const [args, message] of cases) {
      const result = run(...args);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stdout}`);
      assert.match(result.stderr, message);
    }
  });
});

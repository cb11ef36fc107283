/**
 * Chapter 06's controls: the poem-form rate (a whole poem keeps one line length and alternates
 * ，and 。), a chosen unit's R² measured on another text, and a connectivity strip's early share.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { earlyShare, unitFitOn } from "../src/core/charlm/controls.js";
import { isRegularPoem, poemForm } from "../src/core/charlm/poem-form.js";
import { textDataset } from "../src/core/charlm/text-dataset.js";
import { bestUnit, positionInLine } from "../src/core/charlm/units.js";
import { buildVocabulary } from "../src/core/charlm/vocabulary.js";
import { createModel } from "../src/core/train/model.js";

const FIVE = "床前明月光，疑是地上霜。举头望明月，低头思故乡。";
const SEVEN = "朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。";

describe("poem form", () => {
  test("a poem of one line length, ，and 。 alternating, is regular; five or seven", () => {
    assert.equal(isRegularPoem(FIVE), true);
    assert.equal(isRegularPoem(SEVEN), true);
    assert.equal(isRegularPoem("床前明月光，疑是地上霜。"), true);
  });

  test("mixed lengths, other lengths, a wrong order of breaks or a loose end are not", () => {
    assert.equal(isRegularPoem("床前明月光，千里江陵一日还。"), false);
    assert.equal(isRegularPoem("床前明月，疑是地上。"), false);
    assert.equal(isRegularPoem("床前明月光。疑是地上霜，"), false);
    assert.equal(isRegularPoem("床前明月光，疑是地上霜。举头"), false);
    assert.equal(isRegularPoem("床前明月光，疑是地上霜！"), false);
    assert.equal(isRegularPoem(""), false);
  });

  test("judges only the complete poems: the text's first and last line are skipped", () => {
    const text = `头望明月，低头思故乡。\n${FIVE}\n${SEVEN}\n床前明月光，千里江陵一日还。\n举头`;
    assert.deepEqual(poemForm(text), { rate: 2 / 3, poems: 3, regular: 2 });
    assert.deepEqual(poemForm(`${FIVE}\n`), { rate: 0, poems: 0, regular: 0 });
    assert.deepEqual(poemForm(`\n${FIVE}\n\n${SEVEN}\n`), { rate: 1, poems: 2, regular: 2 });
  });
});

describe("unitFitOn", () => {
  test("gives the R² that the ranking gave the same unit on the same text", () => {
    const text = `${FIVE}\n${SEVEN}\n${FIVE}\n`;
    const vocabulary = buildVocabulary(text, 1);
    const model = createModel(textDataset(vocabulary, text, 4), {
      cell: "lstm",
      units: 5,
      layers: 2,
      embeddingSize: 3,
      seed: 4,
    });
    const { ranking } = bestUnit(model, vocabulary, text, positionInLine);
    for (const fit of [ranking[0], ranking[7], ranking[ranking.length - 1]]) {
      const again = unitFitOn(model, vocabulary, text, positionInLine, fit);
      assert.ok(Math.abs(again - fit.rSquared) < 1e-12, `${JSON.stringify(fit)}: ${again}`);
    }
  });
});

describe("earlyShare", () => {
  test("the first positions' part of the sum", () => {
    assert.equal(earlyShare([1, 1, 2, 4], 2), 0.25);
    assert.equal(earlyShare([1, 1, 2, 4], 0), 0);
    assert.equal(earlyShare([1, 1, 2, 4], 4), 1);
  });

  test("refuses a count outside the strip and a strip without any gradient", () => {
    assert.throws(() => earlyShare([1, 2], 3), /count: expected a whole number from 0 to 2, got 3/);
    assert.throws(() => earlyShare([1, 2], 1.5), /got 1.5/);
    assert.throws(() => earlyShare([0, 0], 1), /the norms sum to 0/);
  });
});

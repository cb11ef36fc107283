/** Chapter 07's attention heatmap: a reading's weights in, plotly JSON out, labels per language. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { attentionHeatmap, attentionRowLabels } from "../src/core/plots/attention-heatmap.js";
import type { ModelReading } from "../src/core/seq2seq/train.js";
import { sayWithModel } from "../src/core/seq2seq/train.js";
import { loadSeq2seqCheckpoint } from "../src/node/seq2seq-files.js";

const made: ModelReading = {
  symbols: ["十", "二"],
  reading: "十二",
  logProbability: -0.1,
  finished: true,
  source: ["<zh>", "1", "2"],
  attention: [
    [0.1, 0.8, 0.1],
    [0.05, 0.05, 0.9],
    [0.6, 0.2, 0.2],
  ],
};

describe("attention heatmap", () => {
  test("z is the reading's attention: output symbols (with <end>) down, source across", () => {
    const figure = attentionHeatmap(made, { language: "en" });
    assert.equal(figure.data.length, 1);
    assert.deepEqual(figure.data[0].z, made.attention);
    assert.notEqual(figure.data[0].z, made.attention, "a copy, not the reading's own arrays");
    assert.deepEqual([figure.data[0].zmin, figure.data[0].zmax], [0, 1]);
    const layout = figure.layout as Record<string, { ticktext?: string[]; title?: unknown }>;
    assert.deepEqual(attentionRowLabels(made), ["十", "二", "<end>"]);
    // plotly reads labels as HTML: the tags are written as entities so they show as written
    assert.deepEqual(layout.yaxis.ticktext, ["十", "二", "&lt;end&gt;"]);
    assert.deepEqual(layout.xaxis.ticktext, ["&lt;zh&gt;", "1", "2"]);
    assert.equal(layout.title, undefined);
    assert.deepEqual(attentionHeatmap(made, { title: "30050" }).layout?.title, { text: "30050" });
  });

  test("axis titles in the edition's language", () => {
    const zh = JSON.stringify(attentionHeatmap(made, { language: "zh" }));
    const en = JSON.stringify(attentionHeatmap(made, { language: "en" }));
    const both = JSON.stringify(attentionHeatmap(made, { language: "bilingual" }));
    assert.ok(
      zh.includes("注意力权重") &&
        zh.includes("源序列（语言标签和数字）") &&
        !zh.includes("attention"),
    );
    assert.ok(
      en.includes("attention weights") &&
        en.includes("words the model wrote") &&
        !en.includes("注意"),
    );
    assert.ok(both.includes("注意力权重 attention weights"));
  });

  test("the committed model's reading of 30050: one row per symbol and <end>, rows sum to 1", () => {
    const { model } = loadSeq2seqCheckpoint();
    for (const language of ["zh", "en"] as const) {
      const reading = sayWithModel(model, 30050, language);
      const figure = attentionHeatmap(reading, { language });
      assert.deepEqual(figure.data[0].z, reading.attention);
      const labels = attentionRowLabels(reading);
      assert.equal(labels.length, reading.symbols.length + 1);
      assert.equal(labels.at(-1), "<end>");
      for (const row of reading.attention ?? []) {
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      }
    }
  });

  test("a reading without attention: a clear error", () => {
    const { attention: _, ...without } = made;
    assert.throws(
      () => attentionHeatmap(without),
      /no attention weights.*model without attention/s,
    );
    const ragged = { ...made, attention: [[0.5, 0.5]] };
    assert.throws(() => attentionHeatmap(ragged), /row 0 has 2 weights, expected one per source/);
  });
});

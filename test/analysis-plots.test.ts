/** Plot builders: traces in, labels from the glossary in each edition's language. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gapAccuracyFigure } from "../src/core/plots/gap-accuracy.js";
import { gradientDecayFigure } from "../src/core/plots/gradient-decay.js";
import { SERIES_COLORS } from "../src/core/plots/palette.js";
import { trainingCurveFigure } from "../src/core/plots/training-curve.js";

type Axis = { title: { text: string }; type?: string; range?: number[] };
const axis = (figure: { layout?: Record<string, unknown> }, name: string) =>
  figure.layout?.[name] as Axis;

describe("plot builders", () => {
  test("gradientDecayFigure: one line per series, log y, labels per language", () => {
    const series = [
      { name: "ρ = 0.5", lags: [0, 1, 2], norms: [1, 0.5, 0.25] },
      { name: "ρ^(T−t)", lags: [0, 1, 2], norms: [1, 0.5, 0.25], dashed: true, colorIndex: 0 },
    ];
    const zh = gradientDecayFigure(series, { language: "zh" });
    const en = gradientDecayFigure(series, { language: "en" });
    assert.equal(zh.data.length, 2);
    assert.deepEqual(zh.data[0].y, [1, 0.5, 0.25]);
    assert.equal(axis(zh, "yaxis").type, "log");
    assert.match(axis(zh, "xaxis").title.text, /^时间差 T − t/);
    assert.match(axis(en, "xaxis").title.text, /^lag T − t/);
    assert.match(axis(en, "yaxis").title.text, /gradient norm/);
    const lines = zh.data.map((d) => d.line as { color: string; dash: string });
    assert.equal(lines[0].color, lines[1].color);
    assert.deepEqual([lines[0].dash, lines[1].dash], ["solid", "dash"]);
  });

  test("trainingCurveFigure: default labels, optional log scale", () => {
    const figure = trainingCurveFigure(
      [
        { name: "a", steps: [1, 2], values: [3, 2] },
        { name: "b", steps: [1, 2], values: [4, 1] },
      ],
      { language: "en", logY: true },
    );
    assert.equal(axis(figure, "xaxis").title.text, "training step");
    assert.equal(axis(figure, "yaxis").title.text, "loss");
    assert.equal(axis(figure, "yaxis").type, "log");
    assert.deepEqual(
      figure.data.map((d) => (d.line as { color: string }).color),
      SERIES_COLORS.slice(0, 2),
    );
    const zh = trainingCurveFigure([], { language: "zh", yTitle: "范数" });
    assert.equal(axis(zh, "xaxis").title.text, "训练步");
    assert.equal(axis(zh, "yaxis").title.text, "范数");
  });

  test("gapAccuracyFigure: a chance line across the gaps, percent axis", () => {
    const figure = gapAccuracyFigure(
      [{ name: "RNN", gaps: [2, 10, 30], accuracy: [1, 0.6, 0.2] }],
      {
        chance: 0.125,
        language: "zh",
      },
    );
    assert.equal(figure.data.length, 2);
    assert.equal(figure.data[1].name, "随机猜测水平");
    assert.deepEqual(figure.data[1].x, [2, 30]);
    assert.deepEqual(figure.data[1].y, [0.125, 0.125]);
    assert.equal(axis(figure, "xaxis").title.text, "间隔长度");
    assert.deepEqual(axis(figure, "yaxis").range, [0, 1.05]);
    assert.equal(gapAccuracyFigure([], { language: "bilingual" }).data.length, 0);
  });
});

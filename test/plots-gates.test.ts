/** The plot builders of chapters 03–05 are pure: tables in, plotly JSON out, labels per language. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gateHeatmapFigure } from "../src/core/plots/gate-heatmap.js";
import { unitLinesFigure } from "../src/core/plots/unit-lines.js";

describe("gate heatmap", () => {
  const values = [
    [0.1, 0.9],
    [0.2, 0.8],
    [0.3, 0.7],
  ]; // (T = 3, U = 2)
  test("one heatmap per panel, units × time, gates on one 0…1 scale", () => {
    const figure = gateHeatmapFigure(
      [
        { title: "f_t", values },
        { title: "C_t", values, signed: true },
      ],
      { tokens: ["I", "grew", "up"], language: "en" },
    );
    assert.equal(figure.data.length, 2);
    assert.deepEqual(figure.data[0].z, [
      [0.1, 0.2, 0.3],
      [0.9, 0.8, 0.7],
    ]);
    assert.equal(figure.data[0].coloraxis, "coloraxis");
    assert.equal(figure.data[1].coloraxis, "coloraxis2");
    assert.equal(figure.data[1].yaxis, "y2");
    const layout = figure.layout as Record<
      string,
      { cmin?: number; cmax?: number; ticktext?: string[] }
    >;
    assert.deepEqual([layout.coloraxis.cmin, layout.coloraxis.cmax], [0, 1]);
    assert.deepEqual(layout.xaxis.ticktext, ["I", "grew", "up"]);
  });

  test("labels come from the glossary in the edition's language", () => {
    const zh = JSON.stringify(
      gateHeatmapFigure([{ title: "z", values }], { tokens: ["a", "b", "c"], language: "zh" }),
    );
    assert.ok(zh.includes("隐藏单元") && zh.includes("时间步"));
    assert.ok(!zh.includes("coloraxis2"), "no second colour scale without a signed panel");
  });
});

describe("unit lines", () => {
  test("one line per series, a shaded band with its label", () => {
    const figure = unitLinesFigure(
      [
        { name: "French", values: [0, 1, 2] },
        { name: "German", values: [0, -1, -2] },
      ],
      { yTitle: "C_t[3]", shade: { from: 1, to: 2, label: "after the country" }, language: "en" },
    );
    assert.equal(figure.data.length, 2);
    const layout = figure.layout as {
      shapes: { x0: number; x1: number }[];
      annotations: { text: string }[];
    };
    assert.deepEqual([layout.shapes[0].x0, layout.shapes[0].x1], [0.5, 2.5]);
    assert.equal(layout.annotations[0].text, "after the country");
  });
});

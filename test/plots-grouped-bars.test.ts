/**
 * groupedBarsFigure (src/core/plots/grouped-bars.ts, chapters 06 and 07): one bar trace per
 * measure, the groups on x, the values on y and as labels, and a clear error when a measure's
 * values do not match the groups.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { groupedBarsFigure } from "../src/core/plots/grouped-bars.js";
import { seriesColor } from "../src/core/plots/palette.js";

/** The part of the layout the figure sets. */
type BarsLayout = {
  barmode: string;
  yaxis: { title: { text: string }; tickformat?: string; range?: number[] };
};

describe("groupedBarsFigure", () => {
  const groups = ["model", "bigram", "validation"];
  const series = [
    { name: "one line length", values: [0.875, 0.1, 1] },
    { name: "even lines rhyme", values: [0.25, 0.0625, 0.5] },
  ];

  test("one trace per measure, groups on x, values on y and as percent labels", () => {
    const figure = groupedBarsFigure(groups, series, { yTitle: "share", percent: true });
    assert.equal(figure.data.length, 2);
    for (const [k, trace] of figure.data.entries()) {
      assert.equal(trace.type, "bar");
      assert.equal(trace.name, series[k].name);
      assert.deepEqual(trace.x, groups);
      assert.deepEqual(trace.y, series[k].values);
      assert.deepEqual(trace.marker, { color: seriesColor(k) });
    }
    assert.deepEqual(figure.data[0].text, ["87.5%", "10.0%", "100.0%"]);
    assert.deepEqual(figure.data[1].text, ["25.0%", "6.3%", "50.0%"]);
    const layout = figure.layout as unknown as BarsLayout;
    assert.equal(layout.barmode, "group");
    assert.equal(layout.yaxis.title.text, "share");
    assert.equal(layout.yaxis.tickformat, ".0%");
    assert.equal(layout.yaxis.range, undefined);
  });

  test("plain values get three significant digits; a range is kept", () => {
    const figure = groupedBarsFigure(["a", "b"], [{ name: "loss", values: [1.23456, 0.5] }], {
      yTitle: "loss",
      range: [0, 2],
    });
    assert.deepEqual(figure.data[0].text, ["1.23", "0.500"]);
    const layout = figure.layout as unknown as BarsLayout;
    assert.deepEqual(layout.yaxis.range, [0, 2]);
    assert.equal(layout.yaxis.tickformat, undefined);
  });

  test("a measure with the wrong number of values is refused, naming it", () => {
    assert.throws(
      () => groupedBarsFigure(groups, [{ name: "rhymes", values: [1, 2] }], { yTitle: "share" }),
      /groupedBarsFigure: rhymes has 2 values, not 3/,
    );
  });
});

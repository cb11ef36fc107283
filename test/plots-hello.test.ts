// Chapter 01's "hello" figures: the loss with the floor a memoryless model cannot pass, and the
// hidden state over the word, one heatmap per model (units × steps, on tanh's range).
import assert from "node:assert/strict";
import { test } from "node:test";
import { hiddenStateFigure, lossWithFloorFigure } from "../src/core/plots/hello.js";

type Layout = Record<string, Record<string, unknown> & { text?: string }>;

test("the loss figure draws every series and a dashed line at the floor, labelled", () => {
  const floor = Math.LN2 / 2;
  const figure = lossWithFloorFigure(
    [
      { name: "RNN", steps: [1, 2, 3], values: [1.4, 0.6, 0.05] },
      { name: "no memory", steps: [1, 2, 3], values: [1.4, 0.5, floor + 0.001] },
    ],
    { value: floor, label: "ln 2 / 2 ≈ 0.347" },
    { language: "en" },
  );
  assert.deepEqual(
    figure.data.map((trace) => (trace as { name: string }).name),
    ["RNN", "no memory"],
  );
  const layout = figure.layout as unknown as {
    shapes: Array<{ y0: number; y1: number; line: { dash: string } }>;
    annotations: Array<{ text: string; y: number }>;
  };
  assert.equal(layout.shapes.length, 1);
  assert.equal(layout.shapes[0].y0, floor);
  assert.equal(layout.shapes[0].y1, floor);
  assert.equal(layout.shapes[0].line.dash, "dash");
  assert.deepEqual(
    layout.annotations.map((a) => [a.text, a.y]),
    [["ln 2 / 2 ≈ 0.347", floor]],
  );
});

test("the hidden-state figure: one heatmap per model, units × steps, on one −1…1 scale", () => {
  // hidden[t][u]: 4 steps, 3 units
  const rnn = [
    [0.1, -0.2, 0.3],
    [0.4, 0.5, -0.6],
    [0.7, -0.8, 0.9],
    [-0.1, 0.2, -0.3],
  ];
  const flat = rnn.map(() => [0, 0, 0]);
  const figure = hiddenStateFigure(
    [
      { title: "RNN", hidden: rnn },
      { title: "no memory", hidden: flat },
    ],
    { tokens: ["h → e", "e → l", "l → l", "l → o"], language: "en" },
  );
  assert.equal(figure.data.length, 2);
  const [first, second] = figure.data as Array<{ z: number[][]; xaxis: string }>;
  // rows are units, columns are steps
  assert.deepEqual(first.z, [
    [0.1, 0.4, 0.7, -0.1],
    [-0.2, 0.5, -0.8, 0.2],
    [0.3, -0.6, 0.9, -0.3],
  ]);
  assert.equal(second.z.length, 3);
  assert.deepEqual([first.xaxis, second.xaxis], ["x", "x2"]);
  const layout = figure.layout as unknown as Layout;
  assert.equal(layout.coloraxis.cmin, -1);
  assert.equal(layout.coloraxis.cmax, 1);
  assert.deepEqual(layout.xaxis.ticktext, ["h → e", "e → l", "l → l", "l → o"]);
  const [left, right] = [layout.xaxis.domain, layout.xaxis2.domain] as number[][];
  assert.ok(left[1] < right[0], "the panels do not overlap");
});

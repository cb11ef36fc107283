/**
 * The whole model's hand-written backward pass (embedding or one-hot → recurrent layer → dense →
 * loss) against central finite differences, for every parameter of all three cells; and the
 * optimisers and clipping against their equations.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CellKind } from "../src/core/kinds.js";
import { clipGradientNorm, gradientNorm } from "../src/core/train/clipping.js";
import type { Dataset } from "../src/core/train/dataset.js";
import { createModel, forward, lossAndGradients, type Model } from "../src/core/train/model.js";
import { adam, sgd } from "../src/core/train/optimizers.js";
import { addingTask } from "../src/core/train/tasks/adding.js";
import { franceTask } from "../src/core/train/tasks/france.js";
import { assertRelClose } from "./support.js";

const STEP = 1e-5;
/** Looser than the single layer's 1e-6: the loss passes through more nonlinear steps here. */
const TOLERANCE = 1e-5;

/** Central differences of the mean loss on `examples` for every number of every parameter. */
function numericGradients(
  model: Model,
  data: Dataset,
  examples: number[],
): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  for (const [name, theta] of Object.entries(model.parameters)) {
    if (!theta) continue;
    result[name] = Array.from(theta, (_, j) => {
      const saved = theta[j];
      theta[j] = saved + STEP;
      const plus = forward(model, data, examples).result.loss;
      theta[j] = saved - STEP;
      const minus = forward(model, data, examples).result.loss;
      theta[j] = saved;
      return (plus - minus) / (2 * STEP);
    });
  }
  return result;
}

const CELLS: CellKind[] = ["simpleRNN", "lstm", "gru"];
const sentences = franceTask({ gap: 2, count: 3, seed: 5, countries: 3, fillers: 4 });
const sums = addingTask({ length: 5, count: 3, seed: 5 });

describe("whole-model gradients = finite differences (float64, relative error ≤ 1e-5)", () => {
  for (const cell of CELLS) {
    for (const [label, data, embeddingSize] of [
      ["embedding", sentences, 3],
      ["one-hot", sentences, 0],
      ["adding features", sums, 0],
    ] as const) {
      test(`${cell}, ${label}`, () => {
        const model = createModel(data, { cell, units: 3, embeddingSize, seed: 11 });
        // Move the biases off their initial zeros so every path carries a gradient.
        model.parameters.bias.forEach((_, j, b) => {
          b[j] += 0.1 * Math.sin(j + 1);
        });
        const examples = [0, 1, 2];
        const { gradients } = lossAndGradients(model, data, examples);
        const numeric = numericGradients(model, data, examples);
        for (const name of Object.keys(numeric)) {
          assertRelClose(Array.from(gradients[name]!), numeric[name], TOLERANCE, `${cell} ${name}`);
        }
      });
    }
  }
});

describe("optimisers and clipping follow their equations", () => {
  test("sgd: θ ← θ − η g; with momentum v ← μv + g, θ ← θ − ηv", () => {
    const theta = { w: Float64Array.from([1, -2]) };
    sgd({ learningRate: 0.5 }).step(theta, { w: Float64Array.from([2, 4]) });
    assert.deepEqual(Array.from(theta.w), [0, -4]);
    const withMomentum = sgd({ learningRate: 1, momentum: 0.5 });
    const phi = { w: Float64Array.from([0]) };
    withMomentum.step(phi, { w: Float64Array.from([1]) }); // v = 1, θ = −1
    withMomentum.step(phi, { w: Float64Array.from([1]) }); // v = 1.5, θ = −2.5
    assert.deepEqual(Array.from(phi.w), [-2.5]);
  });

  test("adam: the first step is η·g/(|g| + ε), about η·sign(g) (bias correction)", () => {
    const g = [3, -0.5, 1e-3];
    const theta = { w: Float64Array.from([0, 0, 0]) };
    adam({ learningRate: 0.1 }).step(theta, { w: Float64Array.from(g) });
    const expected = g.map((x) => (-0.1 * x) / (Math.abs(x) + 1e-7));
    assertRelClose(Array.from(theta.w), expected, 1e-12, "adam step 1");
  });

  test("clipping scales the global norm down to the threshold and keeps the direction", () => {
    const g = { a: Float64Array.from([3, 0]), b: Float64Array.from([4]) };
    const { norm, clipped } = clipGradientNorm(g, 1);
    assert.equal(norm, 5);
    assert.ok(clipped);
    assertRelClose([...g.a, ...g.b], [0.6, 0, 0.8], 1e-12, "clipped");
    assert.ok(Math.abs(gradientNorm(g) - 1) < 1e-12);
    const small = { a: Float64Array.from([0.3]) };
    assert.equal(clipGradientNorm(small, 1).clipped, false);
    assert.deepEqual(Array.from(small.a), [0.3]);
  });
});

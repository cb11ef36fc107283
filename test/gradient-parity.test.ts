/**
 * Hand-written backprop through time vs TensorFlow.js's autodiff (tf.variableGrads for the
 * weights, tf.grads for inputs and initial states): relative error ≤ 1e-4 for every gradient.
 */
import { describe, test } from "node:test";
import { CELL_KINDS } from "../src/core/kinds.js";
import { layerGradients, runLayer } from "../src/core/layer.js";
import { stackGradients } from "../src/core/stack.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import {
  referenceResetAfterGRU,
  referenceResetAfterGradients,
} from "../src/node/reference/reset-after-gru.js";
import { loadTensorFlow, referenceGradients } from "../src/node/reference/tfjs.js";
import { assertAbsClose, assertRelClose, randomStates } from "./support.js";

const RELATIVE_TOLERANCE = 1e-4;
const GRADIENT_NAMES = ["kernel", "recurrentKernel", "bias", "x", "initialState"] as const;

describe("gradients: hand BPTT vs tfjs autodiff (relative error ≤ 1e-4)", () => {
  for (const kind of CELL_KINDS) {
    for (const recurrentActivation of ["sigmoid", "hardSigmoid"] as const) {
      for (const returnSequences of [false, true]) {
        const goBackwards = returnSequences;
        test(`${kind} ${recurrentActivation} returnSequences=${returnSequences} goBackwards=${goBackwards}`, async () => {
          await loadTensorFlow({ backend: "cpu" });
          const [B, T, I, U] = [3, 50, 5, 7];
          const weights = randomWeights(kind, I, U, { seed: 41 });
          const x = randomInputs(B, T, I, { seed: 42 });
          const dOutput = returnSequences
            ? randomInputs(B, T, U, { seed: 43 })
            : randomInputs(1, B, U, { seed: 43 })[0];
          const options = {
            recurrentActivation,
            returnSequences,
            goBackwards,
            initialState: randomStates(kind, B, U, 44),
          };
          const ours = layerGradients(kind, weights, x, dOutput, options);
          const theirs = referenceGradients(kind, weights, x, dOutput, options);
          for (const name of GRADIENT_NAMES) {
            assertRelClose(ours[name], theirs[name], RELATIVE_TOLERANCE, `${kind} ∂L/∂${name}`);
          }
        });
      }
    }
  }

  test("two-layer stack: gradients of both layers and the input vs tfjs", async () => {
    await loadTensorFlow({ backend: "cpu" });
    const kind = "lstm";
    const layers = [
      randomWeights(kind, 4, 6, { seed: 51 }),
      randomWeights(kind, 6, 5, { seed: 52 }),
    ];
    const x = randomInputs(3, 12, 4, { seed: 53 });
    const dOutput = randomInputs(1, 3, 5, { seed: 54 })[0];
    const ours = stackGradients(kind, layers, x, dOutput);
    // tfjs side: the top layer's gradients with the bottom layer's output as its input,
    // then the bottom layer's gradients with ∂L/∂(its output sequence) from the top.
    const bottomOut = runLayer(kind, layers[0], x, { returnSequences: true })
      .output as number[][][];
    const top = referenceGradients(kind, layers[1], bottomOut, dOutput);
    const bottom = referenceGradients(kind, layers[0], x, top.x, { returnSequences: true });
    for (const name of ["kernel", "recurrentKernel", "bias"] as const) {
      assertRelClose(ours.layers[1][name], top[name], RELATIVE_TOLERANCE, `top ∂L/∂${name}`);
      assertRelClose(ours.layers[0][name], bottom[name], RELATIVE_TOLERANCE, `bottom ∂L/∂${name}`);
    }
    assertRelClose(ours.x, bottom.x, RELATIVE_TOLERANCE, "∂L/∂x");
  });
});

describe("GRU reset-after (not in tf.layers) vs the same equations composed from tf ops", () => {
  for (const recurrentActivation of ["sigmoid", "hardSigmoid"] as const) {
    test(`forward bit for bit in float32, gradients ≤ 1e-4 (${recurrentActivation})`, async () => {
      await loadTensorFlow({ backend: "cpu" });
      const [B, T, I, U] = [3, 50, 5, 7];
      const weights = randomWeights("gru", I, U, { seed: 61, resetAfter: true });
      const x = randomInputs(B, T, I, { seed: 62 });
      const options = {
        recurrentActivation,
        returnSequences: true,
        initialState: randomStates("gru", B, U, 63),
      };
      const ours = runLayer("gru", weights, x, {
        ...options,
        resetAfter: true,
        precision: "float32",
      });
      const theirs = referenceResetAfterGRU(weights, x, options);
      assertAbsClose(ours.output, theirs.output, 0, "reset-after output");
      const dOutput = randomInputs(B, T, U, { seed: 64 });
      const g = layerGradients("gru", weights, x, dOutput, { ...options, resetAfter: true });
      const r = referenceResetAfterGradients(weights, x, dOutput, options);
      for (const name of GRADIENT_NAMES) {
        assertRelClose(g[name], r[name], RELATIVE_TOLERANCE, `reset-after ∂L/∂${name}`);
      }
    });
  }
});

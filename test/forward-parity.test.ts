/**
 * Forward pass vs tf.layers. float32 mode must equal the tfjs cpu backend BIT FOR BIT;
 * float64 must be within 1e-6 of cpu and 1e-5 of wasm (and tfjs-node when it installed).
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { maxAbsDiff } from "../src/core/arrays.js";
import { CELL_KINDS } from "../src/core/kinds.js";
import { runLayer } from "../src/core/layer.js";
import { runStack } from "../src/core/stack.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import {
  loadTensorFlow,
  nodeBackendInstalled,
  referenceLayer,
  referenceStack,
} from "../src/node/reference/tfjs.js";
import { assertAbsClose, randomStates } from "./support.js";

// Odd sizes, T ≥ 50, B ≥ 3 (B = 5: a full 4-row tile of the matrix kernel plus an edge row).
// I = 53 > 48 also exercises tfjs's blocked matMul sum.
const B = 5;
const T = 51;
const U = 7;
const INPUT_SIZES = [5, 53];

describe("forward parity: float32 mode vs tfjs cpu, bit for bit", () => {
  before(async () => {
    const { backend } = await loadTensorFlow({ backend: "cpu" });
    console.log(`tfjs backend for bit-exact checks: ${backend}`);
  });
  for (const kind of CELL_KINDS) {
    for (const recurrentActivation of ["sigmoid", "hardSigmoid"] as const) {
      for (const returnSequences of [false, true]) {
        for (const givenState of [false, true]) {
          for (const goBackwards of [false, true]) {
            const I = INPUT_SIZES[(returnSequences ? 1 : 0) ^ (goBackwards ? 1 : 0)];
            const name = `${kind} ${recurrentActivation} returnSequences=${returnSequences} initialState=${givenState ? "given" : "zeros"} goBackwards=${goBackwards} I=${I}`;
            test(name, async () => {
              await loadTensorFlow({ backend: "cpu" });
              const weights = randomWeights(kind, I, U, { seed: 11 });
              const x = randomInputs(B, T, I, { seed: 12 });
              const options = {
                recurrentActivation,
                returnSequences,
                goBackwards,
                initialState: givenState ? randomStates(kind, B, U, 13) : undefined,
              };
              const ours = runLayer(kind, weights, x, { ...options, precision: "float32" });
              const theirs = referenceLayer(kind, weights, x, options);
              assert.equal(maxAbsDiff(ours.output, theirs.output), 0, "output");
              assert.equal(maxAbsDiff(ours.states, theirs.states), 0, "states");
            });
          }
        }
      }
    }
    test(`${kind} two-layer stack`, async () => {
      await loadTensorFlow({ backend: "cpu" });
      const layers = [
        randomWeights(kind, 9, U, { seed: 21 }),
        randomWeights(kind, U, 5, { seed: 22 }),
      ];
      const x = randomInputs(B, T, 9, { seed: 23 });
      for (const returnSequences of [false, true]) {
        const ours = runStack(kind, layers, x, { returnSequences, precision: "float32" });
        const theirs = referenceStack(kind, layers, x, { returnSequences });
        assert.equal(
          maxAbsDiff(ours.output, theirs.output),
          0,
          `output, returnSequences=${returnSequences}`,
        );
        assert.equal(maxAbsDiff(ours.states, theirs.states), 0, "final states of the top layer");
      }
    });
  }
});

describe("forward parity: float64 mode vs every tfjs backend here", () => {
  const backends = [
    { name: "cpu", tolerance: 1e-6 },
    { name: "wasm", tolerance: 1e-5 },
    // tfjs-node is an optional dependency: checked where it installed.
    {
      name: "node",
      tolerance: 1e-5,
      skip: !nodeBackendInstalled() && "@tensorflow/tfjs-node is not installed",
    },
  ] as const;
  for (const { name, tolerance, ...rest } of backends) {
    for (const kind of CELL_KINDS) {
      test(`${kind} float64 vs tfjs ${name}: ≤ ${tolerance}`, {
        skip: "skip" in rest ? rest.skip : false,
      }, async () => {
        const { backend } = await loadTensorFlow({ backend: name });
        const weights = randomWeights(kind, 16, 32, { seed: 31 });
        const x = randomInputs(4, 60, 16, { seed: 32 });
        const options = { returnSequences: true, initialState: randomStates(kind, 4, 32, 33) };
        const diff = assertAbsClose(
          runLayer(kind, weights, x, options).output,
          referenceLayer(kind, weights, x, options).output,
          tolerance,
          `${kind} on ${backend}`,
        );
        console.log(`${kind} float64 vs ${backend}: max |diff| = ${diff.toExponential(2)}`);
      });
    }
  }
  test("the preferred backend is tfjs-node when installed, else wasm", async () => {
    const { backend } = await loadTensorFlow();
    console.log(`preferred tfjs backend on this machine: ${backend}`);
    assert.equal(backend, nodeBackendInstalled() ? "tensorflow" : "wasm");
  });
});

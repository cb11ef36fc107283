/** Bad input gets an Error naming what was expected and what came — never a silent number. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { layerGradients, runLayer } from "../src/core/layer.js";
import { gateWeights, randomInputs, randomWeights } from "../src/core/weights.js";

const lstm = randomWeights("lstm", 3, 4, { seed: 1 });
const x = randomInputs(2, 5, 3, { seed: 2 });

describe("bad input", () => {
  test("ragged input", () => {
    const ragged = structuredClone(x);
    ragged[1][2] = [0.1, 0.2];
    assert.throws(
      () => runLayer("lstm", lstm, ragged),
      /x\[1\]\[2\]: expected an array of length 3 \(shape \[2, 5, 3\]\), got an array of length 2/,
    );
  });

  test("input of the wrong rank or feature size", () => {
    assert.throws(
      () => runLayer("lstm", lstm, [[1, 2, 3]] as never),
      /x\[0\]\[0\]: expected an array of length 3 .*got 1|x: expected a 3-D array/,
    );
    assert.throws(
      () => runLayer("lstm", lstm, randomInputs(2, 5, 4)),
      /x: expected shape \[any, any, 3\] \(batch, time, features = kernel rows\), got \[2, 5, 4\]/,
    );
  });

  test("NaN and Infinity", () => {
    const withNaN = structuredClone(x);
    withNaN[0][4][1] = Number.NaN;
    assert.throws(
      () => runLayer("lstm", lstm, withNaN),
      /x\[0\]\[4\]\[1\]: expected a finite number, got NaN/,
    );
    const badWeights = structuredClone(lstm);
    badWeights[1][2][3] = Number.POSITIVE_INFINITY;
    assert.throws(
      () => runLayer("lstm", badWeights, x),
      /weights\[1\] \(recurrentKernel\)\[2\]\[3\]: expected a finite number, got Infinity/,
    );
  });

  test("weights that do not fit the kind", () => {
    const gru = randomWeights("gru", 3, 4, { seed: 3 });
    assert.throws(
      () => runLayer("lstm", gru, x),
      /weights\[1\] \(recurrentKernel\): a lstm with 4 units needs shape \[4, 16\] \(4 gate blocks: i, f, c, o\), got \[4, 12\]/,
    );
    assert.throws(
      () => runLayer("lstm", [lstm[0], lstm[1]] as never, x),
      /weights: expected \[kernel, recurrentKernel, bias\] for lstm, got an array of length 2/,
    );
    assert.throws(
      () => runLayer("lstm", [lstm[0].map((row) => row.slice(1)), lstm[1], lstm[2]], x),
      /weights\[0\] \(kernel\): expected shape \[any, 16\] \(inputSize, 4·units for lstm\), got \[3, 15\]/,
    );
    assert.throws(
      () => runLayer("gru", gru, x, { resetAfter: true }),
      /weights\[2\] \(bias\): a reset-after GRU has two biases, shape \[2, 12\] \(input bias; recurrent bias\), got one of length 12/,
    );
  });

  test("unknown kind, options and option values", () => {
    assert.throws(
      () => runLayer("rnn" as never, lstm, x),
      /kind: expected one of simpleRNN, lstm, gru, got "rnn"/,
    );
    assert.throws(
      () => runLayer("lstm", lstm, x, { returnSequence: true } as never),
      /unknown option "returnSequence"; expected one of activation, recurrentActivation, returnSequences/,
    );
    assert.throws(
      () => runLayer("lstm", lstm, x, { activation: "relu" as never }),
      /activation: expected one of tanh, sigmoid, hardSigmoid, linear, got "relu"/,
    );
    assert.throws(
      () => runLayer("lstm", lstm, x, { precision: "float16" as never }),
      /precision: expected "float64" or "float32", got "float16"/,
    );
    assert.throws(
      () => runLayer("lstm", lstm, x, { goBackwards: "yes" as never }),
      /goBackwards: expected true or false, got "yes"/,
    );
    assert.throws(
      () => runLayer("lstm", lstm, x, { resetAfter: true }),
      /resetAfter: only a gru has a reset gate, got kind lstm/,
    );
    assert.throws(
      () => randomWeights("gru", 3, 4, { unitForgetBias: true }),
      /unitForgetBias: only an lstm has a forget gate/,
    );
    assert.throws(
      () => randomWeights("gru", 3, 4, { sead: 1 } as never),
      /randomWeights: unknown option "sead"/,
    );
  });

  test("initial states of the wrong count or shape", () => {
    const h0 = [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    assert.throws(
      () => runLayer("lstm", lstm, x, { initialState: [h0] }),
      /initialState: a lstm expects \[h0, c0\] \(2 arrays of shape \[2, 4\]\), got 1 arrays/,
    );
    assert.throws(
      () => runLayer("lstm", lstm, x, { initialState: [h0, [[0, 0, 0, 0]]] }),
      /initialState\[1\]: expected shape \[2, 4\] \(batch, units\), got \[1, 4\]/,
    );
  });

  test("dOutput must match the output's shape", () => {
    assert.throws(
      () => layerGradients("lstm", lstm, x, randomInputs(2, 5, 4)),
      /dOutput: expected a 2-D array of numbers, got more dimensions/,
    );
    assert.throws(
      () => layerGradients("lstm", lstm, x, [[1, 2, 3, 4]], { returnSequences: true }),
      /dOutput: expected/,
    );
  });

  test("named gate views cut the fused weights by tfjs's gate order", () => {
    const gates = gateWeights("lstm", lstm);
    assert.deepEqual(Object.keys(gates), ["i", "f", "c", "o"]);
    assert.deepEqual(gates.f.W[0], lstm[0][0].slice(4, 8));
    assert.deepEqual(gates.o.U[3], lstm[1][3].slice(12, 16));
    assert.deepEqual(gates.c.b, (lstm[2] as number[]).slice(8, 12));
  });
});

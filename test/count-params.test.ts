/** Parameter counts: the seed's PyTorch numbers and tfjs's own countParams(). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { countParams } from "../src/core/count-params.js";
import { CELL_KINDS } from "../src/core/kinds.js";
import { loadTensorFlow } from "../src/node/reference/tfjs.js";

describe("countParams", () => {
  test("the seed's PyTorch numbers: nn.RNN(10, 20, 1) = 640, nn.RNN(10, 20, 2) = 1480", () => {
    assert.equal(countParams("simpleRNN", 10, 20, { convention: "pytorch" }), 640);
    assert.equal(countParams("simpleRNN", 10, 20, { layers: 2, convention: "pytorch" }), 1480);
    // PyTorch's LSTM and GRU: 4 and 3 gate blocks, each with b_ih and b_hh
    assert.equal(countParams("lstm", 10, 20, { convention: "pytorch" }), 2560);
    assert.equal(countParams("gru", 10, 20, { convention: "pytorch" }), 1920);
  });

  for (const kind of CELL_KINDS) {
    test(`${kind}: equals tfjs's countParams() for 1 and 2 layers`, async () => {
      const { tf } = await loadTensorFlow({ backend: "cpu" });
      for (const [inputSize, units] of [
        [10, 20],
        [3, 7],
      ]) {
        const model = tf.sequential();
        const make = { simpleRNN: tf.layers.simpleRNN, lstm: tf.layers.lstm, gru: tf.layers.gru }[
          kind
        ];
        const init = { kernelInitializer: "zeros", recurrentInitializer: "zeros" } as const;
        model.add(make({ units, inputShape: [5, inputSize], returnSequences: true, ...init }));
        const oneLayer = model.countParams();
        model.add(make({ units, ...init }));
        assert.equal(
          countParams(kind, inputSize, units),
          oneLayer,
          `${kind} ${inputSize}→${units}`,
        );
        assert.equal(countParams(kind, inputSize, units, { layers: 2 }), model.countParams());
        model.dispose();
      }
    });
  }

  test("tfjs 620 / 2480 / 1860 for 10 → 20", () => {
    assert.deepEqual(
      CELL_KINDS.map((kind) => countParams(kind, 10, 20)),
      [620, 2480, 1860],
    );
  });

  test("bad arguments say what was expected", () => {
    assert.throws(
      () => countParams("rnn" as never, 10, 20),
      /kind: expected one of simpleRNN, lstm, gru, got "rnn"/,
    );
    assert.throws(
      () => countParams("lstm", 0, 20),
      /inputSize: expected a positive integer, got 0/,
    );
    assert.throws(
      () => countParams("lstm", 10, 20, { layers: 1.5 }),
      /layers: expected a positive integer, got 1.5/,
    );
    assert.throws(
      () => countParams("lstm", 10, 20, { convention: "keras" as never }),
      /convention: expected "tfjs" or "pytorch", got "keras"/,
    );
  });
});

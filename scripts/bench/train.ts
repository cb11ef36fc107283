/**
 * npm run bench-train is not a script entry (package.json is shared): run
 *   npx tsx scripts/bench/train.ts [--cells lstm,gru] [--gap 10] [--epochs 3] [--backend wasm] [--json]
 * Trains the same model (same initial weights, same data, Adam η = 0.01, batch 32, no clipping)
 * from scratch and with tf.layers + model.fit, and prints seconds and held-out accuracy for both.
 */
import { CELL_KINDS, type CellKind } from "../../src/core/kinds.js";
import { createModel } from "../../src/core/train/model.js";
import { franceTask } from "../../src/core/train/tasks/france.js";
import { train } from "../../src/core/train/train.js";
import type { BackendChoice } from "../../src/node/reference/tfjs.js";
import { trainWithTensorFlow } from "../../src/node/reference/tfjs-training.js";

const args = process.argv.slice(2);
function flag(name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}
const cells = flag("--cells", "simpleRNN,lstm,gru").split(",") as CellKind[];
for (const cell of cells) {
  if (!CELL_KINDS.includes(cell)) throw new Error(`--cells: unknown cell "${cell}"`);
}
const gap = Number(flag("--gap", "10"));
const epochs = Number(flag("--epochs", "3"));
const backend = flag("--backend", "wasm") as BackendChoice;
const json = args.includes("--json");
const config = { units: 16, embeddingSize: 8, batchSize: 32, learningRate: 0.01, trainCount: 2048 };

const trainSet = franceTask({ gap, count: config.trainCount, seed: 1 });
const testSet = franceTask({ gap, count: 512, seed: 2 });
const rows = [];
for (const cell of cells) {
  const model = createModel(trainSet, {
    cell,
    units: config.units,
    embeddingSize: config.embeddingSize,
    seed: 3,
    ...(cell === "lstm" ? { forgetBias: 2 } : cell === "gru" ? { updateBias: 2 } : {}),
  });
  const scratch = train({
    model,
    train: trainSet,
    test: testSet,
    epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    seed: 3,
    progress: false,
  });
  const reference = await trainWithTensorFlow({
    model,
    train: trainSet,
    test: testSet,
    epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    backend,
  });
  rows.push({
    cell,
    gap,
    steps: scratch.steps,
    scratchSeconds: Number(scratch.seconds.toFixed(2)),
    scratchAccuracy: scratch.history[scratch.history.length - 1].testAccuracy,
    tfjsBackend: reference.backend,
    tfjsSeconds: Number(reference.seconds.toFixed(2)),
    tfjsAccuracy: reference.testAccuracy[reference.testAccuracy.length - 1],
  });
  if (!json) {
    const r = rows[rows.length - 1];
    console.log(
      `${cell.padEnd(9)} gap ${gap} (T=${trainSet.time}), ${epochs} epochs × ${scratch.steps / epochs} steps: from scratch ${r.scratchSeconds.toFixed(1)} s, acc ${(100 * (r.scratchAccuracy ?? 0)).toFixed(1)}%  |  tfjs-${r.tfjsBackend} model.fit ${r.tfjsSeconds.toFixed(1)} s, acc ${(100 * r.tfjsAccuracy).toFixed(1)}%`,
    );
  }
}
if (json) console.log(JSON.stringify({ config: { ...config, gap, epochs }, results: rows }));

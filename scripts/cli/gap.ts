/**
 * npm run gap -- [--cells simpleRNN,lstm,gru] [--gaps 2,10,25] [--seed 0] [--json] …
 * Trains each cell at each gap on "I grew up in <country> … I speak fluent ___" and prints
 * held-out accuracy and training seconds: a table, or with --json one object
 * { "chance": 0.125, "results": [ { "cell", "gap", "accuracy", "seconds", "epochs" } ] }.
 */
import { CELL_KINDS } from "../../src/core/kinds.js";
import {
  type GapExperimentOptions,
  type GapResult,
  gapExperiment,
} from "../../src/core/train/experiment.js";

const USAGE = `usage: npm run gap -- [options]
  --cells LIST          comma-separated, of ${CELL_KINDS.join(", ")} (default: all three)
  --gaps LIST           comma-separated filler counts ≥ 0 (default: 2,10,25)
  --seed N              integer seed of data, weights and shuffles (default: 0)
  --language en|zh      sentence language (default: en)
  --countries N         country→language pairs, 2…8 (default: 8, chance 1/8)
  --units N             hidden units (default: 16)
  --embedding N         word vector size, 0 = one-hot (default: 8)
  --epochs N            at most N passes over the data (default: 10)
  --batch-size N        (default: 32)
  --learning-rate X     Adam's η (default: 0.01)
  --clip X|off          gradient-norm clipping threshold (default: 1)
  --forget-bias X       LSTM's initial forget-gate bias (default: 3)
  --update-bias X       GRU's initial update-gate bias (default: 2)
  --stop-at X           stop a run at this held-out accuracy (default: 0.99)
  --train-count N       training sentences (default: 2048)
  --test-count N        held-out sentences (default: 512)
  --json                print one JSON object instead of a table
  --help                this text`;

function fail(message: string): never {
  console.error(`gap: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) {
    fail(`${flag}: expected an integer ≥ ${min}, got "${value}"`);
  }
  return n;
}

function finiteNumber(flag: string, value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x))
    fail(`${flag}: expected a number, got "${value}"`);
  return x;
}

function positiveNumber(flag: string, value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x <= 0) {
    fail(`${flag}: expected a positive number, got "${value}"`);
  }
  return x;
}

function parse(args: string[]): { options: GapExperimentOptions; json: boolean } {
  const options: GapExperimentOptions = {};
  let json = false;
  for (let a = 0; a < args.length; a++) {
    const flag = args[a];
    if (flag === "--json") {
      json = true;
      continue;
    }
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (!flag.startsWith("--")) fail(`unexpected argument "${flag}"`);
    const value = args[a + 1];
    if (value === undefined || value.startsWith("--")) fail(`${flag}: missing value`);
    a++;
    switch (flag) {
      case "--cells":
        options.cells = value.split(",").map((cell) => {
          if (!(CELL_KINDS as readonly string[]).includes(cell)) {
            fail(`--cells: unknown cell "${cell}"; expected ${CELL_KINDS.join(", ")}`);
          }
          return cell as (typeof CELL_KINDS)[number];
        });
        break;
      case "--gaps":
        options.gaps = value.split(",").map((gap) => integer("--gaps", gap, 0));
        break;
      case "--seed":
        options.seed = integer(flag, value, 0);
        break;
      case "--language":
        if (value !== "en" && value !== "zh") fail(`--language: expected en or zh, got "${value}"`);
        options.language = value;
        break;
      case "--countries":
        options.countries = integer(flag, value, 2);
        break;
      case "--units":
        options.units = integer(flag, value, 1);
        break;
      case "--embedding":
        options.embeddingSize = integer(flag, value, 0);
        break;
      case "--epochs":
        options.epochs = integer(flag, value, 1);
        break;
      case "--batch-size":
        options.batchSize = integer(flag, value, 1);
        break;
      case "--learning-rate":
        options.learningRate = positiveNumber(flag, value);
        break;
      case "--clip":
        options.clipNorm = value === "off" ? null : positiveNumber(flag, value);
        break;
      case "--forget-bias":
        options.forgetBias = finiteNumber(flag, value);
        break;
      case "--update-bias":
        options.updateBias = finiteNumber(flag, value);
        break;
      case "--stop-at":
        options.stopAtAccuracy = positiveNumber(flag, value);
        break;
      case "--train-count":
        options.trainCount = integer(flag, value, 1);
        break;
      case "--test-count":
        options.testCount = integer(flag, value, 1);
        break;
      default:
        fail(`unknown option "${flag}"`);
    }
  }
  return { options, json };
}

function row(result: GapResult): string {
  const accuracy = result.diverged ? "diverged" : `${(100 * result.accuracy).toFixed(1)}%`;
  return `${result.cell.padEnd(10)} ${String(result.gap).padStart(4)}  ${accuracy.padStart(8)}  ${result.seconds.toFixed(1).padStart(6)}  ${String(result.epochs).padStart(6)}`;
}

const { options, json } = parse(process.argv.slice(2));
if (!json)
  console.log(
    `${"cell".padEnd(10)} ${"gap".padStart(4)}  ${"accuracy".padStart(8)}  ${"s".padStart(6)}  ${"epochs".padStart(6)}`,
  );
let experiment: ReturnType<typeof gapExperiment>;
try {
  experiment = gapExperiment({
    ...options,
    onResult: json ? undefined : (result) => console.log(row(result)),
  });
} catch (error) {
  console.error(`gap: ${(error as Error).message}`);
  process.exit(1);
}
const round = (x: number, digits: number) => Number(x.toFixed(digits));
if (json) {
  const results = experiment.results.map((r) => ({
    cell: r.cell,
    gap: r.gap,
    accuracy: Number.isNaN(r.accuracy) ? null : round(r.accuracy, 4),
    seconds: round(r.seconds, 2),
    epochs: r.epochs,
    ...(r.diverged ? { diverged: true } : {}),
  }));
  console.log(JSON.stringify({ chance: experiment.chance, results }));
} else {
  console.log(`chance = ${(100 * experiment.chance).toFixed(1)}%`);
}

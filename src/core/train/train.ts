/**
 * The training loop: seeded shuffles, mini-batches, backprop through the whole model, optional
 * gradient-norm clipping, Adam or SGD; one history record per epoch, shown in place in a notebook.
 * A run whose loss or gradient turns NaN/∞ stops at once with a message that says what to change.
 */
import { say } from "../i18n.js";
import type { ProductPrecision } from "../numeric.js";
import type { ProgressFactory } from "../progress.js";
import { seededRandom } from "../random.js";
import { clipGradientNorm, gradientNorm } from "./clipping.js";
import { checkPositiveInteger, checkUnknownOptions, type Dataset } from "./dataset.js";
import {
  cloneModel,
  createModel,
  evaluate,
  lossAndGradients,
  MODEL_OPTIONS,
  type Model,
  type ModelOptions,
  range,
  streamWindows,
} from "./model.js";
import { adam, type Optimizer, sgd } from "./optimizers.js";

export interface TrainOptions extends Partial<ModelOptions> {
  /** The training sentences / sequences. */
  train: Dataset;
  /** Held-out data, evaluated after every epoch (testLoss, testAccuracy). */
  test?: Dataset;
  /** Start from this model (copied, not changed) instead of a new one built from the options. */
  model?: Model;
  /** "adam" (default) or "sgd". */
  optimizer?: "adam" | "sgd";
  /** η. Default 0.01 for Adam, 0.1 for SGD. */
  learningRate?: number;
  /** SGD's momentum μ, default 0. */
  momentum?: number;
  /** Clip the global gradient norm to this length; undefined or null: no clipping (default). */
  clipNorm?: number | null;
  /** Passes over the training data. Default 10. */
  epochs?: number;
  /** Examples per gradient step. Default 32. */
  batchSize?: number;
  /** Stop after the epoch whose held-out (else training) accuracy reaches this. Default: never. */
  stopAtAccuracy?: number;
  /**
   * Show a progress line per epoch: a factory such as `progress` from src/node/display/progress
   * (in place in a notebook). Default (or false): none.
   */
  progress?: ProgressFactory | boolean;
  /** Called after every epoch with its record. */
  onEpoch?: (record: EpochRecord) => void;
  /**
   * How matrix products are summed: "float64" (default) or "float32" (about 4× faster; used to
   * train the character model of chapter 06 — see src/core/numeric.ts).
   */
  products?: ProductPrecision;
  /**
   * Multiply the learning rate by this after every epoch (η_e = η · decay^(e − 1)); default 1.
   * A long run can start fast and end with small, careful steps.
   */
  learningRateDecay?: number;
  /** Stop after this many gradient steps (e.g. a short live run of a text model). Default: none. */
  maxSteps?: number;
  /** Called after every gradient step. */
  onStep?: (info: StepInfo) => void;
}

/** One gradient step, as `onStep` reports it. */
export interface StepInfo {
  epoch: number;
  /** Steps so far, 1, 2, … */
  step: number;
  /** The batch's mean loss (per example, or per predicted symbol of a text). */
  loss: number;
  /** ‖g‖ before clipping. */
  gradientNorm: number;
}

const MODEL_OPTION_NAMES = [
  "cell",
  "units",
  "layers",
  "embeddingSize",
  "recurrentActivation",
  "forgetBias",
  "updateBias",
] as const;

const TRAIN_OPTIONS = [
  ...MODEL_OPTIONS,
  "train",
  "test",
  "model",
  "optimizer",
  "learningRate",
  "momentum",
  "clipNorm",
  "epochs",
  "batchSize",
  "stopAtAccuracy",
  "progress",
  "onEpoch",
  "maxSteps",
  "onStep",
  "products",
  "learningRateDecay",
] as const;

export interface EpochRecord {
  epoch: number; // 1, 2, …
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Training accuracy over the epoch (weights changing during it). */
  accuracy: number;
  /** After the epoch, on the held-out data (absent without `test`). */
  testLoss?: number;
  testAccuracy?: number;
  /** Mean global gradient norm ‖g‖ before clipping. */
  gradientNorm: number;
  /** Largest ‖g‖ of the epoch. */
  maxGradientNorm: number;
  /** Fraction of the steps whose gradient was clipped. */
  clippedFraction: number;
}

export interface TrainResult {
  /** The trained model. */
  model: Model;
  history: EpochRecord[];
  /** Gradient steps taken. */
  steps: number;
  /** Wall-clock seconds of the training loop (not part of the deterministic history). */
  seconds: number;
}

/** The error a diverging run throws; `history` holds the epochs finished before it. */
export class TrainingDivergedError extends Error {
  constructor(
    message: string,
    readonly history: EpochRecord[],
    readonly epoch: number,
    readonly step: number,
  ) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

function divergenceMessage(
  what: string,
  epoch: number,
  step: number,
  learningRate: number,
  clipNorm: number | null,
): string {
  const clipAdvice =
    clipNorm === null
      ? {
          zh: "打开梯度裁剪（例如 clipNorm: 1）",
          en: "turn on gradient clipping (e.g. clipNorm: 1)",
        }
      : {
          zh: `把 clipNorm 调小（现在是 ${clipNorm}）`,
          en: `use a smaller clipNorm (now ${clipNorm})`,
        };
  return say({
    zh: `训练发散：第 ${epoch} 个迭代周期第 ${step} 步的${what === "loss" ? "损失" : "梯度范数"}变成了 NaN 或 ∞，训练已停止。请${clipAdvice.zh}，或者减小学习率（现在是 ${learningRate}）。`,
    en: `Training diverged: at epoch ${epoch}, step ${step} the ${what === "loss" ? "loss" : "gradient norm"} became NaN or ∞, so training stopped. Try to ${clipAdvice.en}, or a smaller learning rate (now ${learningRate}).`,
  });
}

/** The batches of one epoch, and whether a batch starts from the states the one before ended in. */
interface EpochPlan {
  batches: Int32Array[];
  carryStates: boolean;
  /** What one example contributes to the loss: 1 (a sentence), or T symbols (a window). */
  predictionsPerExample: number;
}

/**
 * Sentences and sequences: a new shuffle, cut into batches. A text: one stretch per batch row,
 * read in consecutive windows so the states carry over (truncated BPTT); each epoch starts the
 * windows a random 0 … T − 1 symbols later, so the cuts fall elsewhere. Without `random` (to
 * count the batches) there is no shuffle and no shift.
 */
function epochPlan(data: Dataset, batchSize: number, random?: () => number): EpochPlan {
  if (data.kind === "sequence") {
    const shift = random ? Math.floor(random() * data.time) : 0;
    return {
      batches: streamWindows(data, batchSize, shift),
      carryStates: true,
      predictionsPerExample: data.time,
    };
  }
  const order = random ? shuffled(data.count, random) : range(0, data.count);
  const batches: Int32Array[] = [];
  for (let start = 0; start < data.count; start += batchSize) {
    batches.push(order.subarray(start, Math.min(start + batchSize, data.count)));
  }
  return { batches, carryStates: false, predictionsPerExample: 1 };
}

/** Shuffles 0 … n−1 with the given random source (Fisher–Yates). */
function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, j) => j);
  for (let j = n - 1; j > 0; j--) {
    const k = Math.min(j, Math.floor(random() * (j + 1)));
    [order[j], order[k]] = [order[k], order[j]];
  }
  return order;
}

function makeOptimizer(options: TrainOptions): Optimizer {
  const name = options.optimizer ?? "adam";
  if (name === "adam") {
    if (options.momentum !== undefined) throw new Error("momentum: only the sgd optimizer uses it");
    return adam({ learningRate: options.learningRate ?? 0.01 });
  }
  if (name === "sgd")
    return sgd({ learningRate: options.learningRate ?? 0.1, momentum: options.momentum });
  throw new Error(`optimizer: expected "adam" or "sgd", got ${JSON.stringify(name)}`);
}

/** Trains a model on `train` and returns it with its per-epoch history. Deterministic for a seed. */
export function train(options: TrainOptions): TrainResult {
  checkUnknownOptions(options, TRAIN_OPTIONS, "train");
  const { train: data, test } = options;
  if (!data || !["tokens", "features", "sequence"].includes(data.kind)) {
    throw new Error(
      "train: expected a dataset (franceTask(…), addingTask(…) or a text's windows) in `train`",
    );
  }
  const maxSteps =
    options.maxSteps === undefined ? undefined : checkPositiveInteger(options.maxSteps, "maxSteps");
  const epochs = checkPositiveInteger(options.epochs ?? 10, "epochs");
  const batchSize = checkPositiveInteger(options.batchSize ?? 32, "batchSize");
  const clipNorm = options.clipNorm ?? null;
  if (clipNorm !== null && !(clipNorm > 0)) {
    throw new Error(
      `clipNorm: expected a positive number (or null for no clipping), got ${clipNorm}`,
    );
  }
  const optimizer = makeOptimizer(options);
  let model: Model;
  if (options.model) {
    const ignored = MODEL_OPTION_NAMES.filter((name) => options[name] !== undefined);
    if (ignored.length > 0) {
      throw new Error(
        `train: ${ignored.join(", ")} would be ignored: a given \`model\` already fixes its architecture`,
      );
    }
    model = cloneModel(options.model);
  } else {
    if (options.cell === undefined)
      throw new Error("train: give a `cell` (simpleRNN, lstm, gru) or a `model`");
    const { cell, units, layers, embeddingSize, recurrentActivation, forgetBias, updateBias } =
      options;
    model = createModel(data, {
      cell,
      units,
      layers,
      embeddingSize,
      recurrentActivation,
      forgetBias,
      updateBias,
      seed: options.seed,
    });
  }
  const random = seededRandom((options.seed ?? 0) + 104729); // the shuffles' own stream
  if (options.progress === true) {
    throw new Error(
      'progress: pass a display, e.g. `progress` from "./src/node/display/progress" (true alone names none)',
    );
  }
  // a text model's epochs are long: its display counts gradient steps instead
  const stepsPerEpoch = data.kind === "sequence" ? epochPlan(data, batchSize).batches.length : 0;
  const totalSteps = Math.min(stepsPerEpoch * epochs, maxSteps ?? Number.POSITIVE_INFINITY);
  const display = options.progress
    ? options.progress(data.kind === "sequence" ? totalSteps : epochs, model.config.cell)
    : undefined;
  const history: EpochRecord[] = [];
  const started = performance.now();
  let steps = 0;
  let stopped = false;
  const decay = options.learningRateDecay ?? 1;
  if (!(decay > 0 && decay <= 1)) {
    throw new Error(`learningRateDecay: expected a number in (0, 1], got ${decay}`);
  }
  const baseRate = optimizer.learningRate;
  for (let epoch = 1; epoch <= epochs && !stopped; epoch++) {
    // η_e = η · decay^(e − 1)
    if (decay !== 1) optimizer.learningRate = baseRate * decay ** (epoch - 1);
    const plan = epochPlan(data, batchSize, random);
    let lossSum = 0;
    let correct = 0;
    let predicted = 0;
    let normSum = 0;
    let maxNorm = 0;
    let clippedCount = 0;
    let batches = 0;
    let carried: Float64Array[][] | undefined; // a text's states, from one window to the next
    for (const examples of plan.batches) {
      const initialStates = plan.carryStates ? carried : undefined;
      const { result, gradients, finalStates } = lossAndGradients(model, data, examples, {
        initialStates,
        products: options.products,
      });
      carried = finalStates;
      const step = batches + 1;
      if (!Number.isFinite(result.loss)) {
        display?.done();
        throw new TrainingDivergedError(
          divergenceMessage("loss", epoch, step, optimizer.learningRate, clipNorm),
          history,
          epoch,
          step,
        );
      }
      const norm =
        clipNorm === null ? gradientNorm(gradients) : clipGradientNorm(gradients, clipNorm).norm;
      if (!Number.isFinite(norm)) {
        display?.done();
        throw new TrainingDivergedError(
          divergenceMessage("gradient", epoch, step, optimizer.learningRate, clipNorm),
          history,
          epoch,
          step,
        );
      }
      if (clipNorm !== null && norm > clipNorm) clippedCount++;
      optimizer.step(model.parameters, gradients);
      const count = examples.length * plan.predictionsPerExample;
      lossSum += result.loss * count;
      correct += result.correct;
      predicted += count;
      normSum += norm;
      maxNorm = Math.max(maxNorm, norm);
      batches++;
      steps++;
      options.onStep?.({ epoch, step: steps, loss: result.loss, gradientNorm: norm });
      if (data.kind === "sequence") display?.update(steps, `${result.loss.toFixed(3)}`);
      if (steps === maxSteps) {
        stopped = true;
        break;
      }
    }
    const record: EpochRecord = {
      epoch,
      loss: lossSum / predicted,
      accuracy: correct / predicted,
      gradientNorm: normSum / batches,
      maxGradientNorm: maxNorm,
      clippedFraction: clippedCount / batches,
    };
    if (test) {
      const evaluation = evaluate(model, test);
      record.testLoss = evaluation.loss;
      record.testAccuracy = evaluation.accuracy;
    }
    history.push(record);
    if (data.kind !== "sequence") display?.update(epoch, epochSummary(record));
    options.onEpoch?.(record);
    const reached = record.testAccuracy ?? record.accuracy;
    if (options.stopAtAccuracy !== undefined && reached >= options.stopAtAccuracy) break;
  }
  display?.done();
  return { model, history, steps, seconds: (performance.now() - started) / 1000 };
}

/** "loss 0.412  acc 87.5%  test 90.2%  ‖g‖ 0.31" */
export function epochSummary(record: EpochRecord): string {
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  const parts = [
    `${say({ zh: "损失", en: "loss" })} ${record.loss.toFixed(3)}`,
    `${say({ zh: "准确率", en: "acc" })} ${percent(record.accuracy)}`,
  ];
  if (record.testAccuracy !== undefined) {
    parts.push(`${say({ zh: "测试", en: "test" })} ${percent(record.testAccuracy)}`);
  }
  parts.push(`‖g‖ ${record.gradientNorm.toPrecision(2)}`);
  return parts.join("  ");
}

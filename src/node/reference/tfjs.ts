/**
 * The reference: TensorFlow.js's own layers, fed our weights. One module owns loading tfjs and
 * choosing its backend: tfjs-node when it installed (an optional dependency), else wasm, else cpu.
 * Override with `loadTensorFlow({ backend })` or the environment variable RNN_TFJS_BACKEND
 * (node | wasm | cpu).
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import type { Matrix } from "../../core/arrays.js";
import { type CellKind, checkKind } from "../../core/kinds.js";
import type { LayerGradients, LayerOptions, LayerResult } from "../../core/layer.js";
import type { LayerWeights } from "../../core/weights.js";
import { projectRoot } from "../project-root.js";

export type BackendChoice = "node" | "wasm" | "cpu";
/** tfjs's own backend names: tfjs-node registers "tensorflow". */
export type BackendName = "tensorflow" | "wasm" | "cpu";

const BACKEND_NAMES: Record<BackendChoice, BackendName> = {
  node: "tensorflow",
  wasm: "wasm",
  cpu: "cpu",
};

let nodeBackendTried = false;

/** Whether the optional @tensorflow/tfjs-node package installed (without loading it). */
export function nodeBackendInstalled(): boolean {
  try {
    createRequire(path.join(projectRoot(), "package.json")).resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
}

/** tfjs-node is optional: require it only if it installed (it downloads libtensorflow). */
function tryNodeBackend(): boolean {
  if (!nodeBackendTried) {
    nodeBackendTried = true;
    try {
      createRequire(path.join(projectRoot(), "package.json"))("@tensorflow/tfjs-node");
    } catch {
      return false;
    }
  }
  return tf.findBackend("tensorflow") !== null && tf.findBackend("tensorflow") !== undefined;
}

export interface LoadedTensorFlow {
  tf: typeof tf;
  backend: BackendName;
}

/**
 * Loads tfjs and sets its backend: the requested one, or the first that works of
 * tfjs-node → wasm → cpu. Says which one runs in `backend`.
 */
export async function loadTensorFlow(
  options: { backend?: BackendChoice } = {},
): Promise<LoadedTensorFlow> {
  tf.enableProdMode();
  const requested = options.backend ?? (process.env.RNN_TFJS_BACKEND as BackendChoice | undefined);
  if (requested !== undefined && !(requested in BACKEND_NAMES)) {
    throw new Error(`backend: expected node, wasm or cpu, got ${JSON.stringify(requested)}`);
  }
  const order: BackendChoice[] = requested ? [requested] : ["node", "wasm", "cpu"];
  for (const choice of order) {
    if (choice === "node" && !tryNodeBackend()) {
      if (requested)
        throw new Error(
          "backend node: @tensorflow/tfjs-node is not installed (it is optional; npm install it with internet access)",
        );
      continue;
    }
    if (await tf.setBackend(BACKEND_NAMES[choice])) {
      await tf.ready();
      return { tf, backend: tf.getBackend() as BackendName };
    }
    if (requested) throw new Error(`backend ${choice}: tfjs could not initialise it`);
  }
  throw new Error("no tfjs backend could be initialised (tried node, wasm, cpu)");
}

/** Builds tf.layers.simpleRNN / lstm / gru with our options; weights are set by the caller. */
function makeLayer(kind: CellKind, units: number, options: LayerOptions): tf.layers.Layer {
  if (options.resetAfter) {
    throw new Error(
      "resetAfter: tfjs layers have only the reset-before GRU; check reset-after with referenceResetAfterGRU",
    );
  }
  const config = {
    units,
    returnSequences: options.returnSequences ?? false,
    returnState: true,
    goBackwards: options.goBackwards ?? false,
    activation: options.activation ?? "tanh",
    // zeros: tfjs's default orthogonal initializer is slow and the weights are replaced anyway
    kernelInitializer: "zeros",
    recurrentInitializer: "zeros",
  } as const;
  const gated = { ...config, recurrentActivation: options.recurrentActivation ?? "hardSigmoid" };
  if (kind === "lstm") return tf.layers.lstm(gated);
  if (kind === "gru") return tf.layers.gru(gated);
  return tf.layers.simpleRNN(config);
}

/** Applies the layer (building it), then puts our weights in and applies it again. */
function applyWithWeights(
  layer: tf.layers.Layer,
  weights: LayerWeights,
  x: tf.Tensor,
  initialState: tf.Tensor[] | undefined,
): tf.Tensor[] {
  const kwargs = initialState ? { initialState } : {};
  tf.dispose(layer.apply(x, kwargs) as tf.Tensor[]);
  layer.setWeights(weights.map((w) => tf.tensor(w as number[])));
  return layer.apply(x, kwargs) as tf.Tensor[];
}

function unitsOf(weights: LayerWeights): number {
  return weights[1].length;
}

/** tf.layers' answer for the same kind, weights, input and options as runLayer. */
export function referenceLayer(
  kindInput: CellKind,
  weights: LayerWeights,
  x: number[][][],
  options: LayerOptions = {},
): LayerResult {
  const kind = checkKind(kindInput);
  return tf.tidy(() => {
    const layer = makeLayer(kind, unitsOf(weights), options);
    const h0 = options.initialState?.map((s) => tf.tensor2d(s));
    const [output, ...states] = applyWithWeights(layer, weights, tf.tensor3d(x), h0);
    return {
      output: output.arraySync() as number[][] | number[][][],
      states: states.map((s) => s.arraySync() as number[][]),
    };
  });
}

/**
 * tfjs's gradients of sum(output ⊙ dOutput): weights through tf.variableGrads, inputs and
 * initial states through tf.grads.
 */
export function referenceGradients(
  kindInput: CellKind,
  weights: LayerWeights,
  x: number[][][],
  dOutput: number[][] | number[][][],
  options: LayerOptions = {},
): LayerGradients {
  const kind = checkKind(kindInput);
  return tf.tidy(() => {
    const layer = makeLayer(kind, unitsOf(weights), options);
    const xT = tf.tensor3d(x);
    const h0 =
      options.initialState?.map((s) => tf.tensor2d(s)) ??
      zeroStates(kind, x.length, unitsOf(weights));
    applyWithWeights(layer, weights, xT, h0);
    const dOut = tf.tensor(dOutput as number[][]);
    const loss = (input: tf.Tensor, states: tf.Tensor[]) =>
      tf.sum(
        tf.mul((layer.apply(input, { initialState: states }) as tf.Tensor[])[0], dOut),
      ) as tf.Scalar;
    const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => loss(xT, h0), variables);
    const [kernel, recurrentKernel, bias] = variables.map((v) => grads[v.name]);
    const inputGrads = tf.grads((...args: tf.Tensor[]) => loss(args[0], args.slice(1)))([
      xT,
      ...h0,
    ]);
    return {
      kernel: kernel.arraySync() as Matrix,
      recurrentKernel: recurrentKernel.arraySync() as Matrix,
      bias: bias.arraySync() as number[],
      x: inputGrads[0].arraySync() as number[][][],
      initialState: inputGrads.slice(1).map((g) => g.arraySync() as Matrix),
    };
  });
}

function zeroStates(kind: CellKind, batch: number, units: number): tf.Tensor[] {
  return Array.from({ length: kind === "lstm" ? 2 : 1 }, () => tf.zeros([batch, units]));
}

/** Two or more tf layers stacked (all but the last return sequences), with our weights. */
export function referenceStack(
  kindInput: CellKind,
  layers: LayerWeights[],
  x: number[][][],
  options: Omit<LayerOptions, "initialState" | "goBackwards"> = {},
): LayerResult {
  const kind = checkKind(kindInput);
  return tf.tidy(() => {
    let input: tf.Tensor = tf.tensor3d(x);
    let result: tf.Tensor[] = [];
    layers.forEach((weights, l) => {
      const last = l === layers.length - 1;
      const layer = makeLayer(kind, unitsOf(weights), {
        ...options,
        returnSequences: last ? (options.returnSequences ?? false) : true,
      });
      result = applyWithWeights(layer, weights, input, undefined);
      input = result[0];
    });
    const [output, ...states] = result;
    return {
      output: output.arraySync() as number[][] | number[][][],
      states: states.map((s) => s.arraySync() as number[][]),
    };
  });
}

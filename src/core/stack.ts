/**
 * Stacked recurrent layers: layer l's hidden sequence h is layer l+1's input x. Every layer
 * but the last returns sequences; the last follows `returnSequences`.
 */
import { toMatrix } from "./arrays.js";
import { blockCount, type CellKind } from "./kinds.js";
import {
  backwardTrace,
  forwardTrace,
  inputGradientArray,
  type LayerGradients,
  type LayerOptions,
  type LayerResult,
  type Trace,
  traceResult,
} from "./layer.js";
import type { LayerWeights } from "./weights.js";

export type StackOptions = Omit<LayerOptions, "initialState" | "goBackwards">;

function stackTraces(
  kind: CellKind,
  layers: LayerWeights[],
  x: number[][][],
  options: StackOptions,
): Trace[] {
  if (!Array.isArray(layers) || layers.length < 1) {
    throw new Error(
      `layers: expected a non-empty array of [kernel, recurrentKernel, bias], got ${JSON.stringify(layers)?.slice(0, 40)}`,
    );
  }
  const traces: Trace[] = [];
  let input = x;
  layers.forEach((weights, l) => {
    const last = l === layers.length - 1;
    const trace = forwardTrace(kind, weights, input, {
      ...options,
      returnSequences: last ? (options.returnSequences ?? false) : true,
    });
    traces.push(trace);
    if (!last) input = traceResult(trace).output as number[][][];
  });
  return traces;
}

/** Forward pass through the stack. */
export function runStack(
  kind: CellKind,
  layers: LayerWeights[],
  x: number[][][],
  options: StackOptions = {},
): LayerResult & { layerStates: number[][][][] } {
  const traces = stackTraces(kind, layers, x, options);
  const top = traceResult(traces[traces.length - 1]);
  return { ...top, layerStates: traces.map((t) => traceResult(t).states) };
}

/** Gradients of sum(output ⊙ dOutput) for every layer's weights and the input. */
export function stackGradients(
  kind: CellKind,
  layers: LayerWeights[],
  x: number[][][],
  dOutput: number[][] | number[][][],
  options: StackOptions = {},
): { layers: Omit<LayerGradients, "x" | "initialState">[]; x: number[][][] } {
  const traces = stackTraces(kind, layers, x, options);
  const top = traces[traces.length - 1];
  const { batch: B, units: U } = top.ctx;
  let dOut: Float64Array;
  if (top.options.returnSequences) {
    const T = top.time;
    dOut = new Float64Array(T * B * U);
    const rows = dOutput as number[][][];
    for (let n = 0; n < B; n++)
      for (let t = 0; t < T; t++)
        for (let u = 0; u < U; u++) dOut[(t * B + n) * U + u] = rows[n][t][u];
  } else {
    dOut = Float64Array.from((dOutput as number[][]).flat());
  }
  const result: Omit<LayerGradients, "x" | "initialState">[] = [];
  let dInputs: Float64Array = new Float64Array(0);
  for (let l = traces.length - 1; l >= 0; l--) {
    const g = backwardTrace(traces[l], dOut);
    const { inputSize: I, units: Ul } = traces[l].ctx;
    const width = blockCount(kind) * Ul;
    result.unshift({
      kernel: toMatrix(g.kernel, I, width),
      recurrentKernel: toMatrix(g.recurrentKernel, Ul, width),
      bias: traces[l].options.resetAfter ? toMatrix(g.bias, 2, width) : Array.from(g.bias),
    });
    // Layer l's inputs (T, B, I) are layer l−1's outputs, already time-major.
    dOut = g.inputs;
    dInputs = g.inputs;
  }
  return { layers: result, x: inputGradientArray(traces[0], dInputs) };
}

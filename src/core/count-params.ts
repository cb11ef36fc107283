/**
 * How many numbers a recurrent layer learns. Two conventions:
 * - "tfjs" (and Keras): one bias per gate block: k·(U·(I + U) + U).
 * - "pytorch": two biases per gate block (b_ih and b_hh): k·(U·(I + U) + 2U).
 * Stacked layers: layer 1 reads I features, every later layer reads the U outputs below it.
 * The seed's nn.RNN(10, 20, 1) has 640 = 10·20 + 20 + 20·20 + 20; nn.RNN(10, 20, 2) has 1480.
 */
import { blockCount, type CellKind, checkKind } from "./kinds.js";

export type ParamConvention = "tfjs" | "pytorch";

export interface CountOptions {
  /** Stacked layers, default 1. */
  layers?: number;
  /** Default "tfjs". */
  convention?: ParamConvention;
}

/** Parameters of one layer reading `inputSize` features. */
export function layerParamCount(
  kind: CellKind,
  inputSize: number,
  units: number,
  convention: ParamConvention,
): number {
  const k = blockCount(kind);
  const biasesPerBlock = convention === "pytorch" ? 2 : 1;
  // kernel (I, kU) + recurrentKernel (U, kU) + bias (kU) per bias vector
  return k * (inputSize * units + units * units + biasesPerBlock * units);
}

export function countParams(
  kindInput: CellKind,
  inputSize: number,
  units: number,
  options: CountOptions = {},
): number {
  const kind = checkKind(kindInput);
  const { layers = 1, convention = "tfjs" } = options;
  for (const [name, n] of [
    ["inputSize", inputSize],
    ["units", units],
    ["layers", layers],
  ] as const) {
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${name}: expected a positive integer, got ${n}`);
  }
  if (convention !== "tfjs" && convention !== "pytorch") {
    throw new Error(`convention: expected "tfjs" or "pytorch", got ${JSON.stringify(convention)}`);
  }
  let total = layerParamCount(kind, inputSize, units, convention);
  for (let l = 1; l < layers; l++) total += layerParamCount(kind, units, units, convention);
  return total;
}

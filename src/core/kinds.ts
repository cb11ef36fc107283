/**
 * The three recurrent cells and the facts that define their weight layout. One source of truth:
 * every other module asks here for gate order, gate count and state count.
 */

export type CellKind = "simpleRNN" | "lstm" | "gru";

export const CELL_KINDS: readonly CellKind[] = ["simpleRNN", "lstm", "gru"];

/**
 * Column blocks of the fused weights, in tfjs's order. kernel is [I, k·U], recurrentKernel
 * [U, k·U], bias [k·U] with k = number of blocks.
 * - lstm: input gate, forget gate, candidate ("c" in tfjs: c̃_t), output gate.
 * - gru: update gate z, reset gate r, candidate h̃ ("h" in tfjs).
 */
export const GATES = {
  simpleRNN: ["h"],
  lstm: ["i", "f", "c", "o"],
  gru: ["z", "r", "h"],
} as const satisfies Record<CellKind, readonly string[]>;

export type GateName<K extends CellKind> = (typeof GATES)[K][number];

/** k: how many U-wide column blocks the fused weights hold. */
export function blockCount(kind: CellKind): number {
  return GATES[kind].length;
}

/** LSTM carries two states [h, c]; simple RNN and GRU carry [h]. */
export function stateCount(kind: CellKind): number {
  return kind === "lstm" ? 2 : 1;
}

export function checkKind(kind: unknown): CellKind {
  if (typeof kind === "string" && (CELL_KINDS as readonly string[]).includes(kind)) {
    return kind as CellKind;
  }
  throw new Error(`kind: expected one of ${CELL_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
}

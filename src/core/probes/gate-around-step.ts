/**
 * One gate around one step of a sentence, per unit (chapters 03 and 04: the step that reads the
 * country). From a (T, U) table g[t][u] of gate values (e.g. inspect(…).gates.forgetGate):
 *
 *   at[u]          = g[step][u]
 *   lowestAfter[u] = min_{t > step} g[t][u]
 *   meanAfter[u]   = mean_{t > step} g[t][u]
 */

export interface GateAroundStep {
  /** g[step][u] (U). */
  at: number[];
  /** min over the steps after `step` (U). */
  lowestAfter: number[];
  /** mean over the steps after `step` (U). */
  meanAfter: number[];
}

/** The gate at `step` and over the steps after it; needs at least one step after it. */
export function gateAroundStep(values: number[][], step: number): GateAroundStep {
  const T = values.length;
  if (!Number.isInteger(step) || step < 0 || step >= T - 1) {
    throw new Error(
      `step: expected an integer in [0, ${T - 1}) (a step with steps after it), got ${step}`,
    );
  }
  const U = values[0].length;
  values.forEach((row, t) => {
    if (row.length !== U) throw new Error(`values[${t}]: expected ${U} units, got ${row.length}`);
  });
  const after = values.slice(step + 1); // (T − step − 1, U)
  const column = (u: number) => after.map((row) => row[u]);
  return {
    at: values[step].slice(),
    lowestAfter: Array.from({ length: U }, (_, u) => Math.min(...column(u))),
    meanAfter: Array.from(
      { length: U },
      (_, u) => column(u).reduce((s, v) => s + v, 0) / after.length,
    ),
  };
}

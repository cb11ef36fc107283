/**
 * Gate activations as time × unit tables, and the units that remember the country (chapters 03
 * and 04). Everything reads a Trace (../layer.ts): trace.steps[t] holds every gate of step t for
 * the whole batch, each (B, U) flat.
 */
import type { Trace } from "../layer.js";

/** Step fields that hold one value per unit: inputGate, forgetGate, cellState, updateGate, h … */
export type StepField =
  | "inputGate"
  | "forgetGate"
  | "candidate"
  | "outputGate"
  | "cellState"
  | "updateGate"
  | "resetGate"
  | "h";

/** values[t][u] = trace.steps[t][field] for one sample: a (T, U) table for a heatmap. */
export function stepByUnit(trace: Trace, field: StepField, sample = 0): number[][] {
  const { batch: B, units: U } = trace.ctx;
  if (!Number.isInteger(sample) || sample < 0 || sample >= B) {
    throw new Error(`sample: expected an integer in [0, ${B}), got ${sample}`);
  }
  return trace.steps.map((step, t) => {
    const values = (step as unknown as Record<string, Float64Array | Float32Array | undefined>)[
      field
    ];
    if (values === undefined) {
      throw new Error(`step ${t} of a ${trace.kind} has no ${field}`);
    }
    return Array.from(values.subarray(sample * U, (sample + 1) * U));
  });
}

/**
 * How much of unit u's value at step t is explained by the class of the sentence:
 *   R²_u = (variance of the class means) / (total variance)      over the batch, in [0, 1].
 * Close to 1: the unit's value tells the classes apart (it carries the country); 0: it does not.
 */
export function classSeparation(
  trace: Trace,
  field: StepField,
  t: number,
  labels: ArrayLike<number>,
): number[] {
  const { batch: B, units: U } = trace.ctx;
  if (labels.length !== B) throw new Error(`labels: expected ${B}, got ${labels.length}`);
  if (!Number.isInteger(t) || t < 0 || t >= trace.time) {
    throw new Error(`t: expected a step in [0, ${trace.time}), got ${t}`);
  }
  const table = Array.from({ length: B }, (_, n) => stepByUnit(trace, field, n)[t]); // (B, U)
  const classes = [...new Set(Array.from(labels))];
  return Array.from({ length: U }, (_, u) => {
    const all = table.map((row) => row[u]);
    const mean = all.reduce((s, v) => s + v, 0) / B;
    const total = all.reduce((s, v) => s + (v - mean) ** 2, 0);
    let between = 0;
    for (const c of classes) {
      const members = all.filter((_, n) => labels[n] === c);
      const classMean = members.reduce((s, v) => s + v, 0) / members.length;
      between += members.length * (classMean - mean) ** 2;
    }
    return total === 0 ? 0 : between / total;
  });
}

/** The `count` units whose value at step t separates the classes best, best first. */
export function unitsCarryingTheClass(
  trace: Trace,
  field: StepField,
  t: number,
  labels: ArrayLike<number>,
  count = 2,
): { unit: number; separation: number }[] {
  return classSeparation(trace, field, t, labels)
    .map((separation, unit) => ({ unit, separation }))
    .sort((a, b) => b.separation - a.separation || a.unit - b.unit)
    .slice(0, count);
}

/**
 * Nested number arrays (what notebooks and tfjs's arraySync() use) ⇄ flat buffers, with
 * errors that name what was expected and what came.
 */
import type { Floats } from "./numeric.js";

export type Matrix = number[][];
export type Tensor3 = number[][][];

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Checks that `value` is a rectangular nested array of finite numbers; returns its shape. */
export function shapeOf(value: unknown, name: string, rank: number): number[] {
  const shape: number[] = [];
  let probe: unknown = value;
  for (let d = 0; d < rank; d++) {
    if (!Array.isArray(probe)) {
      throw new Error(`${name}: expected a ${rank}-D array of numbers, got ${describe(value)}`);
    }
    shape.push(probe.length);
    probe = probe[0];
  }
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === rank) {
      if (Array.isArray(node)) {
        throw new Error(
          `${name}: expected a ${rank}-D array of numbers, got more dimensions (${name}${path} is ${describe(node)})`,
        );
      }
      if (typeof node !== "number") {
        throw new Error(`${name}${path}: expected a number, got ${describe(node)}`);
      }
      if (!Number.isFinite(node)) {
        throw new Error(`${name}${path}: expected a finite number, got ${node}`);
      }
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new Error(
        `${name}${path}: expected an array of length ${shape[depth]} (shape [${shape.join(", ")}]), got ${describe(node)}`,
      );
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, "");
  return shape;
}

/** Like shapeOf, and also checks the shape against `expected` (null = any size). */
export function expectShape(
  value: unknown,
  name: string,
  expected: readonly (number | null)[],
  meaning: string,
): number[] {
  const shape = shapeOf(value, name, expected.length);
  const fits = expected.every((size, d) => size === null || size === shape[d]);
  if (!fits) {
    const want = expected.map((s) => (s === null ? "any" : s)).join(", ");
    throw new Error(`${name}: expected shape [${want}] (${meaning}), got [${shape.join(", ")}]`);
  }
  return shape;
}

/** Writes a checked nested array into a flat row-major buffer, rounding each number
 * (float32 mode: tfjs stores inputs and weights as float32). */
export function flatten(
  value: unknown,
  into: Floats,
  round: (x: number) => number = (x) => x,
): Floats {
  let i = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else into[i++] = round(node as number);
  };
  walk(value);
  return into;
}

export function toMatrix(data: ArrayLike<number>, rows: number, cols: number, offset = 0): Matrix {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => data[offset + r * cols + c]),
  );
}

/** Largest |a − b| over two nested arrays of the same shape. */
export function maxAbsDiff(a: unknown, b: unknown, path = ""): number {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b);
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
    throw new Error(
      `maxAbsDiff${path}: the two values have different shapes (${describe(a)} vs ${describe(b)})`,
    );
  }
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, maxAbsDiff(a[i], b[i], `${path}[${i}]`));
  return worst;
}

/** Normwise relative error: max |a − b| / max(max |b|, floor). */
export function maxRelDiff(a: unknown, b: unknown, floor = 1e-3): number {
  const flatA: number[] = [];
  const flatB: number[] = [];
  const collect = (node: unknown, out: number[]): void => {
    if (Array.isArray(node)) for (const child of node) collect(child, out);
    else out.push(node as number);
  };
  collect(a, flatA);
  collect(b, flatB);
  if (flatA.length !== flatB.length) {
    throw new Error(`maxRelDiff: ${flatA.length} numbers vs ${flatB.length}`);
  }
  let scale = floor;
  for (const v of flatB) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < flatA.length; i++) {
    worst = Math.max(worst, Math.abs(flatA[i] - flatB[i]) / scale);
  }
  return worst;
}

/**
 * Parameters in a checkpoint file: float64 arrays stored as float32 bytes in base64 (half the size
 * of JSON numbers, and exactly what training in float32 used). Browser-safe: btoa/atob, no Buffer.
 * Used by the character model's checkpoints (charlm/checkpoint.ts) and chapter 07's
 * (seq2seq/checkpoint.ts).
 */

function toBase64(bytes: Uint8Array): string {
  let text = "";
  const chunk = 0x8000;
  for (let j = 0; j < bytes.length; j += chunk) {
    text += String.fromCharCode(...bytes.subarray(j, j + chunk));
  }
  return btoa(text);
}

function fromBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let j = 0; j < text.length; j++) bytes[j] = text.charCodeAt(j);
  return bytes;
}

/** float64 → float32 bytes, little-endian on every machine. */
export function float32Base64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let j = 0; j < values.length; j++) view.setFloat32(4 * j, values[j], true);
  return toBase64(bytes);
}

export function float32Values(base64: string, length: number, name: string): Float64Array {
  const bytes = fromBase64(base64);
  if (bytes.length !== 4 * length) {
    throw new Error(
      `parameters.${name}: expected ${length} float32 numbers, got ${bytes.length / 4}`,
    );
  }
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length }, (_, j) => view.getFloat32(4 * j, true));
}

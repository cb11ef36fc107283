/**
 * Text with a colour behind every character: a unit's value as the model reads (chapter 06), or
 * how much each character still matters for the next one. A pure builder: the spec is JSON (for
 * the course website and the live sampler) and `coloredTextHtml` turns it into self-contained
 * HTML with inline styles, which renders the same in a notebook, in nbconvert's HTML and on the
 * site.
 */

export const COLORED_TEXT_MIME = "application/vnd.rnn-notebooks.colored-text+json";

export interface ColoredText {
  /** One entry per character shown (a line break starts a new line). */
  characters: string[];
  /** One value per character. */
  values: number[];
  /** "signed": blue below 0, red above (white at 0); "magnitude": white at 0 → orange at the top. */
  scale: "signed" | "magnitude";
  /** The value at full colour (default: the largest |value|). */
  limit: number;
  /** A short line above the text. */
  title?: string;
}

/** A coloured-text spec, checked: as many values as characters, all finite. */
export function coloredText(
  characters: string[],
  values: number[],
  options: { scale?: ColoredText["scale"]; limit?: number; title?: string } = {},
): ColoredText {
  if (characters.length !== values.length) {
    throw new Error(
      `coloredText: ${characters.length} characters but ${values.length} values (one per character)`,
    );
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`coloredText: value ${bad} is ${values[bad]}, expected a number`);
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const spec: ColoredText = {
    characters,
    values,
    scale: options.scale ?? "signed",
    limit: options.limit ?? (largest || 1),
  };
  if (options.title !== undefined) spec.title = options.title;
  return spec;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (ch) => ESCAPES[ch]);

/** The background colour of one value: rgb(…) between white and blue/red or orange. */
export function backgroundOf(value: number, spec: Pick<ColoredText, "scale" | "limit">): string {
  const t = Math.max(-1, Math.min(1, value / spec.limit));
  // blue #0072B2 for −1, red #D55E00 for +1, orange #E69F00 for magnitude 1; white at 0
  const [r, g, b] =
    spec.scale === "magnitude" ? [230, 159, 0] : t < 0 ? [0, 114, 178] : [213, 94, 0];
  const a = Math.abs(t);
  const mix = (c: number) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/**
 * Self-contained HTML (inline styles, escaped text); a value shows as each character's tooltip.
 * Every space is kept (`white-space:pre-wrap`: a notebook cannot collapse a coloured space) and
 * English lines wrap at spaces; `overflow-wrap:anywhere` breaks a run with no space.
 */
export function coloredTextHtml(spec: ColoredText): string {
  const spans = spec.characters
    .map((ch, j) => {
      if (ch === "\n") return "<br>";
      const shown = escapeHtml(ch);
      const title = spec.values[j].toFixed(3);
      return `<span title="${title}" style="background:${backgroundOf(spec.values[j], spec)}">${shown}</span>`;
    })
    .join("");
  const title = spec.title
    ? `<div style="font-size:0.85em;margin-bottom:0.3em">${escapeHtml(spec.title)}</div>`
    : "";
  return `<div class="rnn-colored-text" style="font-family:monospace;line-height:1.6;white-space:pre-wrap;overflow-wrap:anywhere">${title}${spans}</div>`;
}

/** A plain-text line for terminals and tests. */
export function describeColoredText(spec: ColoredText): string {
  const text = spec.characters.join("").replace(/\n/g, "⏎");
  const short = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return `${spec.title ? `${spec.title}: ` : ""}${short} (${spec.values.length} coloured characters, ±${spec.limit.toPrecision(3)})`;
}

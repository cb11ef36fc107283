/**
 * A stricter test of the form than the line-form rate (./line-form.ts), which only counts lines
 * of 5 or 7 characters and would accept a poem that mixes them. A regular poem keeps one line
 * length from its first line to its last, and its lines alternate ，and 。:
 *
 *   xxxxx，xxxxx。xxxxx，xxxxx。   or   xxxxxxx，xxxxxxx。…
 *
 * The poem-form rate of a text is the share of its complete poems (text lines with a line break
 * on both sides, so a sample's first and last line are never judged) that have this form.
 */
import { PIECE_ENDS } from "./line-form.js";

/** One regular poem of lines of n characters: (line，line。) repeated, nothing else. */
function regularPoem(n: number): RegExp {
  const character = `[^${PIECE_ENDS}]`;
  return new RegExp(`^(?:${character}{${n}}，${character}{${n}}。)+$`, "u");
}

const REGULAR_POEMS = [regularPoem(5), regularPoem(7)];

/** Whether one poem (one text line, without its line break) keeps one form throughout. */
export function isRegularPoem(poem: string): boolean {
  return REGULAR_POEMS.some((form) => form.test(poem));
}

export interface PoemForm {
  /** Share of the complete poems that are regular (0 when there is none). */
  rate: number;
  /** How many complete poems were judged. */
  poems: number;
  /** How many of them were regular. */
  regular: number;
}

/** The poem-form rate of a text (see above). */
export function poemForm(text: string): PoemForm {
  const poems = text
    .split("\n")
    .slice(1, -1)
    .filter((poem) => poem !== "");
  const regular = poems.filter(isRegularPoem).length;
  return { rate: poems.length === 0 ? 0 : regular / poems.length, poems: poems.length, regular };
}

/**
 * Did the model learn the form of a Tang poem? A regular poem is made of lines of exactly five
 * or exactly seven characters, each ended by ，or 。. The line-form rate of a text is the share of
 * its pieces that have that length: split at ，。！？；、 and line breaks, drop the first and the
 * last piece (a sample may start or stop mid-line), count the pieces of exactly 5 or 7 characters.
 */

/** The characters that end a piece. */
export const PIECE_ENDS = "，。！？；、\n";

/** The pieces of a text between piece ends (empty pieces dropped), without the first and last. */
export function innerPieces(text: string): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const ch of text) {
    if (PIECE_ENDS.includes(ch)) {
      pieces.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  pieces.push(current);
  return pieces.slice(1, -1).filter((piece) => piece !== "");
}

export interface LineForm {
  /** Share of the inner pieces with exactly 5 or 7 characters (0 when there is no inner piece). */
  rate: number;
  /** How many inner pieces were counted. */
  pieces: number;
  /** How many had 5 or 7 characters. */
  regular: number;
}

/** The line-form rate of a text (see above). */
export function lineForm(text: string): LineForm {
  const pieces = innerPieces(text);
  const regular = pieces.filter((piece) => {
    const length = Array.from(piece).length;
    return length === 5 || length === 7;
  }).length;
  return {
    rate: pieces.length === 0 ? 0 : regular / pieces.length,
    pieces: pieces.length,
    regular,
  };
}

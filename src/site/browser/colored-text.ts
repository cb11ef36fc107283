// Coloured text (src/core/plots/colored-text.ts) as the site shows it, static and live: the same
// HTML, but English text wraps between words inside the page's column. coloredTextHtml writes
// each space as "&nbsp;" in a `white-space:normal` block (so a notebook cannot collapse it), which
// leaves an English line no place to wrap: it runs out of the column. Here a space is a plain
// space in a `white-space:pre-wrap` block (every space kept, lines break at spaces), and
// `overflow-wrap:anywhere` breaks a run with no space. test/site-live.test.ts checks that the
// English sample stays inside its figure. Browser-safe and Node-safe (the site build uses it too).
import { type ColoredText, coloredTextHtml } from "../../core/plots/colored-text.js";

/** coloredTextHtml, wrapping at spaces (see above). */
export function siteColoredTextHtml(spec: ColoredText): string {
  return coloredTextHtml(spec)
    .replace("white-space:normal", "white-space:pre-wrap;overflow-wrap:anywhere")
    .replace(/>&nbsp;<\/span>/g, "> </span>");
}

/**
 * Coloured text (src/core/plots/colored-text.ts, chapter 06 and the site's sampler): the spec is
 * checked, every character gets its own colour and tooltip, HTML is escaped, spaces are kept as
 * spaces (so English lines can wrap between words) and a line break is a <br>.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  backgroundOf,
  coloredText,
  coloredTextHtml,
  describeColoredText,
} from "../src/core/plots/colored-text.js";

describe("coloured text", () => {
  test("the spec is refused when values and characters disagree or a value is not finite", () => {
    assert.throws(() => coloredText(["a", "b"], [1]), /2 characters but 1 values/);
    assert.throws(() => coloredText(["a"], [Number.NaN]), /value 0 is NaN/);
    assert.equal(coloredText(["a", "b"], [0.5, -2]).limit, 2);
    assert.equal(coloredText(["a"], [0]).limit, 1);
  });

  test("colours run from white at 0 to blue (−limit) and red (+limit); magnitude is orange", () => {
    const signed = { scale: "signed" as const, limit: 2 };
    assert.equal(backgroundOf(0, signed), "rgb(255,255,255)");
    assert.equal(backgroundOf(-2, signed), "rgb(0,114,178)");
    assert.equal(backgroundOf(5, signed), "rgb(213,94,0)");
    assert.equal(backgroundOf(1, { scale: "magnitude", limit: 1 }), "rgb(230,159,0)");
  });

  test("HTML: one span per character, escaped, spaces kept as spaces, lines wrap", () => {
    const spec = coloredText([..."a <b> c", "\n", "d"], [1, 0, -1, 0.5, 0, 0, 0, 0, 0.25], {
      title: "unit & state",
    });
    const html = coloredTextHtml(spec);
    const spans = [
      ...html.matchAll(/<span title="([^"]+)" style="background:([^"]+)">(.*?)<\/span>/g),
    ];
    assert.deepEqual(
      spans.map((m) => m[3]),
      ["a", " ", "&lt;", "b", "&gt;", " ", "c", "d"],
    );
    assert.deepEqual(
      spans.map((m) => m[1]),
      ["1.000", "0.000", "-1.000", "0.500", "0.000", "0.000", "0.000", "0.250"],
    );
    assert.equal(spans[2][2], backgroundOf(-1, spec));
    assert.match(html, /c<\/span><br><span/);
    assert.match(html, /white-space:pre-wrap/);
    assert.doesNotMatch(html, /&nbsp;/);
    assert.match(html, />unit &amp; state</);
    assert.equal(
      describeColoredText(spec),
      "unit & state: a <b> c⏎d (9 coloured characters, ±1.00)",
    );
  });
});

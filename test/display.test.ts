// show() and progress(): the one wrapper of tslab's multi-mime display (src/node/display/mime.ts),
// checked with a stand-in writer and in a real tslab kernel.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { type DisplayContent, setDisplayWriter } from "../src/node/display/mime.js";
import { progress, progressLine } from "../src/node/display/progress.js";
import {
  PLOTLY_BUNDLE_MARKER,
  PLOTLY_MIME,
  type PlotlyFigure,
  resetShowSession,
  show,
} from "../src/node/display/show.js";
import { KernelSession, ROOT } from "./support/jupyter.js";

const figure: PlotlyFigure = {
  data: [{ x: [1, 2, 3], y: [2, 4, 8], type: "scatter", name: "</script> is escaped" }],
  layout: { title: { text: "test figure" } },
};

describe("show() with a stand-in kernel writer", () => {
  after(() => setDisplayWriter(undefined));

  test("one display_data with plotly JSON, HTML and text; plotly.js inlined only in the first", () => {
    const sent: Array<{ content: DisplayContent; update: boolean }> = [];
    setDisplayWriter((content, update) => sent.push({ content, update }));
    resetShowSession();
    show(figure);
    show(figure);
    assert.equal(sent.length, 2, "one output per show()");
    for (const { content, update } of sent) {
      assert.equal(update, false);
      assert.deepEqual(Object.keys(content.data).sort(), [PLOTLY_MIME, "text/html", "text/plain"]);
      assert.deepEqual((content.data[PLOTLY_MIME] as PlotlyFigure).data, figure.data);
      assert.equal(content.data["text/plain"], 'Plotly figure "test figure": 1 trace (scatter)');
    }
    const [first, second] = sent.map((s) => s.content.data["text/html"] as string);
    assert.ok(first.includes(PLOTLY_BUNDLE_MARKER) && first.includes("plotly.js v4"));
    assert.ok(first.length > 1_000_000, "plotly.js is inlined (offline)");
    assert.ok(!second.includes(PLOTLY_BUNDLE_MARKER) && second.length < 10_000);
    assert.ok(second.includes("window.Plotly.newPlot("));
    // the trace name must not close the <script> early
    assert.equal(second.split("</script>").length, 2);
  });

  test("div ids are deterministic: the same figures give the same ids in a new session", () => {
    const ids = () => {
      const found: string[] = [];
      setDisplayWriter((content) => {
        found.push(/id="(rnn-plot-[^"]+)"/.exec(content.data["text/html"] as string)![1]);
      });
      resetShowSession();
      show(figure);
      show({ data: [{ y: [1] }] });
      return found;
    };
    const first = ids();
    assert.deepEqual(ids(), first);
    assert.notEqual(first[0], first[1]);
  });

  test("outside a kernel show() prints the text description", (t) => {
    setDisplayWriter(undefined);
    const logged: string[] = [];
    t.mock.method(console, "log", (line: string) => logged.push(line));
    show(figure);
    assert.deepEqual(logged, ['Plotly figure "test figure": 1 trace (scatter)']);
  });

  test("progress() outside a notebook prints plain lines and a ⏱ timing line", (t) => {
    setDisplayWriter(undefined);
    const logged: string[] = [];
    t.mock.method(console, "log", (line: string) => logged.push(line));
    const bar = progress(4, "train");
    for (let i = 1; i <= 4; i++) bar.update(i, `step ${i}`);
    bar.done();
    assert.ok(logged.length >= 2 && logged.length <= 3, logged.join("\n"));
    assert.match(logged.at(-1)!, /^train ▕█+▏ 4\/4 {2}step 4\n⏱ train: \d+\.\d s$/);
    assert.equal(progressLine("x", 1, 2).includes("1/2"), true);
  });
});

describe("show() and progress() in a real tslab kernel", () => {
  test("each show() is ONE display_data with three mime types; progress updates in place", async () => {
    const kernel = await new KernelSession(`${ROOT}/test/fixtures`).ready();
    try {
      const imports = await kernel.execute(
        'import { show } from "./src/node/display/show";\nimport { progress } from "./src/node/display/progress";',
      );
      assert.equal(imports.status, "ok", JSON.stringify(imports));
      const plots = await kernel.execute(
        'show({ data: [{ y: [1, 3, 2] }] });\nshow({ data: [{ y: [2, 1] }], layout: { title: "two" } });',
      );
      assert.equal(plots.status, "ok");
      assert.equal(plots.outputs.length, 2, JSON.stringify(plots.outputs.map((o) => o.type)));
      for (const output of plots.outputs) {
        assert.equal(output.type, "display_data");
        assert.deepEqual(Object.keys(output.data!).sort(), [
          PLOTLY_MIME,
          "text/html",
          "text/plain",
        ]);
      }
      const html = plots.outputs.map((o) => o.data!["text/html"] as string);
      assert.ok(html[0].includes(PLOTLY_BUNDLE_MARKER));
      assert.ok(!html[1].includes(PLOTLY_BUNDLE_MARKER));
      // later cells of the same session reuse the inlined library
      const again = await kernel.execute("show({ data: [{ y: [5] }] });");
      assert.ok(!(again.outputs[0].data!["text/html"] as string).includes(PLOTLY_BUNDLE_MARKER));

      const work = await kernel.execute(
        'const bar = progress(3, "work");\nfor (let i = 1; i <= 3; i++) { await new Promise((r) => setTimeout(r, 120)); bar.update(i); }\nbar.done();',
      );
      assert.equal(work.status, "ok");
      const kinds = work.outputs.map((o) => o.type);
      assert.equal(kinds[0], "display_data");
      assert.ok(
        kinds.slice(1).every((k) => k === "update_display_data"),
        kinds.join(),
      );
      assert.ok(new Set(work.outputs.map((o) => o.display_id)).size === 1);
      assert.match(work.outputs.at(-1)!.data!["text/plain"] as string, /3\/3\n⏱ work: /);
    } finally {
      await kernel.close();
    }
  });
});

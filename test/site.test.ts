// The website renderer without a browser: what is escaped, what is typeset, what links where.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { PLOTLY_BUNDLE_MARKER, PLOTLY_MIME } from "../src/node/display/show.js";
import { highlightTypeScript } from "../src/site/highlight.js";
import { escapeHtml, scriptJson } from "../src/site/html.js";
import { writeCheckpointScripts } from "../src/site/live-figure.js";
import {
  countPlotOutputs,
  type ExecutedNotebook,
  type NotebookCell,
  renderMarkdown,
  renderNotebook,
  siteTarget,
} from "../src/site/render-notebook.js";
import { buildSite, type SiteChapter } from "../src/site/site.js";
import { ROOT } from "./support/jupyter.js";

const markdownCell = (text: string): NotebookCell => ({ cell_type: "markdown", source: text });
const codeCell = (code: string, outputs: NotebookCell["outputs"] = []): NotebookCell => ({
  cell_type: "code",
  source: code,
  outputs,
});
const notebookOf = (...cells: NotebookCell[]): ExecutedNotebook => ({
  cells,
  metadata: { rnn_notebooks: { source: "notebooks/source/99-test.md" } },
});

describe("prose is never raw HTML", () => {
  test("HTML tags in markdown are shown as text", () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script> and <img src=x onerror="alert(2)">\n\n<div onclick="x()">block</div>',
    );
    assert.doesNotMatch(html, /<script|<img|<div/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;div onclick=&quot;x\(\)&quot;&gt;block&lt;\/div&gt;/);
  });

  test("javascript: links are not links", () => {
    const html = renderMarkdown("[click](javascript:alert(1)) [ok](https://example.org)");
    assert.doesNotMatch(html, /href="javascript:/);
    assert.match(html, /<a href="https:\/\/example.org" rel="noopener">ok<\/a>/);
  });

  test("only the builder's own folded solution becomes <details>", () => {
    const solution =
      "<details>\n<summary>Solution</summary>\n\nBecause $x^2$ <b>grows</b>.\n\n```ts\nlet a = 1 < 2;\n```\n\n</details>";
    const html = renderNotebook(notebookOf(markdownCell(solution)), "t").body;
    assert.match(html, /<details class="solution"><summary>Solution<\/summary>/);
    assert.match(html, /&lt;b&gt;grows&lt;\/b&gt;/);
    assert.match(html, /class="katex"/);
    assert.match(
      html,
      /<span class="tok-keyword">let<\/span> a = <span class="tok-number">1<\/span> &lt; /,
    );
    const other = renderNotebook(notebookOf(markdownCell("<details open>\nhi\n</details>")), "t");
    assert.doesNotMatch(other.body, /<details/);
  });

  test("the 'generated from' banner is left out, the title is the first # heading", () => {
    const page = renderNotebook(
      notebookOf(
        markdownCell("> Generated from `notebooks/source/99-test.md` — edit it there."),
        markdownCell("# The $h_t$ chapter\n\nText."),
      ),
      "t",
    );
    assert.doesNotMatch(page.body, /Generated from/);
    assert.equal(page.titleText, "The h_t chapter");
    assert.match(page.titleHtml, /^The <span class="katex">/);
  });
});

describe("math is typeset at build time", () => {
  test("inline and display formulas become KaTeX HTML, `_` in math is not emphasis", () => {
    const html = renderMarkdown(
      "Inline $h_t = \\tanh(x_t W + h_{t-1} U + b)$ here.\n\n$$\nC_t = f_t \\odot C_{t-1}\n$$\n",
    );
    assert.match(html, /<span class="katex">/);
    assert.match(html, /<div class="math-display"><span class="katex-display">/);
    assert.doesNotMatch(html, /katex-error|<em>/);
    assert.doesNotMatch(html, /\$/);
  });

  test("a broken formula is a visible .katex-error (the browser test fails on it)", () => {
    assert.match(renderMarkdown("bad $\\frac{1}{$ here"), /katex-error/);
  });
});

describe("outputs", () => {
  const figure = {
    data: [{ x: [1, 2], y: [3, 4], name: "</script><script>alert(1)</script>" }],
    layout: { height: 300 },
  };
  const plotOutput = {
    output_type: "display_data",
    data: {
      [PLOTLY_MIME]: figure,
      "text/html": `<script ${PLOTLY_BUNDLE_MARKER}>/* plotly.js */</script><div id="p"></div>`,
      "text/plain": "Plotly figure: 1 trace (scatter)",
    },
  };

  test("stdout and stderr are escaped, consecutive stream chunks joined", () => {
    const page = renderNotebook(
      notebookOf(
        codeCell('console.log("<b>")', [
          { output_type: "stream", name: "stdout", text: "<b>bold</b>\n" },
          { output_type: "stream", name: "stdout", text: ["a & b\n"] },
          { output_type: "stream", name: "stderr", text: "\u001b[31m<err>\u001b[0m\n" },
        ]),
      ),
      "t",
    );
    assert.match(
      page.body,
      /<pre class="output output-stream output-stdout">&lt;b&gt;bold&lt;\/b&gt;\na &amp; b<\/pre>/,
    );
    assert.match(page.body, /<pre class="output output-stream output-stderr">&lt;err&gt;<\/pre>/);
    assert.doesNotMatch(page.body, /<b>/);
    assert.ok(!page.body.includes("\u001b"), "colour codes removed");
  });

  test("a plot is re-emitted from its plotly JSON; the output's own HTML and inlined plotly.js are not used", () => {
    const notebook = notebookOf(codeCell("show(figure)", [plotOutput]));
    const page = renderNotebook(notebook, "t");
    assert.equal(page.plots, 1);
    assert.equal(countPlotOutputs(notebook), 1);
    assert.doesNotMatch(page.body, new RegExp(PLOTLY_BUNDLE_MARKER));
    assert.match(page.body, /<div class="rnn-plot" id="plot-1" style="height:300px"><\/div>/);
    const json = /<script type="application\/json" data-plot="plot-1">(.*?)<\/script>/.exec(
      page.body,
    );
    assert.ok(json, "the figure as JSON");
    assert.deepEqual(JSON.parse(json[1]), figure);
    assert.equal(
      page.body.match(/<\/script>/g)?.length,
      1,
      "the trace name cannot close the script",
    );
  });

  test("other text/html outputs are not passed through: text/plain instead, and a warning", () => {
    const page = renderNotebook(
      notebookOf(
        codeCell("tslab.display.html(…)", [
          {
            output_type: "display_data",
            data: { "text/html": "<img src=x onerror=alert(1)>", "text/plain": "<a table>" },
          },
          { output_type: "display_data", data: { "text/html": "<b>only html</b>" } },
        ]),
      ),
      "chapter.ipynb",
    );
    assert.doesNotMatch(page.body, /<img|<b>/);
    assert.match(page.body, /&lt;a table&gt;/);
    assert.equal(page.warnings.length, 2);
    assert.match(page.warnings[0], /^chapter\.ipynb cell 0: a text\/html output is not shown/);
  });
});

describe("claims and timing lines", () => {
  test("a claim cell shows no code, only its verdicts as small check-marked lines", () => {
    const claim: NotebookCell = {
      cell_type: "code",
      source: 'claim("The RNN gets <it> right", true, "97% ≥ 95%");',
      metadata: { tags: ["claim"], jupyter: { source_hidden: true } } as NotebookCell["metadata"],
      outputs: [
        {
          output_type: "stream",
          name: "stdout",
          text: "✓ checked: The RNN gets <it> right (97% ≥ 95%)\n",
        },
        { output_type: "stream", name: "stdout", text: ["✓ checked: and more (1 ≤ 2)\n"] },
      ],
    };
    const body = renderNotebook(notebookOf(claim), "t").body;
    assert.doesNotMatch(body, /claim\(|cell-input|notebooks\/source/);
    assert.equal(
      body,
      '<section class="cell cell-claim">\n' +
        '<p class="claim"><span class="claim-mark" aria-hidden="true">✓</span> checked: The RNN gets &lt;it&gt; right (97% ≥ 95%)</p>\n' +
        '<p class="claim"><span class="claim-mark" aria-hidden="true">✓</span> checked: and more (1 ≤ 2)</p>\n' +
        "</section>",
    );
  });

  test("the ⏱ of timing lines is drawn as an inline SVG (no font needed)", () => {
    const body = renderNotebook(
      notebookOf(
        codeCell("train()", [
          { output_type: "stream", name: "stdout", text: "⏱ 3.2 s\n" },
          { output_type: "display_data", data: { "text/plain": "done\n⏱ gap length: 4.8 s" } },
        ]),
      ),
      "t",
    ).body;
    assert.doesNotMatch(body, /⏱(?!")/, "no ⏱ left as text (only in the SVG's aria-label)");
    assert.equal(body.match(/<svg class="glyph-timer"/g)?.length, 2);
    assert.match(
      body,
      /output-stdout"><svg class="glyph-timer"[^>]*aria-label="⏱">.*<\/svg> 3\.2 s</,
    );
  });
});

describe("helpers", () => {
  test("escapeHtml and scriptJson", () => {
    assert.equal(
      escapeHtml(`<a href="x">'&'</a>`),
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
    const value = { s: "</script><!-- \u2028" };
    assert.doesNotMatch(scriptJson(value), /<|>|\u2028/);
    assert.deepEqual(JSON.parse(scriptJson(value)), value);
  });

  test("highlighting keeps the code exactly (escaped) and marks tokens", () => {
    const code =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source with templates
      "const a = `x ${b + `in ${c}`} y` / 2; // <b>\nconst r = /a<b/g; let n = 1e-6 as number;";
    const html = highlightTypeScript(code);
    const unescapeHtml = (s: string) =>
      s
        .replace(/<[^>]+>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
    assert.equal(unescapeHtml(html), code);
    assert.match(html, /<span class="tok-comment">\/\/ &lt;b&gt;<\/span>/);
    assert.match(html, /<span class="tok-regexp">\/a&lt;b\/g<\/span>/);
    assert.match(html, /<span class="tok-string">`x \$\{<\/span>/);
    assert.match(
      html,
      /<span class="tok-keyword">as<\/span> <span class="tok-keyword">number<\/span>/,
    );
  });

  test("notebook-relative targets are rewritten for the site's folders", () => {
    assert.equal(siteTarget("../../assets/diagrams/lstm.en.svg"), "../assets/diagrams/lstm.en.svg");
    assert.equal(siteTarget("01-rnn.ipynb#gates"), "01-rnn.html#gates");
    assert.equal(siteTarget("./02-lstm.ipynb"), "02-lstm.html");
    assert.equal(siteTarget("https://example.org/a.ipynb"), "https://example.org/a.ipynb");
  });
});

describe("the site's structure", () => {
  const work = mkdtempSync(join(tmpdir(), "rnn-site-unit-"));
  const out = join(work, "site");
  after(() => rmSync(work, { recursive: true, force: true }));

  /** Writes a fake executed chapter with `plots` plot outputs and returns it as a SiteChapter. */
  const chapter = (lang: "zh" | "en", name: string, plots: number): SiteChapter => {
    const notebook = join(work, "executed", lang, `${name}.ipynb`);
    mkdirSync(dirname(notebook), { recursive: true });
    const cells = [
      markdownCell(`# ${lang} ${name}\n\n![d](../../assets/diagrams/x.${lang}.svg)`),
      ...Array.from({ length: plots }, () =>
        codeCell("show()", [
          { output_type: "display_data", data: { [PLOTLY_MIME]: { data: [] } } },
        ]),
      ),
    ];
    writeFileSync(notebook, JSON.stringify(notebookOf(...cells)));
    return { lang, name, notebook };
  };

  test("index per language, language switch, previous/next; every local link resolves", () => {
    const chapters = [
      chapter("zh", "00-a", 1),
      chapter("zh", "01-b", 0),
      chapter("en", "00-a", 1),
      chapter("en", "01-b", 2),
      chapter("en", "02-c", 0), // no zh twin yet
    ];
    const result = buildSite(ROOT, out, chapters);
    assert.deepEqual(result.pages.map((p) => p.path).sort(), [
      "en/00-a.html",
      "en/01-b.html",
      "en/02-c.html",
      "en/index.html",
      "zh/00-a.html",
      "zh/01-b.html",
      "zh/index.html",
    ]);
    const page = (path: string) => readFileSync(join(out, path), "utf8");
    const href = (html: string, cls: string) =>
      new RegExp(`<a class="${cls}"[^>]* href="([^"]*)"`).exec(html)?.[1];

    assert.equal(href(page("en/01-b.html"), "lang-switch"), "../zh/01-b.html");
    assert.equal(href(page("en/02-c.html"), "lang-switch"), "../zh/index.html");
    assert.equal(href(page("zh/index.html"), "lang-switch"), "../en/index.html");
    assert.equal(href(page("en/01-b.html"), "nav-prev"), "00-a.html");
    assert.equal(href(page("en/01-b.html"), "nav-next"), "02-c.html");
    assert.equal(href(page("en/00-a.html"), "nav-prev"), undefined);
    assert.equal(href(page("zh/01-b.html"), "nav-next"), undefined);
    assert.match(page("en/index.html"), /<a href="02-c.html">en 02-c<\/a>/);

    // plotly.js: one shared copy, loaded only by pages with plots, never inlined
    assert.ok(existsSync(join(out, "assets", "plotly.min.js")));
    assert.match(page("en/00-a.html"), /<script src="..\/assets\/plotly.min.js"><\/script>/);
    assert.doesNotMatch(page("en/02-c.html"), /plotly.min.js/);
    assert.ok(existsSync(join(out, "assets", "katex", "katex.min.css")));
    assert.ok(readdirSync(join(out, "assets", "katex", "fonts")).some((f) => f.endsWith(".woff2")));

    // every relative href/src of every page points at a file of the site (diagrams excepted:
    // the fake chapters name diagrams that do not exist)
    for (const p of [...result.pages.map((x) => x.path), "index.html"]) {
      const html = page(p);
      assert.ok(html.length < 100_000, `${p} is small: nothing inlined`);
      for (const [, target] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        if (/^(data:|https?:)/.test(target) || target.includes("/diagrams/")) continue;
        assert.doesNotMatch(target, /^\//, `${p}: ${target} is relative`);
        const file = join(out, dirname(p), target.replace(/#.*$/, ""));
        assert.ok(existsSync(file), `${p}: ${target} resolves`);
      }
    }
  });
});

describe("checkpoints for the live samplers", () => {
  test("each is taken from the first folder that has it; a missing one is named", () => {
    const dir = mkdtempSync(join(tmpdir(), "rnn-models-"));
    try {
      const [first, second, out] = ["first", "second", "out"].map((name) => join(dir, name));
      for (const folder of [first, second]) mkdirSync(folder);
      writeFileSync(join(first, "a.json"), '{"from":"first"}');
      writeFileSync(join(second, "a.json"), '{"from":"second"}');
      writeFileSync(join(second, "b.json"), '{"from":"second"}');
      const missing = writeCheckpointScripts([first, second], out, ["a", "b", "c", "a"]);
      assert.deepEqual(missing, [join(first, "c.json")]);
      const script = (name: string) =>
        readFileSync(join(out, "assets", "models", `${name}.js`), "utf8");
      assert.match(script("a"), /"from":"first"/);
      assert.match(script("b"), /"from":"second"/);
      assert.equal(existsSync(join(out, "assets", "models", "c.js")), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

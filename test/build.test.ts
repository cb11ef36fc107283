import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Glossary } from "../src/core/i18n.js";
import { projectRoot } from "../src/node/project-root.js";
import {
  BuildError,
  buildNotebooks,
  planBuild,
  staleNotebooks,
} from "../src/notebook-builder/build.js";
import {
  checkEditionsAgree,
  checkGlossaryUse,
  checkMath,
  scanCode,
} from "../src/notebook-builder/checks.js";
import {
  EDITIONS,
  type Notebook,
  renderNotebook,
  sourceText,
} from "../src/notebook-builder/notebook.js";
import { parseChapter, SourceErrors } from "../src/notebook-builder/parse.js";

const FILE = "notebooks/source/01-test.md";
const GLOSSARY: Glossary = {
  forget_gate: { zh: "遗忘门", en: "forget gate" },
  half_done: { zh: "半", en: "" },
  country_france: { zh: "法国", en: "France", kind: "country", language: "language_french" },
  language_french: { zh: "法语", en: "French", kind: "language" },
};

/** A chapter source from lines, so tests can name line numbers plainly. */
const source = (...lines: string[]) => `${lines.join("\n")}\n`;
const pair = (zh: string, en: string) => ["::: zh", zh, ":::", "", "::: en", en, ":::", ""];
const fence = (...code: string[]) => ["```ts", ...code, "```", ""];

const CHAPTER = source(
  ...pair(
    "# 标题\n\n第一段 $h_t$。\n\n第二段。",
    "# Title\n\nFirst paragraph $h_t$.\n\nSecond one.",
  ),
  ...fence('console.log(term("forget_gate"));'),
  ":::: exercise",
  ...pair("问题？", "Question?"),
  "```ts check",
  "check();",
  "```",
  "::::",
  "",
  ":::: solution",
  ...pair("答案。", "Answer."),
  ...fence("answer();"),
  "::::",
  "",
  "::: glossary",
  ":::",
);

/** The messages a source fails with (parse errors), or [] if it parses. */
function problemsOf(text: string): string[] {
  try {
    parseChapter(text, FILE);
    return [];
  } catch (error) {
    if (!(error instanceof SourceErrors)) throw error;
    return error.errors.map((e) => e.message);
  }
}

/** The test glossary without its incomplete entry (glossaryProblems refuses that one). */
const { half_done: _incomplete, ...VALID } = GLOSSARY;

/** A throwaway project: sources only, no notebooks yet (the builds below use VALID). */
function scratchProject(sources: Record<string, string> = { "01-test.md": CHAPTER }): string {
  const root = mkdtempSync(join(tmpdir(), "rnn-build-"));
  mkdirSync(join(root, "notebooks/source"), { recursive: true });
  for (const [name, text] of Object.entries(sources))
    writeFileSync(join(root, "notebooks/source", name), text);
  return root;
}

const read = (root: string, path: string) => readFileSync(join(root, path), "utf8");
const notebookAt = (root: string, path: string) => JSON.parse(read(root, path)) as Notebook;

describe("the committed notebooks", () => {
  it("equal a fresh build of their sources", () => {
    assert.deepEqual(staleNotebooks(projectRoot()), []);
  });

  it("share their code cells across zh, en and bilingual", () => {
    const root = projectRoot();
    const byChapter = new Map<string, Record<string, Notebook>>();
    for (const planned of planBuild(root)) {
      const edition = planned.path.split("/")[1];
      const editions = byChapter.get(planned.source) ?? {};
      editions[edition] = JSON.parse(planned.content) as Notebook;
      byChapter.set(planned.source, editions);
    }
    assert.ok(byChapter.size > 0);
    for (const [file, editions] of byChapter) {
      assert.deepEqual(
        checkEditionsAgree(editions as Record<"zh" | "en" | "bilingual", Notebook>, file),
        [],
      );
    }
  });
});

describe("npm run build", () => {
  it("writes zh, en and bilingual notebooks: banner first, tslab kernelspec, no outputs", () => {
    const root = scratchProject();
    const result = buildNotebooks(root, { glossary: VALID });
    assert.deepEqual(result.written, [
      "notebooks/zh/01-test.ipynb",
      "notebooks/en/01-test.ipynb",
      "notebooks/bilingual/01-test.ipynb",
    ]);
    for (const edition of EDITIONS) {
      const notebook = notebookAt(root, `notebooks/${edition}/01-test.ipynb`);
      assert.equal(notebook.nbformat, 4);
      assert.equal(notebook.nbformat_minor, 5);
      assert.deepEqual(notebook.metadata.kernelspec, {
        display_name: "TypeScript (rnn-notebooks)",
        language: "typescript",
        name: "rnn-tslab",
      });
      assert.equal(notebook.metadata.rnn_notebooks?.edition, edition);
      assert.match(
        sourceText(notebook.cells[0].source),
        /Generated from `notebooks\/source\/01-test\.md` — edit it there|由 `notebooks\/source\/01-test\.md` 生成/,
      );
      const ids = notebook.cells.map((cell) => cell.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const id of ids) assert.match(id, /^[a-zA-Z0-9_-]{1,64}$/);
      for (const cell of notebook.cells.filter((c) => c.cell_type === "code")) {
        assert.deepEqual(cell.outputs, []);
        assert.equal(cell.execution_count, null);
      }
    }
    const zh = notebookAt(root, "notebooks/zh/01-test.ipynb").cells.map((cell) =>
      sourceText(cell.source),
    );
    assert.equal(zh[1], "# 标题\n\n第一段 $h_t$。\n\n第二段。");
    assert.equal(zh[3], "**练习 1**\n\n问题？");
    assert.match(
      zh[5],
      /^<details>\n<summary>参考答案<\/summary>\n\n答案。\n\n```ts\nanswer\(\);\n```\n\n<\/details>$/,
    );
    assert.match(
      zh[6],
      /^\| 中文 \| English \| `term\(\)` \|\n\|---\|---\|---\|\n\| 遗忘门 \| forget gate \| `forget_gate` \|/,
    );
    assert.ok(!zh[6].includes("法国"), "countries are task data, not course terms");
    const en = notebookAt(root, "notebooks/en/01-test.ipynb").cells.map((cell) =>
      sourceText(cell.source),
    );
    assert.equal(en[1], "# Title\n\nFirst paragraph $h_t$.\n\nSecond one.");
    assert.match(en[6], /^\| English \| 中文 \|/);
  });

  it("puts each zh paragraph next to its en twin in the bilingual edition", () => {
    const root = scratchProject();
    buildNotebooks(root, { glossary: VALID });
    const cells = notebookAt(root, "notebooks/bilingual/01-test.ipynb").cells;
    assert.equal(
      sourceText(cells[1].source),
      "# 标题 · Title\n\n第一段 $h_t$。\n\nFirst paragraph $h_t$.\n\n第二段。\n\nSecond one.",
    );
    assert.equal(sourceText(cells[3].source), "**练习 1 · Exercise 1**\n\n问题？\n\nQuestion?");
  });

  it("tags a ```ts check fence as a check cell", () => {
    const chapter = parseChapter(CHAPTER, FILE);
    const notebook = renderNotebook(chapter, "en", GLOSSARY);
    const check = notebook.cells.find((cell) => sourceText(cell.source) === "check();");
    assert.deepEqual(check?.metadata, { tags: ["check"] });
  });

  it("rebuilds byte-identically, without touching unchanged files", () => {
    const root = scratchProject();
    buildNotebooks(root, { glossary: VALID });
    const first = EDITIONS.map((edition) => read(root, `notebooks/${edition}/01-test.ipynb`));
    const again = buildNotebooks(root, { glossary: VALID });
    assert.deepEqual(again.written, []);
    assert.equal(again.unchanged.length, 3);
    assert.deepEqual(
      EDITIONS.map((edition) => read(root, `notebooks/${edition}/01-test.ipynb`)),
      first,
    );
  });

  it("reports a stale notebook by name", () => {
    const root = scratchProject();
    buildNotebooks(root, { glossary: VALID });
    writeFileSync(
      join(root, "notebooks/source/01-test.md"),
      CHAPTER.replace("Second one.", "Second paragraph."),
    );
    assert.deepEqual(staleNotebooks(root, VALID), [
      "notebooks/en/01-test.ipynb: differs from a fresh build of notebooks/source/01-test.md (run npm run build)",
      "notebooks/bilingual/01-test.ipynb: differs from a fresh build of notebooks/source/01-test.md (run npm run build)",
    ]);
  });

  it("refuses to overwrite a notebook a learner edited, and says how to keep or discard it", () => {
    const root = scratchProject();
    buildNotebooks(root, { glossary: VALID });
    const path = "notebooks/zh/01-test.ipynb";
    const edited = notebookAt(root, path);
    edited.cells[2].source = ['console.log("my own experiment");'];
    writeFileSync(join(root, path), JSON.stringify(edited));
    const enBefore = read(root, "notebooks/en/01-test.ipynb");
    writeFileSync(
      join(root, "notebooks/source/01-test.md"),
      CHAPTER.replace("Second one.", "Second paragraph."),
    );

    assert.throws(
      () => buildNotebooks(root, { glossary: VALID }),
      (error: unknown) => {
        assert.ok(error instanceof BuildError);
        assert.match(
          error.message,
          /^notebooks\/zh\/01-test\.ipynb: not overwritten, its cells were edited/,
        );
        assert.match(
          error.message,
          /cp notebooks\/zh\/01-test\.ipynb notebooks\/zh\/01-test\.mine\.ipynb/,
        );
        assert.match(error.message, /npm run build -- --force/);
        return true;
      },
    );
    assert.equal(
      read(root, "notebooks/en/01-test.ipynb"),
      enBefore,
      "a refused build writes nothing",
    );
    assert.match(read(root, path), /my own experiment/);
    assert.match(
      staleNotebooks(root, VALID)[0],
      /zh\/01-test\.ipynb: its cells were edited .* \(edit notebooks\/source\/01-test\.md instead\)/,
    );

    const forced = buildNotebooks(root, { force: true, glossary: VALID });
    assert.deepEqual(forced.discarded, [path]);
    assert.doesNotMatch(read(root, path), /my own experiment/);
  });

  it("rebuilds a notebook that was only run (outputs are not the learner's work)", () => {
    const root = scratchProject();
    buildNotebooks(root, { glossary: VALID });
    const path = "notebooks/en/01-test.ipynb";
    const clean = read(root, path);
    const executed = notebookAt(root, path);
    const code = executed.cells.find((cell) => cell.cell_type === "code")!;
    code.outputs = [{ name: "stdout", output_type: "stream", text: ["forget gate\n"] }];
    code.execution_count = 1;
    executed.metadata.widgets = {};
    writeFileSync(join(root, path), JSON.stringify(executed));
    assert.deepEqual(staleNotebooks(root, VALID), [
      `${path}: has outputs (run npm run build to strip them)`,
    ]);
    assert.deepEqual(buildNotebooks(root, { glossary: VALID }).written, [path]);
    assert.equal(read(root, path), clean);
  });

  it("refuses to overwrite a file it did not write", () => {
    const root = scratchProject();
    mkdirSync(join(root, "notebooks/en"), { recursive: true });
    writeFileSync(join(root, "notebooks/en/01-test.ipynb"), '{"cells": [], "metadata": {}}');
    assert.throws(
      () => buildNotebooks(root, { glossary: VALID }),
      /notebooks\/en\/01-test\.ipynb: not overwritten, it was not written by the build/,
    );
  });

  it("reports a generated notebook whose source is gone", () => {
    const root = scratchProject({ "01-test.md": CHAPTER, "02-gone.md": CHAPTER });
    buildNotebooks(root, { glossary: VALID });
    rmSync(join(root, "notebooks/source/02-gone.md"));
    const stale = staleNotebooks(root, VALID);
    assert.equal(stale.length, 3);
    assert.match(
      stale[0],
      /^notebooks\/zh\/02-gone\.ipynb: its source notebooks\/source\/02-gone\.md no longer exists/,
    );
  });

  it("names a badly named source", () => {
    const root = scratchProject({ "setup.md": CHAPTER });
    assert.throws(
      () => buildNotebooks(root, { glossary: VALID }),
      /notebooks\/source\/setup\.md: a chapter source is named NN-name\.md/,
    );
  });
});

describe("zh/en twins", () => {
  it("a ::: zh without its ::: en is an error naming file and line", () => {
    const text = source(...pair("一", "one"), "::: zh", "二", ":::", "", ...fence("x();"));
    assert.deepEqual(problemsOf(text), [
      `${FILE}:9: ::: zh block has no ::: en twin: every ::: zh is followed right away by its ::: en`,
    ]);
  });

  it("a ::: en without its ::: zh is an error naming file and line", () => {
    const text = source(...pair("一", "one"), "::: en", "two", ":::");
    assert.deepEqual(problemsOf(text), [
      `${FILE}:9: ::: en block has no ::: zh twin before it: write the ::: zh block first, then its ::: en`,
    ]);
  });

  it("an extra ::: zh is reported, and the right pair still pairs", () => {
    const text = source("::: zh", "多余", ":::", "", ...pair("一", "one"));
    assert.deepEqual(problemsOf(text), [
      `${FILE}:1: ::: zh block has no ::: en twin: every ::: zh is followed right away by its ::: en`,
    ]);
  });

  it("en before zh is out of order", () => {
    const text = source("::: en", "one", ":::", "", "::: zh", "一", ":::");
    assert.equal(problemsOf(text).length, 2);
    assert.match(problemsOf(text)[0], /:1: ::: en block has no ::: zh twin/);
  });
});

describe("edge cases", () => {
  it("an empty container", () => {
    const text = source("::: zh", "", ":::", "", "::: en", "one", ":::");
    assert.deepEqual(problemsOf(text), [
      `${FILE}:1: empty ::: zh block: write its text, or delete the pair`,
    ]);
    assert.deepEqual(problemsOf(source(":::: exercise", "::::")), [
      `${FILE}:1: empty ::: exercise block: write the question as a ::: zh / ::: en pair`,
    ]);
  });

  it("an unknown container name", () => {
    const text = source(...pair("一", "one"), "::: note", "careful", ":::");
    assert.deepEqual(problemsOf(text), [
      `${FILE}:9: unknown container "::: note" (known: zh, en, exercise, solution, glossary)`,
    ]);
  });

  it("a ```ts fence inside a language block is an error; a display fence is prose", () => {
    const code = source(
      "::: zh",
      "看：",
      "",
      "```ts",
      "x();",
      "```",
      ":::",
      "",
      "::: en",
      "See:",
      ":::",
    );
    const [problem, ...rest] = problemsOf(code);
    assert.deepEqual(rest, []);
    assert.match(
      problem,
      /^notebooks\/source\/01-test\.md:4: a ```ts fence inside ::: zh: code is shared by every edition/,
    );
    const display = source(
      "::: zh",
      "```text",
      "我在法国长大……",
      "```",
      ":::",
      "",
      "::: en",
      "```text",
      "I grew up in France …",
      "```",
      ":::",
    );
    assert.deepEqual(problemsOf(display), []);
  });

  it("a shared fence that is not ```ts, and text outside the language blocks", () => {
    const text = source(...pair("一", "one"), "```python", "print(1)", "```", "", "Stray words.");
    assert.deepEqual(problemsOf(text), [
      `${FILE}:9: a \`\`\`python fence outside ::: zh / ::: en: fences shared by the editions are code cells and must be \`\`\`ts; put display-only text inside the language blocks`,
      `${FILE}:13: text outside ::: zh / ::: en at the top level: every sentence belongs to a language block`,
    ]);
  });

  it("an unclosed container", () => {
    const text = source(...pair("一", "one"), "::: zh", "二");
    assert.ok(
      problemsOf(text).includes(
        `${FILE}:9: ::: zh is never closed (a line with only ::: closes it; an outer block needs ::::)`,
      ),
    );
  });

  it("a nested block without the extra colon", () => {
    const text = source("::: exercise", ...pair("问", "Q"), ":::");
    assert.ok(problemsOf(text).some((problem) => problem.includes(":2: ::: zh is never closed")));
  });

  it("a non-empty ::: glossary, and a ::: solution away from its exercise", () => {
    const text = source(
      "::: glossary",
      "words",
      ":::",
      "",
      ":::: solution",
      ...pair("答", "A"),
      "::::",
    );
    assert.deepEqual(problemsOf(text), [
      `${FILE}:1: ::: glossary must be empty: the build writes the term table from src/core/glossary.ts`,
      `${FILE}:5: a ::: solution comes right after its ::: exercise (one solution per exercise)`,
    ]);
  });

  it("an empty ```ts fence and an empty chapter", () => {
    assert.deepEqual(problemsOf(source("```ts", "```")), [
      `${FILE}:1: empty \`\`\`ts fence: write the code, or delete the fence`,
    ]);
    assert.deepEqual(problemsOf(""), [`${FILE}:1: the chapter is empty`]);
  });

  it("an exercise must open with its question", () => {
    const text = source(":::: exercise", ...fence("x();"), ...pair("问", "Q"), "::::");
    assert.deepEqual(problemsOf(text), [
      `${FILE}:1: ::: exercise starts with its question: a ::: zh / ::: en pair`,
    ]);
  });
});

describe("code and glossary", () => {
  it("finds term() keys in code by its syntax tree, not in comments or strings", () => {
    const uses = scanCode(
      '// term("in_comment")\nconst s = "term(\\"in_string\\")";\nterm("forget_gate");\nterm(key);',
    );
    assert.deepEqual(uses, [
      { line: 3, key: "forget_gate" },
      { line: 4, problem: "term() needs a string literal key, so the build can check it" },
    ]);
  });

  it("every glossary key used by code exists in both languages", () => {
    const text = source(
      ...pair("一", "one"),
      ...fence("term('forget_gate');", 'term("forgot_gate");', 'term("half_done");'),
    );
    const errors = checkGlossaryUse(parseChapter(text, FILE), GLOSSARY).map((e) => e.message);
    assert.deepEqual(errors, [
      `${FILE}:11: term("forgot_gate"): no such key in src/core/glossary.ts`,
      `${FILE}:12: term("half_done") has no en label in src/core/glossary.ts`,
    ]);
  });

  it("say() needs both languages", () => {
    const text = source(
      ...pair("一", "one"),
      ...fence('say({ zh: "你好", en: "hello" });', 'say({ zh: "只有中文" });'),
    );
    const errors = checkGlossaryUse(parseChapter(text, FILE), GLOSSARY).map((e) => e.message);
    assert.deepEqual(errors, [`${FILE}:11: say() is missing its en text`]);
  });

  it("code cells are identical across editions, and a difference is caught", () => {
    const chapter = parseChapter(CHAPTER, FILE);
    const notebooks = {
      zh: renderNotebook(chapter, "zh", GLOSSARY),
      en: renderNotebook(chapter, "en", GLOSSARY),
      bilingual: renderNotebook(chapter, "bilingual", GLOSSARY),
    };
    assert.deepEqual(checkEditionsAgree(notebooks, FILE), []);
    const code = notebooks.en.cells.find((cell) => cell.cell_type === "code")!;
    code.source = ["changed();"];
    assert.deepEqual(checkEditionsAgree(notebooks, FILE), [
      `${FILE}: code cell 1 differs between zh and en`,
    ]);
  });

  it("every formula renders with KaTeX", () => {
    const text = source(
      ...pair("好的 $\\sigma(x)$，坏的 $\\frac{1}{$。", "Good $$\\tanh$$, bad $\\notacommand$."),
    );
    const errors = checkMath(parseChapter(text, FILE)).map((e) => e.message);
    assert.equal(errors.length, 2);
    assert.match(
      errors[0],
      /^notebooks\/source\/01-test\.md:2: KaTeX cannot render "\\frac\{1\}\{"/,
    );
    assert.match(errors[1], /:6: KaTeX cannot render "\\notacommand"/);
  });
});

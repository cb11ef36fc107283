// biome-ignore-all lint/suspicious/noTemplateCurlyInString: chapter sources and TypeScript code as test data
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { type Glossary, loadGlossary } from "../src/core/i18n.js";
import { projectRoot } from "../src/node/project-root.js";
import {
  BuildError,
  buildNotebooks,
  planBuild,
  staleNotebooks,
} from "../src/notebook-builder/build.js";
import {
  checkEditionCode,
  longCodeLines,
  prepareChapterCode,
} from "../src/notebook-builder/chapter-code.js";
import { checkGlossaryUse, checkMath, scanCode } from "../src/notebook-builder/checks.js";
import {
  codeDifference,
  displayWidth,
  normalizeCode,
} from "../src/notebook-builder/edition-code.js";
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

  it("share their code across zh, en and bilingual, language aside", () => {
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
      const chapter = parseChapter(readFileSync(join(root, file), "utf8"), file);
      const code = prepareChapterCode(chapter, loadGlossary());
      assert.deepEqual(
        checkEditionCode(chapter, editions as Record<"zh" | "en" | "bilingual", Notebook>, code),
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

describe("code in the reader's language", () => {
  const I18N: Glossary = {
    ...VALID,
    backend: { zh: "后端", en: "backend" },
    odd: { zh: "反`引号", en: "odd" },
  };
  const CODE = [
    'import { say, term } from "./src/core/i18n";',
    'import { show } from "./src/node/display/show";',
    'const backend = "wasm";',
    "// zh: 后端的名字",
    "// en: the backend's name",
    'console.log(`${term("backend")}: ${backend}`); // end-of-line comments stay',
    "console.log(",
    "  say({",
    "    zh: `你好 ${backend}`,",
    "    en: `hello ${backend}`,",
    "  }),",
    ");",
  ];
  const editions = () => {
    const chapter = parseChapter(source(...pair("一", "one"), ...fence(...CODE)), FILE);
    const code = prepareChapterCode(chapter, I18N);
    return { chapter, code, texts: code.code.get(chapter.blocks[1] as never)! };
  };

  it("resolves say() and term(), folds templates, keeps one language's comments, drops unused imports", () => {
    const { texts } = editions();
    assert.equal(
      texts.zh.text,
      [
        'import { show } from "./src/node/display/show";',
        'const backend = "wasm";',
        "// 后端的名字",
        "console.log(`后端: ${backend}`); // end-of-line comments stay",
        "console.log(",
        "  `你好 ${backend}`,",
        ");",
      ].join("\n"),
    );
    assert.equal(
      texts.en.text,
      [
        'import { show } from "./src/node/display/show";',
        'const backend = "wasm";',
        "// the backend's name",
        "console.log(`backend: ${backend}`); // end-of-line comments stay",
        "console.log(",
        "  `hello ${backend}`,",
        ");",
      ].join("\n"),
    );
    assert.equal(texts.bilingual.text, CODE.join("\n"), "the bilingual edition keeps the source");
    // each line knows the source line it comes from (the fence is line 9, code starts at 10)
    assert.deepEqual(texts.zh.lines, [2, 3, 4, 6, 7, 9, 12]);
  });

  it("keeps an import while another cell of the edition still needs the name", () => {
    const text = source(
      ...pair("一", "one"),
      ...fence('import { say, term } from "./src/core/i18n";', 'say({ zh: "甲", en: "A" });'),
      ...fence("const texts = { zh: '乙', en: 'B' };", "console.log(say(texts));"),
    );
    const chapter = parseChapter(text, FILE);
    const first = prepareChapterCode(chapter, I18N).code.get(chapter.blocks[1] as never)!;
    assert.equal(first.zh.text, 'import { say } from "./src/core/i18n";\n"甲";');
  });

  it("splices literals into templates with ` and ${ escaped, and means the same", () => {
    const code =
      'out = `${term("odd")}: ${say({ zh: "价 ${x} `", en: \'it\\\'s\' })} ${x} ${`in${x}`}`;';
    const chapter = parseChapter(source(...pair("一", "one"), ...fence(code)), FILE);
    const texts = prepareChapterCode(chapter, I18N).code.get(chapter.blocks[1] as never)!;
    assert.equal(texts.zh.text, "out = `反\\`引号: 价 \\${x} \\` ${x} in${x}`;");
    assert.equal(texts.en.text, "out = `odd: it\\'s ${x} in${x}`;");
    // run source and edition: the same string
    const run = (js: string, language: "zh" | "en") => {
      const compiled = ts.transpile(js, { target: ts.ScriptTarget.ES2022 });
      const scope = {
        out: "",
        x: 7,
        term: (key: string) => I18N[key][language],
        say: (texts: { zh: string; en: string }) => texts[language],
      };
      new Function("scope", `with (scope) { ${compiled} }`)(scope);
      return scope.out;
    };
    for (const language of ["zh", "en"] as const) {
      assert.equal(run(texts[language].text, language), run(code, language));
    }
  });

  it("the editions' code equals the source language aside, and a drift is caught", () => {
    const { chapter, code } = editions();
    const notebooks = {
      zh: renderNotebook(chapter, "zh", I18N, code),
      en: renderNotebook(chapter, "en", I18N, code),
      bilingual: renderNotebook(chapter, "bilingual", I18N, code),
    };
    assert.deepEqual(checkEditionCode(chapter, notebooks, code), []);
    const cell = notebooks.en.cells.find((c) => c.cell_type === "code")!;
    const original = sourceText(cell.source);
    cell.source = [original.replace('"wasm"', '"cpu"')];
    assert.deepEqual(checkEditionCode(chapter, notebooks, code), [], "literal text is language");
    cell.source = [original.replace("const backend", "let backend")];
    assert.deepEqual(checkEditionCode(chapter, notebooks, code), [
      `${FILE}:12: code cell 1 of the en edition differs from its source beyond language (line 2 of the cell): source \`const backend = "<text>";\` vs en \`let backend = "<text>";\``,
    ]);
    cell.source = [original.replace("${backend}`,", "${backend.length}`,")];
    assert.match(
      checkEditionCode(chapter, notebooks, code)[0],
      /^notebooks\/source\/01-test\.md:16: code cell 1 of the en edition differs .* vs en `console\.log\(__text_with\(backend\.length\)\);`$/,
    );
    cell.source = [original];
    const zhCell = notebooks.zh.cells.find((c) => c.cell_type === "code")!;
    zhCell.source = [sourceText(zhCell.source).replace("log(", "warn(")];
    assert.match(
      checkEditionCode(chapter, notebooks, code)[0],
      /:15: code cell 1 of the zh edition/,
    );
  });

  it("a dropped statement or cell is a difference too", () => {
    assert.deepEqual(codeDifference("a();\nb();", "a();", "zh"), {
      sourceLine: 2,
      editionLine: 1,
      source: "b();",
      edition: "(nothing)",
    });
    assert.equal(codeDifference("f(1 + 2);", "f(1 + 3);", "en")?.source, "f(1 + 2);");
    assert.equal(codeDifference('say({ zh: "甲", en: "A" });', '"A";', "en"), undefined);
    assert.equal(
      normalizeCode('f(`${term("k")}${1 + x}`); // c', "zh", true)[0].text,
      "f(__text_with(1 + x));",
    );
  });

  it("counts East Asian wide characters as two columns", () => {
    assert.equal(displayWidth("abc"), 3);
    assert.equal(displayWidth("遗忘门"), 6);
    assert.equal(displayWidth("（："), 4);
    assert.equal(displayWidth("C̃_t"), 3);
  });

  it("a code line wider than 100 columns is an error at its source line, in any edition", () => {
    const wide = `console.log("${"门".repeat(43)}");`; // 13 + 86 + 3 = 102 columns
    const grows = `const s = term("backend") + "${"x".repeat(68)}";`; // 99 in source, 102 in zh
    const fits = `const t = "${"x".repeat(87)}";`; // exactly 100
    const root = scratchProject({
      "01-test.md": source(...pair("一", "one"), ...fence(fits, wide, grows)),
    });
    const messages = (() => {
      try {
        planBuild(root, { ...VALID, backend: { zh: "后端后端后端后端", en: "b" } });
        return [];
      } catch (error) {
        return (error as BuildError).problems;
      }
    })();
    assert.deepEqual(messages, [
      `${FILE}:11: code line is 102 columns wide (at most 100): console.log("${"门".repeat(23)}… (in zh, en, bilingual)`,
      `${FILE}:12: code line is 102 columns wide (at most 100): const s = "后端后端后端后端" + "${"x".repeat(27)}… (in zh)`,
    ]);
    const chapter = parseChapter(read(root, "notebooks/source/01-test.md"), FILE);
    const long = longCodeLines(chapter, prepareChapterCode(chapter, VALID));
    assert.deepEqual(
      long.map((l) => [l.line, l.edition, l.columns]),
      [
        [11, "zh", 102],
        [11, "en", 102],
        [11, "bilingual", 102],
      ],
    );
  });
});

describe("claim cells", () => {
  const PROSE = pair(
    "间隔很短时，RNN **几乎**全对；\n间隔一长就不行了。",
    "With short gaps the RNN gets\nnearly *everything* right; long gaps defeat it.",
  );
  const claimFence = (...code: string[]) => ["```ts claim", ...code, "```", ""];
  const CLAIM = [
    "claim(",
    '  { zh: "RNN 几乎全对", en: "gets nearly everything right" },',
    "  accuracy >= 0.95,",
    "  `${accuracy} ≥ 0.95`,",
    ");",
  ];
  /** Code cells after the claims, so that one claim cell stays within a quarter of them. */
  const MORE_CODE = [...fence("show(1);"), ...fence("show(2);"), ...fence("show(3);")];
  const chapterWith = (...lines: string[]) =>
    parseChapter(
      source(
        ...fence('import { claim } from "./src/core/claim";', "const accuracy = measure();"),
        ...lines,
        ...MORE_CODE,
      ),
      FILE,
    );
  const claimErrors = (...lines: string[]) =>
    prepareChapterCode(chapterWith(...lines), VALID).errors.map((e) => e.message);

  it("quotes the sentence in each edition's language; its place goes into the metadata", () => {
    const chapter = chapterWith(...PROSE, ...claimFence(...CLAIM));
    const code = prepareChapterCode(chapter, VALID);
    assert.deepEqual(code.errors, []);
    const claimCell = (edition: "zh" | "en" | "bilingual") =>
      renderNotebook(chapter, edition, VALID, code).cells.find((cell) =>
        (cell.metadata.tags as string[] | undefined)?.includes("claim"),
      )!;
    const zh = claimCell("zh");
    assert.equal(
      sourceText(zh.source),
      ["claim(", '  "RNN 几乎全对",', "  accuracy >= 0.95,", "  `${accuracy} ≥ 0.95`,", ");"].join(
        "\n",
      ),
    );
    assert.deepEqual(zh.metadata, {
      jupyter: { source_hidden: true },
      rnn_notebooks: { claims: [{ place: `${FILE}:7`, sentences: ["RNN 几乎全对"] }] },
      tags: ["claim"],
    });
    const en = claimCell("en");
    assert.match(sourceText(en.source), /^ {2}"gets nearly everything right",$/m);
    assert.doesNotMatch(sourceText(en.source), /notebooks\/source/);
    assert.deepEqual(en.metadata.rnn_notebooks, {
      claims: [{ place: `${FILE}:12`, sentences: ["gets nearly everything right"] }],
    });
    const both = claimCell("bilingual");
    assert.match(sourceText(both.source), /\{ zh: "RNN 几乎全对", en: /);
    assert.deepEqual(both.metadata.rnn_notebooks, {
      claims: [
        { place: `${FILE}:7/12`, sentences: ["RNN 几乎全对", "gets nearly everything right"] },
      ],
    });
  });

  it("one claim cell per paragraph, holding several claims", () => {
    const second =
      'claim({ zh: "间隔一长就不行了", en: "long gaps defeat it" }, accuracy < 1, "ok");';
    assert.deepEqual(claimErrors(...PROSE, ...claimFence(...CLAIM, second)), []);
    assert.equal(
      claimErrors(...PROSE, ...claimFence(...CLAIM), ...claimFence(second))[0],
      `${FILE}:24: one claim cell per paragraph: merge this claim cell into the one right above it`,
    );
  });

  it("a quote that is not in the prose before it is an error naming both places", () => {
    const missing = [
      'claim({ zh: "几乎全错", en: "gets nearly everything right" }, accuracy >= 0.95, "x");',
    ];
    assert.deepEqual(claimErrors(...PROSE, ...claimFence(...missing)), [
      `${FILE}:17: claim quotes "几乎全错" but the zh prose of the pair at line 6 does not contain it (compared after collapsing whitespace and removing *)`,
    ]);
  });

  it("only claim(…) calls with a { zh, en } sentence, after a pair, at most 8, at most 40 lines", () => {
    assert.deepEqual(
      claimErrors(
        ...PROSE,
        ...claimFence("const a = f();", 'claim({ zh: "全对", en: "right" }, a > 0, "a");'),
      ),
      [
        `${FILE}:17: a claim cell holds only claim(…) calls: compute what they need in the code cell before the prose`,
      ],
    );
    assert.match(
      claimErrors(...PROSE, ...claimFence('claim("全对", accuracy > 0, "x");'))[0],
      /:17: a claim quotes its sentence as \{ zh: "…", en: "…" \}/,
    );
    assert.match(
      claimErrors(
        ...PROSE,
        ...claimFence('claim({ zh: "全对", en: "right" }, accuracy > 0, "x", "here");'),
      )[0],
      /:17: claim\(\) takes 3 arguments here/,
    );
    const nine = Array(9).fill('claim({ zh: "全对", en: "right" }, accuracy > 0, "x");');
    assert.match(
      claimErrors(...PROSE, ...claimFence(...nine))[0],
      /:16: 9 claims in one claim cell \(at most 8\)/,
    );
    const long = Array(9).fill(CLAIM).flat();
    assert.match(
      claimErrors(...PROSE, ...claimFence(...long))[0],
      /:16: a claim cell of 45 lines \(at most 40\)/,
    );
    assert.match(
      claimErrors(...PROSE, ...fence("x();"), ...claimFence(...CLAIM))[0],
      /:20: a claim cell comes right after the ::: zh \/ ::: en pair .* here it follows a code cell/,
    );
  });

  it("claim cells are at most a quarter of the chapter's code cells", () => {
    const many = [
      ...PROSE,
      ...claimFence(...CLAIM),
      ...fence("x();"),
      ...fence("z();"),
      ...PROSE,
      ...claimFence(...CLAIM),
    ];
    // 2 claim cells of 1 + 2 + 2 + 3 = 8 code cells: allowed
    assert.deepEqual(claimErrors(...many), []);
    // a third one makes 3 of 9 (at most 2)
    assert.deepEqual(claimErrors(...many, ...fence("y();"), ...PROSE, ...claimFence(...CLAIM)), [
      `${FILE}:64: 3 claim cells of 10 code cells: at most a quarter (2) — gather the sentences that state results into fewer paragraphs, one claim cell after each, and drop checks that cannot fail`,
    ]);
  });

  it("flags a check that depends only on literals and constants, or compares a thing with itself", () => {
    const check = (setup: string[], condition: string) =>
      prepareChapterCode(
        parseChapter(
          source(
            ...fence('import { claim } from "./src/core/claim";', ...setup),
            ...PROSE,
            ...claimFence(`claim({ zh: "全对", en: "right" }, ${condition}, "x");`),
            ...MORE_CODE,
          ),
          FILE,
        ),
        VALID,
      ).errors.map((e) => e.message.replace(/^.*?: /, ""));
    const flagged = (setup: string[], condition: string) => {
      const errors = check(setup, condition);
      assert.equal(errors.length, 1, `${condition} after ${setup.join(" ")}: ${errors}`);
      assert.match(errors[0], /so it cannot fail: print the number in a code cell instead/);
    };
    const passes = (setup: string[], condition: string) =>
      assert.deepEqual(check(setup, condition), [], `${condition} after ${setup.join(" ")}`);
    // arithmetic on typed numbers
    flagged([], "0.9 ** 60 < 0.01");
    flagged([], "Math.abs(Math.exp(-Math.log(1 / 2000)) - 2000) < 1e-9");
    flagged(['import { sigmoid } from "./src/core/activations";'], "sigmoid(3) > 0.95");
    flagged(["const sigma3 = 1 / (1 + Math.exp(-3));"], "sigma3 > 0.95");
    flagged(["const halfLife = sigmoid(0) ** 30;"], "halfLife < 1e-8");
    flagged(["const units = [64, 128];", "const label = `${units[0]}`;"], 'label === "64"');
    // a recipe constant against the number typed next to it
    flagged(
      ['import { LIVE_RECIPE } from "./src/core/charlm/recipe";'],
      "LIVE_RECIPE.units === 64",
    );
    flagged(
      ['import { RECIPES } from "./src/core/charlm/recipe";', "const r = RECIPES.tang;"],
      '[r.layers, r.units].join() === "2,128"',
    );
    // a thing compared with itself
    flagged(["const loss = train();"], "loss <= loss");
    // what the notebook computed or loaded
    passes(["const loss = train();"], "loss < 2");
    passes(
      ['import { loadCheckpoint } from "./src/x";', 'const c = loadCheckpoint("t");'],
      "c.recipe.units === 128",
    );
    passes(["let best = 0;", "for (const x of xs()) best = Math.max(best, x);"], "best > 0.8");
    passes(["const seen: number[] = [];", "run((x) => seen.push(x));"], "seen.length > 3");
    passes(["const sigma3 = sigmoid(weights()[0]);"], "sigma3 > 0.95");
  });

  it("claim() must be imported by a code cell before the first claim cell", () => {
    const chapter = parseChapter(source(...pair("全对", "right"), ...claimFence(...CLAIM)), FILE);
    assert.match(
      prepareChapterCode(chapter, VALID).errors[0].message,
      /:9: claim\(\) is not imported yet: add `import \{ claim \} from "\.\/src\/core\/claim";`/,
    );
  });
});

describe("one vocabulary", () => {
  const WORDS: Glossary = {
    ...VALID,
    cell_state: {
      zh: "细胞状态",
      en: "cell state",
      variants: { zh: ["记忆元"], en: ["memory cell"] },
    },
    candidate: { zh: "候选值", en: "candidate", variants: { zh: ["候选记忆元"] } },
  };
  const problems = (text: string) => {
    const root = scratchProject({ "01-test.md": text });
    try {
      planBuild(root, WORDS);
      return [];
    } catch (error) {
      return (error as BuildError).problems;
    }
  };

  it("flags a glossary variant and a rule's wording in the prose, with file:line", () => {
    const text = source(
      ...pair(
        "# 标题\n\n记忆元存着长期信息，训练 15 轮，见第03章。\n\n候选记忆元不算两次。",
        "The Memory cell keeps it; see Chapter 03. An LSTM has four gates.",
      ),
    );
    assert.deepEqual(problems(text), [
      `${FILE}:4: "记忆元" — the glossary's term is 细胞状态 (cell_state)`,
      `${FILE}:4: "15 轮" — write 迭代周期 (epoch)`,
      `${FILE}:4: "第03章" — write 第 N 章 (no leading zero)`,
      `${FILE}:6: "候选记忆元" — the glossary's term is 候选值 (candidate)`,
      `${FILE}:10: "Memory cell" — the glossary's term is cell state (cell_state)`,
      `${FILE}:10: "Chapter 03" — write chapter N (no leading zero)`,
      `${FILE}:10: "four gates" — write three gates and a candidate (an LSTM has three gates)`,
    ]);
  });

  it('Chinese prose quotes with “…”, not ASCII "…" (English prose keeps its quotes)', () => {
    const text = source(...pair('它叫"遗忘门"，也叫“遗忘门”。', 'It is called "the forget gate".'));
    assert.deepEqual(problems(text), [
      `${FILE}:2: """ — write “…” (Chinese quotation marks in Chinese prose)`,
      `${FILE}:2: """ — write “…” (Chinese quotation marks in Chinese prose)`,
    ]);
  });

  it("reads only prose: not code cells, inline code, math, comments or link targets", () => {
    const text = source(
      ...pair(
        "`记忆元` 和 $\\text{记忆元}$ 都不算，<!-- 记忆元 --> 也不算，[链接](记忆元.md) 也不算。",
        "A `memory cell` here, and a [link](memory cell.md), and a memory-cell-ish word: memory cells.",
      ),
      ...fence('const note = "记忆元 memory cell 15 轮";'),
    );
    assert.deepEqual(problems(text), []);
  });

  it("reads a ```text fence of the prose, but not a ```sh one", () => {
    const text = source(
      "::: zh",
      "```text",
      "我说一口流利的___",
      "```",
      "```sh",
      "echo 记忆元",
      "```",
      ":::",
      "",
      "::: en",
      "Text.",
      ":::",
    );
    assert.deepEqual(problems(text), [
      `${FILE}:3: "我说一口流利的" — write 我能说流利的 (the task's sentence)`,
    ]);
  });

  it("the course glossary settles the decided terms", () => {
    const glossary = loadGlossary();
    assert.equal(glossary.memory_cell, undefined);
    assert.equal(glossary.candidate_cell_state, undefined);
    assert.equal(glossary.candidate_hidden_state, undefined);
    assert.deepEqual(glossary.cell_state.variants?.zh, ["记忆元", "记忆单元"]);
    assert.equal(glossary.time_lag.zh, "时间差");
    assert.equal(glossary.gap_length.zh, "间隔长度");
    assert.equal(glossary.epoch.zh, "迭代周期");
  });
});

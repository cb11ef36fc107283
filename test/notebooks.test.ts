// Every course notebook (every language edition) executed through the real tslab kernel, then
// re-executed cell by cell in the same kernel; plus the runner's own proof on fixtures.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, test } from "node:test";
import { courseNotebooks, KernelSession, ROOT, runNotebooks } from "./support/jupyter.js";

const FAILING = "test/fixtures/failing.ipynb";
const CLAIM_FAILS = "test/fixtures/claim-fails.ipynb";
const PLOT = "test/fixtures/plot.ipynb";

function failureText(result: { report: { notebooks: Array<{ failures: unknown[] }> } }) {
  return JSON.stringify(
    result.report.notebooks.flatMap((n) => n.failures),
    null,
    2,
  );
}

describe("course notebooks", {
  concurrency: Math.max(1, Math.min(3, availableParallelism())),
}, () => {
  const notebooks = courseNotebooks();
  test("the course has built notebooks under notebooks/", () => {
    assert.ok(notebooks.length > 0, "no notebooks/**/*.ipynb: run `npm run build` first");
  });
  for (const notebook of notebooks) {
    // Two fresh runs must agree (seeded randomness): checked on the English edition, whose code
    // equals the other editions' beyond language (the build proves it).
    const freshTwice = dirname(notebook).endsWith("en");
    test(`${notebook} runs, re-runs unchanged${freshTwice ? " and runs the same twice" : ""}`, async () => {
      const args = ["--save", "build/executed", ...(freshTwice ? ["--fresh-twice"] : [])];
      const result = await runNotebooks([notebook], args);
      assert.equal(result.code, 0, `${notebook} failed:\n${failureText(result)}`);
      assert.ok(result.report.ok);
    });
  }
});

describe("the notebook runner", { concurrency: 2 }, () => {
  test("catches a thrown error, a type error and a rejected promise; later cells still run", async () => {
    const result = await runNotebooks([FAILING], ["--allow-errors"]);
    assert.equal(result.code, 0);
    const [notebook] = result.report.notebooks;
    const statuses = notebook.cells.map((c) => c.status);
    assert.deepEqual(statuses, ["ok", "error", "error", "error", "ok"]);
    const stderr = notebook.cells.map((c) => c.stderr);
    assert.match(stderr[1], /deliberate thrown error/);
    assert.match(stderr[2], /Type 'string' is not assignable to type 'number'/);
    assert.match(stderr[3], /deliberate rejected promise/);
    // the cell after the errors ran (no "abort"), also in the re-execution pass
    assert.deepEqual(notebook.failures, []);
    assert.equal(notebook.cells[4].rerun_status, "ok");
    assert.match(result.output, /\[rerun\] cell\s+5 .* ok/);
  });

  test("fails on the first error, printing notebook, cell index, source and stderr", async () => {
    const result = await runNotebooks([FAILING]);
    assert.equal(result.code, 1);
    assert.match(result.output, /FAILED test\/fixtures\/failing\.ipynb/);
    assert.match(result.output, /cell index: 2/);
    assert.match(result.output, /throw new Error\("deliberate thrown error"\)/);
    assert.match(result.output, /Error: deliberate thrown error/);
  });

  test("fails when a claim does not hold, quoting the sentence and naming its file:line", async () => {
    const result = await runNotebooks([CLAIM_FAILS], ["--no-rerun"]);
    assert.equal(result.code, 1);
    assert.match(result.output, /FAILED test\/fixtures\/claim-fails\.ipynb/);
    const [notebook] = result.report.notebooks;
    assert.deepEqual(
      notebook.cells.map((c) => c.status),
      ["ok", "error"],
    );
    const stderr = notebook.cells[1].stderr;
    assert.match(
      stderr,
      /ClaimError: ✗ claim does not hold: "With short gaps the RNN gets nearly everything right" — the check is false: 50\.0% ≥ 95%/,
    );
    // The place comes from the cell's metadata (the code a reader sees names no source file).
    assert.doesNotMatch(notebook.cells[1].source, /notebooks\/source/);
    assert.match(
      result.output,
      /the sentence that does not hold stands at notebooks\/source\/99-fixture\.md:12/,
    );
    assert.deepEqual(notebook.failures[0].claim_places, ["notebooks/source/99-fixture.md:12"]);
  });

  test('treats tslab\'s "abort" (a cell sent within 200 ms of an error) as a failure', async () => {
    const result = await runNotebooks(
      [FAILING],
      ["--allow-errors", "--error-pause", "0", "--no-rerun"],
    );
    const [notebook] = result.report.notebooks;
    assert.ok(notebook.cells.some((c) => c.status === "abort"));
    assert.ok(notebook.failures.some((f) => /abort/.test(f.message)));
    assert.equal(notebook.ok, false);
  });

  test("plots and progress: re-run unchanged, two fresh runs identical, saved and signed", async () => {
    const result = await runNotebooks([PLOT], ["--fresh-twice", "--save", "build/executed"]);
    assert.equal(result.code, 0, failureText(result));
    assert.match(result.output, /\[fresh\] cell/);
    assert.match(result.output, /signed as trusted/);
  });

  test("a symlink-free setup works: the kernel started in the project root", async () => {
    // What VS Code does with "jupyter.notebookFileRoot": "${workspaceFolder}".
    const result = await runNotebooks([PLOT], ["--cwd", ROOT, "--no-rerun"]);
    assert.equal(result.code, 0, failureText(result));
  });
});

describe("editing src/", () => {
  test("re-running a cell shows an edited src/ module without restarting the kernel", async () => {
    // A throw-away copy of the course layout: <tmp>/src/… and <tmp>/notebooks/en/src -> ../../src
    const project = mkdtempSync(join(tmpdir(), "rnn-edit-"));
    const notebookDir = join(project, "notebooks", "en");
    try {
      mkdirSync(join(project, "src"));
      mkdirSync(notebookDir, { recursive: true });
      symlinkSync("../../src", join(notebookDir, "src"));
      writeFileSync(join(project, "package.json"), '{ "name": "edit-test", "type": "module" }\n');
      writeFileSync(
        join(project, "src", "index.ts"),
        'export { greeting } from "./greeting.js";\n',
      );
      // Only the body changes, not the declaration: TypeScript then recompiles greeting.ts alone
      // and index.ts (which the cell imports) must still see the new code (scripts/tslab-kernel.cjs).
      const edit = (word: string) =>
        writeFileSync(
          join(project, "src", "greeting.ts"),
          `export function greeting(): string {\n  return "${word}";\n}\n`,
        );
      edit("before the edit");

      const kernel = await new KernelSession(notebookDir).ready();
      try {
        const cell = 'import { greeting } from "./src/index";\nconsole.log(greeting());';
        const first = await kernel.execute(cell);
        assert.equal(first.status, "ok", JSON.stringify(first));
        assert.equal(kernel.stdoutOf(first), "before the edit\n");
        edit("after the edit");
        const second = await kernel.execute(cell);
        assert.equal(second.status, "ok", JSON.stringify(second));
        assert.equal(kernel.stdoutOf(second), "after the edit\n");
      } finally {
        await kernel.close();
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
    assert.equal(basename(project).startsWith("rnn-edit-"), true);
  });
});

describe("kernel output", () => {
  test("a cell that prints 3000 lines loses none of them, and the next cell still runs", async () => {
    // tslab 1.0.22 + zeromq 6 dropped a message after every 512 sends (EBUSY, swallowed by
    // console.log), and its iopub Publisher drops whatever exceeds a slow reader's queue (1000
    // messages); scripts/tslab-kernel.cjs queues them and waits. Display messages go the same way.
    const kernel = await new KernelSession(`${ROOT}/test/fixtures`).ready();
    try {
      // The reader stops for 3 s while the cell prints 3000 long lines (~6 MB, beyond what the
      // sockets' buffers hold), as a reader on a busy machine falls behind.
      const padding = "·".repeat(2000);
      const running = kernel.execute(
        `await new Promise((r) => setTimeout(r, 500));\nfor (let i = 0; i < 3000; i++) console.log("line " + i + " ${padding}");`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await kernel.pauseReader(3000);
      const many = await running;
      assert.equal(many.status, "ok", JSON.stringify(many).slice(0, 500));
      const lines = kernel.stdoutOf(many).split("\n").slice(0, -1);
      assert.equal(lines.length, 3000);
      assert.deepEqual(
        lines,
        Array.from({ length: 3000 }, (_, i) => `line ${i} ${padding}`),
      );
      const displays = await kernel.execute(
        'import * as tslab from "tslab";\nfor (let i = 0; i < 1500; i++) tslab.display.text("d" + i);\nconsole.log("done");',
      );
      assert.equal(displays.status, "ok", JSON.stringify(displays).slice(0, 500));
      assert.equal(displays.outputs.filter((o) => o.type === "display_data").length, 1500);
      assert.equal(kernel.stdoutOf(displays), "done\n");
      const next = await kernel.execute('console.log("next")');
      assert.equal(kernel.stdoutOf(next), "next\n");
    } finally {
      await kernel.close();
    }
  });
});

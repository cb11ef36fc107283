// Plots proven in a real browser: executed + signed notebooks opened from the course server in
// headless Chromium, and their nbconvert HTML (scripts/browser-check.ts). Screenshots are saved
// to build/screenshots/ for a person to look at.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { browserCheck } from "../scripts/browser-check.js";
import { courseNotebooks, ROOT, runNotebooks } from "./support/jupyter.js";

const PLOT_FIXTURE = "test/fixtures/plot.ipynb";

test("plots draw in the classic notebook and in nbconvert HTML, with no console errors", async () => {
  // The English edition of every course notebook that plots (the other editions share the code).
  const withPlots = courseNotebooks().filter(
    (notebook) =>
      notebook.startsWith("notebooks/en/") &&
      readFileSync(join(ROOT, notebook), "utf8").includes("show("),
  );
  const notebooks = [PLOT_FIXTURE, ...withPlots];
  // two runner processes in parallel (the notebook tests re-run them all anyway)
  const halves = [notebooks.filter((_, i) => i % 2 === 0), notebooks.filter((_, i) => i % 2 === 1)];
  const runs = await Promise.all(
    halves
      .filter((half) => half.length > 0)
      .map((half) => runNotebooks(half, ["--no-rerun", "--save", "build/executed"])),
  );
  for (const run of runs) assert.equal(run.code, 0, run.output);

  const executed = notebooks.map((notebook) => join(ROOT, "build", "executed", notebook));
  const results = await browserCheck(executed);
  for (const result of results) {
    console.log(
      `${result.ok ? "✓" : "✗"} ${result.notebook} [${result.where}] ${result.drawn}/${result.plots} plots → ${result.screenshot}`,
    );
  }
  assert.equal(results.length, executed.length * 2);
  for (const result of results) {
    assert.deepEqual(result.consoleErrors, [], `${result.notebook} [${result.where}]`);
    assert.ok(result.plots > 0, `${result.notebook} [${result.where}] has plots`);
    assert.equal(
      result.drawn,
      result.plots,
      `${result.notebook} [${result.where}]: all plots drew`,
    );
    assert.ok(existsSync(join(ROOT, result.screenshot)));
  }
});

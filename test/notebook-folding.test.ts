// Claim cells are folded in the Notebook that `npm start` opens: a chapter opened in the running
// server (the classic Notebook, Debian's notebook 6), every cell run in the browser, then no claim
// cell's code is visible while every "✓" line is; a click unfolds the code. The folding is the
// project's own custom.js (scripts/jupyter/custom.js, copied into .jupyter/config/custom/).
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { launchChromium } from "../scripts/chromium.js";
import { freePort, ROOT, startServer } from "./support/jupyter.js";

const CHAPTER = "00-setup.ipynb";

/** A copy of the English chapter under build/ (the server's autosave must never touch notebooks/). */
function chapterCopy(): string {
  const dir = join(ROOT, "build", "fold-check", "en");
  rmSync(join(ROOT, "build", "fold-check"), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(ROOT, "notebooks", "en", CHAPTER), join(dir, CHAPTER));
  symlinkSync("../../../src", join(dir, "src"));
  return `build/fold-check/en/${CHAPTER}`;
}

test("claim cells show their ✓ line and no code in the Notebook that npm start opens", async (t) => {
  const notebook = chapterCopy();
  const scratch = mkdtempSync(join(tmpdir(), "rnn-fold-"));
  const port = await freePort();
  const server = await startServer(["--lang", "en", "--port", String(port)], join(scratch, "lock"));
  const browser = await launchChromium(join(scratch, "chromium"), { width: 1100, height: 1400 });
  try {
    if (server.url.includes("/lab")) {
      t.skip("JupyterLab serves the course here: it folds jupyter.source_hidden cells itself");
      return;
    }
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await page.goto(`http://127.0.0.1:${port}/notebooks/${notebook}?token=${server.token}`);
    // Page code as strings: tsx would wrap named functions in a helper the page does not have.
    await page.waitForFunction(
      "window.Jupyter?.notebook?._fully_loaded && window.Jupyter.notebook.kernel?.is_connected()",
      undefined,
      { timeout: 120_000, polling: 250 },
    );
    // folded before anything ran, too
    const claimCount = await page.evaluate<number>(`(() => {
      const nb = window.Jupyter.notebook;
      nb.set_autosave_interval(0);
      return nb.get_cells().filter((cell) => (cell.metadata.tags || []).includes("claim")).length;
    })()`);
    assert.ok(claimCount > 0, `${CHAPTER} has claim cells`);
    assert.equal(await page.locator(".cell.rnn-folded").count(), claimCount);
    assert.equal(
      await page.locator(".cell.rnn-folded .input").filter({ visible: true }).count(),
      0,
    );

    // Run all, as a reader would, and wait until every code cell has finished.
    await page.evaluate("window.Jupyter.notebook.execute_all_cells()");
    await page.waitForFunction(
      `(() => {
        const nb = window.Jupyter.notebook;
        const cells = nb.get_cells().filter((cell) => cell.cell_type === "code");
        const claims = cells.filter((cell) => (cell.metadata.tags || []).includes("claim"));
        return nb.kernel_busy === false &&
          cells.every((cell) => !cell.element.hasClass("running")) &&
          claims.every((cell) => cell.output_area.element.text().includes("✓"));
      })()`,
      undefined,
      { timeout: 300_000, polling: 500 },
    );

    const folded = page.locator(".cell.rnn-folded");
    assert.equal(await folded.count(), claimCount);
    for (let i = 0; i < claimCount; i++) {
      const cell = folded.nth(i);
      assert.equal(await cell.locator(".input").isVisible(), false, `claim cell ${i}: code hidden`);
      const output = cell.locator(".output_area").first();
      assert.ok(await output.isVisible(), `claim cell ${i}: output visible`);
      // innerText, not textContent: it leaves out what is hidden, which is what is checked here
      // biome-ignore lint/performance/useDomNodeTextContent: see above
      const shown = await cell.innerText();
      assert.match(shown, /^✓ checked: /m, `claim cell ${i}: a ✓ line`);
      assert.doesNotMatch(shown, /claim\(/, `claim cell ${i}: no assertion shown`);
    }
    // the notebook scrolls inside its own pane: bring the first claim cell into view
    await folded.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, "build", "screenshots", "folded-claims.png") });

    // A click unfolds the code, another folds it again.
    const first = folded.first();
    await first.locator(".rnn-fold-toggle").click();
    assert.ok(await first.locator(".input").isVisible(), "unfolded by a click");
    assert.match((await first.locator(".input").textContent()) ?? "", /claim\(/);
    await first.locator(".rnn-fold-toggle").click();
    assert.equal(await first.locator(".input").isVisible(), false, "folded again");
    assert.deepEqual(consoleErrors, []);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(join(ROOT, "build", "fold-check"), { recursive: true, force: true });
  }
});

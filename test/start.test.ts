// `npm start` for real: the server answers with the token, a second start says it is running,
// Ctrl-C (SIGINT) stops the server and its kernels.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { freePort, ROOT, startServer } from "./support/jupyter.js";

function processesMentioning(text: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

test("npm start: token-protected server, second start says so, Ctrl-C stops server and kernels", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rnn-start-"));
  const lockFile = join(dir, "start.json");
  const port = await freePort();
  const server = await startServer(["--lang", "en", "--port", String(port)], lockFile);
  let kernelId = "";
  try {
    assert.match(
      server.url,
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/tree/notebooks/en\\?token=`),
    );
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/kernels`);
    assert.equal(anonymous.status, 403, "token auth is on");
    // every notebook page asks for the ipywidgets fallback extension: answered, not a 404
    const widgets = await fetch(
      `http://127.0.0.1:${port}/nbextensions/widgets/notebook/js/extension.js?token=${server.token}`,
    );
    assert.equal(widgets.status, 200, "the widgets stand-in of scripts/jupyter-env.mjs");

    // the project-local kernelspec is served, and a kernel starts in a notebook folder
    const auth = { Authorization: `token ${server.token}` };
    const specs = await (
      await fetch(`http://127.0.0.1:${port}/api/kernelspecs`, { headers: auth })
    ).json();
    assert.ok(specs.kernelspecs["rnn-tslab"], "kernelspec rnn-tslab");
    const started = await fetch(`http://127.0.0.1:${port}/api/kernels`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "rnn-tslab", path: "notebooks/en" }),
    });
    kernelId = (await started.json()).id;
    assert.ok(kernelId);
    for (let i = 0; i < 40 && processesMentioning(kernelId).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(processesMentioning(kernelId).length, 1, "the kernel process runs");

    // a second start while this one runs says so (and prints the URL), instead of failing
    const second = spawnSync(
      process.execPath,
      [join(ROOT, "scripts", "start.mjs"), "--lang", "zh"],
      { env: { ...process.env, RNN_START_LOCK: lockFile }, encoding: "utf8", timeout: 120_000 },
    );
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /already running/);
    assert.match(second.stdout, new RegExp(`127\\.0\\.0\\.1:${port}/tree/notebooks/zh\\?token=`));
  } finally {
    const code = await server.stop();
    assert.equal(code, 0, server.output());
    rmSync(dir, { recursive: true, force: true });
  }
  assert.match(server.output(), /Stopped\./);
  assert.deepEqual(processesMentioning(kernelId), [], "no kernel process remains");
  assert.equal(existsSync(lockFile), false, "lock file removed");
  await assert.rejects(fetch(`http://127.0.0.1:${port}/api/status`), "the server is gone");
});

test("npm start refuses a port that another program uses, with a clear message", async () => {
  const { createServer } = await import("node:net");
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
  const port = (blocker.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), "rnn-start-"));
  try {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, "scripts", "start.mjs"), "--port", String(port)],
      {
        env: { ...process.env, RNN_START_LOCK: join(dir, "start.json") },
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`port ${port} .* in use`));
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

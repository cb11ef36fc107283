// `npm run sample`: every numeric flag is checked before the model writes a character. A length of
// 1e9 used to run for ever printing nothing, 0 to print an empty line and exit 0; a seed beyond
// 32 bits silently repeated a smaller one. Each run has a timeout, so a hang fails the test.
import assert from "node:assert/strict";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const TIMEOUT_MS = 120_000;
const USAGE = /^usage: npm run sample -- --corpus tang\|english/m;

/** scripts/cli/sample.ts in ONE process (no npx/tsx wrapper left running when the timeout kills it). */
function run(...args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/cli/sample.ts", ...args],
    {
      cwd: root,
      encoding: "utf8",
      timeout: TIMEOUT_MS,
    },
  );
  assert.equal(
    result.signal,
    null,
    `sample ${args.join(" ")}: killed after ${TIMEOUT_MS} ms (hung?)\n${result.stderr}`,
  );
  return result;
}

function refused(args: string[], message: RegExp): void {
  const result = run("--corpus", "tang", ...args);
  assert.equal(result.status, 2, `${args.join(" ")}: status ${result.status}\n${result.stderr}`);
  assert.match(result.stderr, message, args.join(" "));
  assert.match(result.stderr, USAGE);
  assert.equal(result.stdout, "", `${args.join(" ")}: nothing on stdout`);
}

describe("npm run sample: numeric flags", () => {
  test("--length 1e9 and --length 0: exit 2, naming the range 1..10000 and what came", () => {
    refused(
      ["--length", "1e9"],
      /--length: expected a whole number of characters from 1 to 10000, got "1e9"/,
    );
    refused(
      ["--length", "0"],
      /--length: expected a whole number of characters from 1 to 10000, got "0"/,
    );
  });

  test("--length: negative, fractional, not a number, over the bound, missing", () => {
    for (const value of ["-5", "2.5", "abc", "10001"]) {
      refused(
        ["--length", value],
        new RegExp(
          `--length: expected a whole number of characters from 1 to 10000, got ${JSON.stringify(value)}`,
        ),
      );
    }
    refused(
      ["--length"],
      /--length: expected a whole number of characters from 1 to 10000, got nothing/,
    );
  });

  test("--seed: a whole number in 0..2^32 − 1 (a larger one would repeat a smaller one)", () => {
    for (const value of ["-1", "4294967296", "1.5"]) {
      refused(
        ["--seed", value],
        new RegExp(`--seed: expected a whole number from 0 to 4294967295, got "${value}"`),
      );
    }
  });

  test("--top-k: a whole number ≥ 1, at most the model's vocabulary", () => {
    for (const value of ["0", "2.5"]) {
      refused(
        ["--top-k", value],
        new RegExp(`--top-k: expected a whole number ≥ 1, got "${value}"`),
      );
    }
    refused(
      ["--top-k", "1000000"],
      /--top-k: expected a whole number from 1 to \d+ \(the tang-lstm model's vocabulary\), got 1000000/,
    );
  });

  test("--temperature: a finite decimal number > 0", () => {
    for (const value of ["1e999", "0x1"]) {
      refused(
        ["--temperature", value],
        new RegExp(`--temperature: expected a number, got ${JSON.stringify(value)}`),
      );
    }
    refused(["--temperature", "0"], /--temperature: expected a number > 0, got 0/);
  });

  test("the bounds themselves are accepted: --length 1, --seed 0 and 4294967295, --top-k 1", () => {
    for (const extra of [
      ["--seed", "0"],
      ["--seed", "4294967295"],
      ["--top-k", "1"],
    ]) {
      const result = run("--corpus", "english", "--length", "1", ...extra, "--json");
      assert.equal(result.status, 0, `${extra.join(" ")}: ${result.stderr}`);
      assert.equal(Array.from(JSON.parse(result.stdout).text as string).length, 1);
    }
  });
});

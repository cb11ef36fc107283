/**
 * npx tsx scripts/format-chapter.ts notebooks/source/NN-name.md …
 *
 * Formats every ```ts fence of chapter sources with the project's formatter (biome, 100 columns,
 * as `npm run format` formats src/), leaving the prose untouched. Lines a formatter cannot break
 * (a long string) are left for the author; `npm run build` names them.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const FENCE = /^(```ts[^\n]*\n)([\s\S]*?)(^```$)/gm;

function format(code: string): string {
  const result = spawnSync("npx", ["biome", "format", "--stdin-file-path=cell.ts"], {
    input: code,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr || "biome format failed");
  return result.stdout;
}

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  let count = 0;
  const formatted = text.replace(FENCE, (_, open: string, code: string, close: string) => {
    count++;
    return `${open}${format(code)}${close}`;
  });
  writeFileSync(file, formatted);
  console.log(`${file}: ${count} code fences formatted`);
}

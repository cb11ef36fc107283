// Where the project lives, found at run time without `import.meta` (which tslab's CommonJS
// compilation of src/ does not allow) and without `__dirname` (which ESM does not have).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The `name` in this project's package.json, the marker the lookup walks up to. */
export const PROJECT_PACKAGE_NAME = "rnn-notebooks";

function isProjectRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    return JSON.parse(readFileSync(manifest, "utf8")).name === PROJECT_PACKAGE_NAME;
  } catch {
    return false;
  }
}

let cachedRoot: string | undefined;

/**
 * The absolute path of the rnn-notebooks project root: `RNN_NOTEBOOKS_ROOT` when set (the
 * project's Jupyter environment sets it), else the nearest folder at or above the working
 * directory whose package.json is named "rnn-notebooks". Kernels start in the notebook's folder
 * (`notebooks/zh/`), so walking up from there finds the root.
 */
export function projectRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  const fromEnv = process.env.RNN_NOTEBOOKS_ROOT;
  if (fromEnv && isProjectRoot(fromEnv)) {
    cachedRoot = resolve(fromEnv);
    return cachedRoot;
  }
  let dir = resolve(process.cwd());
  for (;;) {
    if (isProjectRoot(dir)) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `Cannot find the ${PROJECT_PACKAGE_NAME} project from ${process.cwd()}: ` +
      "start the kernel inside the project, or set RNN_NOTEBOOKS_ROOT to the project folder.",
  );
}

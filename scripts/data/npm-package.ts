/**
 * Fetches one exact version of an npm package as a tarball (`npm pack`), checks it against the
 * integrity pinned here, and unpacks it (or only some of its files) into build/data-cache/.
 * Used by the maintainer's `npm run data` only: never by tests or CI.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface PinnedPackage {
  name: string;
  version: string;
  /** npm's `dist.integrity` for that version (sha512, base64). */
  integrity: string;
}

export interface UnpackedPackage extends PinnedPackage {
  /** The folder that holds the package's files (tar's `package/`). */
  root: string;
  tarball: string;
  /** The `license` field of the package's own package.json. */
  license: string;
}

function integrityOf(file: string): string {
  return `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}`;
}

/** npm pack's file name: "@scope/name" 1.2.3 → "scope-name-1.2.3.tgz". */
function tarballName(pkg: PinnedPackage): string {
  return `${pkg.name.replace(/^@/, "").replace("/", "-")}-${pkg.version}.tgz`;
}

/**
 * @param members tar patterns (with wildcards) to unpack, relative to the tarball's root
 *   (e.g. "package/dist/quantangshi/poet.tang.*.json"); all files when omitted.
 */
export function fetchPackage(
  pkg: PinnedPackage,
  cacheDir: string,
  members?: string[],
): UnpackedPackage {
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, tarballName(pkg));
  if (existsSync(tarball) && integrityOf(tarball) !== pkg.integrity) {
    console.log(`  ${tarball}: integrity differs from the pinned one, fetching again`);
    rmSync(tarball);
  }
  if (!existsSync(tarball)) {
    console.log(`  npm pack ${pkg.name}@${pkg.version}`);
    const out = execFileSync(
      "npm",
      [
        "pack",
        `${pkg.name}@${pkg.version}`,
        "--pack-destination",
        cacheDir,
        "--ignore-scripts",
        "--json",
      ],
      { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
    );
    const [info] = JSON.parse(out) as { filename: string; integrity: string }[];
    if (join(cacheDir, info.filename) !== tarball) {
      throw new Error(`npm pack wrote ${info.filename}, expected ${tarballName(pkg)}`);
    }
  }
  const got = integrityOf(tarball);
  if (got !== pkg.integrity) {
    throw new Error(`${tarball}: integrity ${got}, pinned ${pkg.integrity}`);
  }

  const dir = join(cacheDir, tarballName(pkg).replace(/\.tgz$/, ""));
  const marker = join(dir, ".unpacked");
  const wanted = JSON.stringify({ integrity: pkg.integrity, members: members ?? null });
  if (!existsSync(marker) || readFileSync(marker, "utf8") !== wanted) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const args = ["-xzf", tarball, "-C", dir];
    if (members) args.push("--wildcards", "package/package.json", ...members);
    console.log(`  tar ${args.join(" ")}`);
    execFileSync("tar", args, { stdio: "inherit" });
    writeFileSync(marker, wanted);
  }
  const root = join(dir, "package");
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license?: string;
  };
  if (manifest.name !== pkg.name || manifest.version !== pkg.version) {
    throw new Error(`${tarball} holds ${manifest.name}@${manifest.version}`);
  }
  return { ...pkg, root, tarball, license: manifest.license ?? "UNKNOWN" };
}

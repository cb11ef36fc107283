/** How the project starts Debian's Chromium headless (one place for the browser checks). */
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** No sandbox (root), no GPU, and nothing that phones home: this machine has no network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Chromium with its own profile folder `profile` (cookies, caches and XDG folders all inside it,
 * nothing in $HOME). A page size of 1100×900 unless `viewport` says otherwise.
 */
export function launchChromium(
  profile: string,
  viewport: { width: number; height: number } = { width: 1100, height: 900 },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(profile, "config"),
      XDG_CACHE_HOME: join(profile, "cache"),
    },
  });
}

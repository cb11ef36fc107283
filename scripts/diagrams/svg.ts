/**
 * The drawing kit of the course's diagrams (scripts/diagrams/rnn.ts, seq2seq.ts): hand-written SVG
 * pieces (math labels, the recurrent cell, input and output nodes, arrows) and the writer that
 * puts each diagram in both languages into assets/diagrams/<name>.{zh,en}.svg, and with --png DIR
 * renders them (headless Chromium) to look at.
 *
 * Colours follow src/core/plots/palette.ts: inputs green, the recurrent cell blue, outputs orange.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PALETTE } from "../../src/core/plots/palette.js";

export type Lang = "zh" | "en";
export type Text = { zh: string; en: string };

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const OUT_DIR = join(ROOT, "assets", "diagrams");

export const INK = "#333333";
export const CELL_FILL = "#dcebf7";
export const INPUT_FILL = "#d5f0e6";
export const OUTPUT_FILL = "#fbeccb";
export const SANS = "'DejaVu Sans', 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif";
export const SERIF = "'DejaVu Serif', 'Noto Serif CJK SC', serif";

export const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A math label: "h_t", "x_{t-1}", "h^{(1)}_t", "W, U, b". Italic letters; a subscript or a
 * superscript after `_` / `^` (braces for several characters).
 */
export function math(label: string, size = 18): string {
  const parts: string[] = [];
  let i = 0;
  const take = (): string => {
    if (label[i] === "{") {
      const end = label.indexOf("}", i);
      const body = label.slice(i + 1, end);
      i = end + 1;
      return body;
    }
    return label[i++];
  };
  while (i < label.length) {
    const c = label[i];
    if (c === "_" || c === "^") {
      i++;
      const body = take().replace(/-/g, "−");
      const dy = c === "_" ? size * 0.3 : -size * 0.4;
      parts.push(
        `<tspan dy="${dy}" font-size="${Math.round(size * 0.7)}">${escapeXml(body)}</tspan><tspan dy="${-dy}">\u200b</tspan>`,
      );
    } else {
      i++;
      const italic = /[A-Za-z]/.test(c);
      parts.push(italic ? `<tspan font-style="italic">${c}</tspan>` : escapeXml(c));
    }
  }
  return parts.join("");
}

export interface Svg {
  width: number;
  height: number;
  body: string[];
}

export function svg(width: number, height: number): Svg {
  return { width, height, body: [] };
}

export function render(s: Svg, title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${s.width}" height="${s.height}" viewBox="0 0 ${s.width} ${s.height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    "<defs>",
    `<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${INK}"/></marker>`,
    `<marker id="arrow-grey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${PALETTE.grey}"/></marker>`,
    "</defs>",
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...s.body,
    "</svg>",
    "",
  ].join("\n");
}

export function mathText(
  s: Svg,
  x: number,
  y: number,
  label: string,
  size = 18,
  anchor = "middle",
): void {
  s.body.push(
    `<text x="${x}" y="${y}" font-family="${SERIF}" font-size="${size}" text-anchor="${anchor}" dominant-baseline="central" fill="${INK}">${math(label, size)}</text>`,
  );
}

export function plainText(
  s: Svg,
  x: number,
  y: number,
  text: string,
  options: { size?: number; anchor?: string; color?: string; weight?: string } = {},
): void {
  const { size = 15, anchor = "middle", color = INK, weight = "normal" } = options;
  s.body.push(
    `<text x="${x}" y="${y}" font-family="${SANS}" font-size="${size}" font-weight="${weight}" text-anchor="${anchor}" dominant-baseline="central" fill="${color}">${escapeXml(text)}</text>`,
  );
}

/** The recurrent cell: a blue rounded box with "tanh" (or a label) inside. */
export function cell(s: Svg, cx: number, cy: number, label = "tanh", weights?: string): void {
  const w = 76;
  const h = 50;
  s.body.push(
    `<rect x="${cx - w / 2}" y="${cy - h / 2}" width="${w}" height="${h}" rx="10" fill="${CELL_FILL}" stroke="${PALETTE.blue}" stroke-width="2"/>`,
  );
  const y = weights ? cy - 8 : cy;
  if (label.includes("_") || label.length <= 2) mathText(s, cx, y, label, 18);
  else plainText(s, cx, y, label, { size: 16 });
  // the weights this step uses, small, under the label
  if (weights) mathText(s, cx, cy + 12, weights, 12);
}

/** An input (green) or output (orange) node: a circle with a math label. */
export function node(
  s: Svg,
  cx: number,
  cy: number,
  label: string,
  kind: "input" | "output",
): void {
  const [fill, stroke] =
    kind === "input" ? [INPUT_FILL, PALETTE.green] : [OUTPUT_FILL, PALETTE.orange];
  s.body.push(
    `<circle cx="${cx}" cy="${cy}" r="21" fill="${fill}" stroke="${stroke}" stroke-width="2"/>`,
  );
  mathText(s, cx, cy, label, 17);
}

export function arrow(
  s: Svg,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  options: { dashed?: boolean; grey?: boolean } = {},
): void {
  const color = options.grey ? PALETTE.grey : INK;
  const marker = options.grey ? "arrow-grey" : "arrow";
  s.body.push(
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="2"${options.dashed ? ' stroke-dasharray="5 4"' : ""} marker-end="url(#${marker})"/>`,
  );
}

export function path(s: Svg, d: string, options: { dashed?: boolean } = {}): void {
  s.body.push(
    `<path d="${d}" fill="none" stroke="${INK}" stroke-width="2"${options.dashed ? ' stroke-dasharray="5 4"' : ""} marker-end="url(#arrow)"/>`,
  );
}

async function renderPng(files: string[], outDir: string): Promise<void> {
  const { chromium } = await import("playwright-core");
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1.5 });
    for (const file of files) {
      await page.goto(`file://${file}`);
      const box = await page.locator("svg").boundingBox();
      const name = file
        .split("/")
        .pop()!
        .replace(/\.svg$/, ".png");
      await page.screenshot({
        path: join(outDir, name),
        clip: box ?? undefined,
      });
      console.log(`  ${join(outDir, name)}`);
    }
  } finally {
    await browser.close();
  }
}

/** One diagram: its title per language and how it is drawn. */
export type Diagrams = Record<string, { title: Text; draw: (lang: Lang) => Svg }>;

/** Writes every diagram in both languages; `--png DIR` in the arguments also renders them. */
export async function writeDiagrams(diagrams: Diagrams, args: string[]): Promise<void> {
  const pngIndex = args.indexOf("--png");
  mkdirSync(OUT_DIR, { recursive: true });
  const written: string[] = [];
  for (const [name, diagram] of Object.entries(diagrams)) {
    for (const lang of ["zh", "en"] as const) {
      const file = join(OUT_DIR, `${name}.${lang}.svg`);
      writeFileSync(file, render(diagram.draw(lang), diagram.title[lang]));
      written.push(file);
      console.log(`wrote ${file.slice(ROOT.length + 1)}`);
    }
  }
  if (pngIndex >= 0) await renderPng(written, resolve(args[pngIndex + 1] ?? "build/diagrams"));
}

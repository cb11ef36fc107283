/**
 * npx tsx scripts/diagrams/lstm-gru.ts
 * Draws the diagrams of chapters 03 and 04 — one gate, the LSTM cell, the GRU cell — and writes
 * assets/diagrams/<name>.zh.svg and <name>.en.svg (same drawing, labels per language).
 * Plain SVG, no dependencies; coordinates are in a fixed viewBox so the files are byte-stable.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/node/project-root.js";

type Lang = "zh" | "en";
type Words = Record<Lang, string>;

const FONT =
  "'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei','DejaVu Sans',sans-serif";
const COLORS = {
  forget: "#d1495b",
  input: "#2e933c",
  candidate: "#e08e0b",
  output: "#3066be",
  reset: "#8e44ad",
  update: "#2e933c",
  belt: "#f2c14e",
  line: "#444",
  box: "#fafafa",
};

/** Escapes text for SVG. */
function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A symbol with a subscript, e.g. math("h", "t−1") → h_{t−1}. */
function math(base: string, sub = ""): string {
  const subscript = sub
    ? `<tspan baseline-shift="sub" font-size="70%">${esc(sub)}</tspan><tspan> </tspan>`
    : "";
  return `<tspan font-style="italic">${esc(base)}</tspan>${subscript}`;
}

function text(
  x: number,
  y: number,
  content: string,
  options: { size?: number; anchor?: string; color?: string; weight?: string } = {},
): string {
  const { size = 15, anchor = "middle", color = "#222", weight = "normal" } = options;
  return `<text x="${x}" y="${y}" font-size="${size}" text-anchor="${anchor}" fill="${color}" font-weight="${weight}">${content}</text>`;
}

/** A polyline with an arrow head at its end. */
function wire(points: [number, number][], color = COLORS.line, width = 2): string {
  const d = points.map(([x, y], k) => `${k === 0 ? "M" : "L"}${x},${y}`).join(" ");
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}" marker-end="url(#arrow)"/>`;
}

/** A plain polyline (no arrow head): branches and joins. */
function line(points: [number, number][], color = COLORS.line, width = 2): string {
  const d = points.map(([x, y], k) => `${k === 0 ? "M" : "L"}${x},${y}`).join(" ");
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}"/>`;
}

/** A layer: a rounded box with σ or tanh inside, coloured by gate. */
function layerBox(cx: number, cy: number, label: string, color: string): string {
  return (
    `<rect x="${cx - 26}" y="${cy - 16}" width="52" height="32" rx="6" fill="${color}" fill-opacity="0.18" stroke="${color}" stroke-width="2"/>` +
    text(cx, cy + 5, esc(label), { size: 15, color: "#111" })
  );
}

/** A pointwise operation: a circle with ×, + or 1−. */
function pointwise(cx: number, cy: number, op: string): string {
  return (
    `<circle cx="${cx}" cy="${cy}" r="13" fill="#fff" stroke="${COLORS.line}" stroke-width="2"/>` +
    text(cx, cy + 5, esc(op), { size: op.length > 1 ? 12 : 17 })
  );
}

function dot(cx: number, cy: number): string {
  return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${COLORS.line}"/>`;
}

function svg(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT}">`,
    `<title>${esc(title)}</title>`,
    "<defs>",
    `<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLORS.line}"/></marker>`,
    "</defs>",
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/** A legend row: a coloured swatch, a symbol and a name. */
function legendRow(x: number, y: number, color: string, symbol: string, name: string): string {
  return (
    `<rect x="${x}" y="${y - 11}" width="14" height="14" rx="3" fill="${color}" fill-opacity="0.3" stroke="${color}" stroke-width="1.5"/>` +
    text(x + 22, y, `${symbol} ${esc(name)}`, { size: 14, anchor: "start" })
  );
}

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** One gate: a sigmoid layer and a pointwise product, with three example values. */
function gateDiagram(lang: Lang): string {
  const w = (words: Words) => esc(words[lang]);
  const preActivations = [-4, 0, 4];
  const information = [0.8, -0.6, 0.9];
  const gate = preActivations.map(sigmoid);
  const passed = gate.map((g, k) => g * information[k]);
  const fmt = (v: number) => (v >= 0 ? ` ${v.toFixed(2)}` : v.toFixed(2));
  const column = (x: number, header: string, values: number[], color: string) => [
    text(x, 72, header, { size: 14, color }),
    ...values.map((v, k) => text(x, 100 + 26 * k, fmt(v), { size: 15 })),
  ];
  return svg(
    700,
    290,
    w({ zh: "门：sigmoid 层加逐元素相乘", en: "A gate: a sigmoid layer and a pointwise product" }),
    [
      // information stream through the product
      text(30, 64, w({ zh: "要通过的信息", en: "information" }), { size: 14, anchor: "start" }),
      wire([
        [30, 80],
        [187, 80],
      ]),
      text(60, 100, math("a"), { size: 16 }),
      pointwise(200, 80, "×"),
      wire([
        [213, 80],
        [330, 80],
      ]),
      text(270, 100, `${math("g")}⊙${math("a")}`, { size: 16 }),
      // the sigmoid layer under the product
      text(200, 272, `[${math("h", "t−1")}, ${math("x", "t")}]`, { size: 15 }),
      wire([
        [200, 255],
        [200, 200],
      ]),
      layerBox(200, 184, "σ", COLORS.forget),
      wire([
        [200, 168],
        [200, 93],
      ]),
      text(215, 138, math("g"), { size: 16, anchor: "start" }),
      text(166, 180, w({ zh: "sigmoid 层", en: "sigmoid layer" }), {
        size: 13,
        anchor: "end",
        color: "#555",
      }),
      text(166, 198, w({ zh: "输出在 0 与 1 之间", en: "outputs in (0, 1)" }), {
        size: 13,
        anchor: "end",
        color: "#555",
      }),
      // three worked values
      `<rect x="360" y="40" width="320" height="150" rx="8" fill="#f6f6f6" stroke="#ccc"/>`,
      ...column(420, w({ zh: "信息 a", en: "information a" }), information, "#222"),
      ...column(520, w({ zh: "门 g", en: "gate g" }), gate, COLORS.forget),
      ...column(620, w({ zh: "通过 g⊙a", en: "passed g⊙a" }), passed, "#222"),
      text(
        520,
        218,
        w({ zh: "g ≈ 0：拦住；g ≈ 1：放行", en: "g ≈ 0 blocks; g ≈ 1 lets through" }),
        { size: 14, color: "#333" },
      ),
      text(
        520,
        242,
        w({
          zh: `（g = σ(−4), σ(0), σ(4)）`,
          en: `(g = σ(−4), σ(0), σ(4))`,
        }),
        { size: 13, color: "#666" },
      ),
    ],
  );
}

/** The LSTM cell: the cell state on top (the conveyor belt), four layers below. */
function lstmDiagram(lang: Lang): string {
  const w = (words: Words) => esc(words[lang]);
  const beltY = 90;
  const busY = 330;
  const boxY = 250;
  const [fx, ix, cx, ox] = [200, 300, 400, 500];
  const tanhX = 590;
  return svg(760, 480, w({ zh: "LSTM 单元", en: "The LSTM cell" }), [
    `<rect x="90" y="45" width="590" height="320" rx="18" fill="#fdfcf7" stroke="#bbb" stroke-width="1.5"/>`,
    // the conveyor belt: C_{t−1} → × (forget) → + (input) → C_t
    `<path d="M20,${beltY} L720,${beltY}" stroke="${COLORS.belt}" stroke-width="9" stroke-opacity="0.55"/>`,
    wire([
      [20, beltY],
      [fx - 13, beltY],
    ]),
    pointwise(fx, beltY, "×"),
    wire([
      [fx + 13, beltY],
      [(ix + cx) / 2 - 13, beltY],
    ]),
    pointwise((ix + cx) / 2, beltY, "+"),
    wire([
      [(ix + cx) / 2 + 13, beltY],
      [735, beltY],
    ]),
    text(18, beltY - 14, math("C", "t−1"), { anchor: "start", size: 17 }),
    text(740, beltY - 14, math("C", "t"), { anchor: "end", size: 17 }),
    text(
      (fx + ix) / 2 + 40,
      beltY - 22,
      w({ zh: "细胞状态：一条传送带", en: "cell state: a conveyor belt" }),
      { size: 14, color: "#8a6d00", weight: "bold" },
    ),
    // the bus [h_{t−1}, x_t] feeding every layer
    text(18, busY - 12, math("h", "t−1"), { anchor: "start", size: 17 }),
    line([
      [20, busY],
      [ox, busY],
    ]),
    text(140, 408, math("x", "t"), { size: 17 }),
    line([
      [140, 390],
      [140, busY],
    ]),
    dot(140, busY),
    ...[fx, ix, cx, ox].map((x) =>
      wire([
        [x, busY],
        [x, boxY + 17],
      ]),
    ),
    layerBox(fx, boxY, "σ", COLORS.forget),
    layerBox(ix, boxY, "σ", COLORS.input),
    layerBox(cx, boxY, "tanh", COLORS.candidate),
    layerBox(ox, boxY, "σ", COLORS.output),
    // forget gate → × on the belt
    wire([
      [fx, boxY - 16],
      [fx, beltY + 13],
    ]),
    text(fx + 8, 175, math("f", "t"), { anchor: "start", size: 16 }),
    // input gate × candidate → + on the belt
    pointwise((ix + cx) / 2, 165, "×"),
    wire([
      [ix, boxY - 16],
      [ix, 165],
      [(ix + cx) / 2 - 13, 165],
    ]),
    wire([
      [cx, boxY - 16],
      [cx, 165],
      [(ix + cx) / 2 + 13, 165],
    ]),
    wire([
      [(ix + cx) / 2, 152],
      [(ix + cx) / 2, beltY + 13],
    ]),
    text(ix + 8, 210, math("i", "t"), { anchor: "start", size: 16 }),
    text(cx + 8, 210, math("C̃", "t"), { anchor: "start", size: 16 }),
    // output: tanh(C_t) × o_t → h_t
    dot(tanhX, beltY),
    wire([
      [tanhX, beltY],
      [tanhX, 150],
    ]),
    `<ellipse cx="${tanhX}" cy="165" rx="26" ry="14" fill="#fff" stroke="${COLORS.candidate}" stroke-width="2"/>`,
    text(tanhX, 170, "tanh", { size: 13 }),
    wire([
      [tanhX, 179],
      [tanhX, boxY - 13],
    ]),
    pointwise(tanhX, boxY, "×"),
    wire([
      [ox, boxY - 16],
      [ox, 205],
      [555, 205],
      [555, boxY],
      [tanhX - 13, boxY],
    ]),
    text(ox - 8, 228, math("o", "t"), { anchor: "end", size: 16 }),
    line([
      [tanhX, boxY + 13],
      [tanhX, busY],
    ]),
    wire([
      [tanhX, busY],
      [735, busY],
    ]),
    dot(650, busY),
    wire([
      [650, busY],
      [650, 30],
    ]),
    text(664, 30, math("h", "t"), { anchor: "start", size: 17 }),
    text(740, busY - 12, math("h", "t"), { anchor: "end", size: 17 }),
    // legend
    legendRow(100, 440, COLORS.forget, "σ", w({ zh: "遗忘门 f", en: "forget gate f" })),
    legendRow(260, 440, COLORS.input, "σ", w({ zh: "输入门 i", en: "input gate i" })),
    legendRow(420, 440, COLORS.candidate, "tanh", w({ zh: "候选值 C̃", en: "candidate C̃" })),
    legendRow(600, 440, COLORS.output, "σ", w({ zh: "输出门 o", en: "output gate o" })),
    text(
      420,
      468,
      w({
        zh: "× 逐元素相乘　+ 逐元素相加　● 分叉（复制）",
        en: "× pointwise product   + pointwise sum   ● copy",
      }),
      { size: 13, color: "#555" },
    ),
  ]);
}

/** The GRU cell (tfjs/Keras convention h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t), reset before the product. */
function gruDiagram(lang: Lang): string {
  const w = (words: Words) => esc(words[lang]);
  const topY = 90;
  const busY = 320;
  const boxY = 250;
  const [rx, zx, hx] = [200, 300, 430];
  const [zMulX, plusX] = [470, 600];
  return svg(760, 500, w({ zh: "GRU 单元", en: "The GRU cell" }), [
    `<rect x="70" y="45" width="610" height="335" rx="18" fill="#f8fafd" stroke="#bbb" stroke-width="1.5"/>`,
    // the one state h runs along the top
    `<path d="M20,${topY} L720,${topY}" stroke="#9ab" stroke-width="9" stroke-opacity="0.45"/>`,
    text(18, topY - 14, math("h", "t−1"), { anchor: "start", size: 17 }),
    wire([
      [20, topY],
      [zMulX - 13, topY],
    ]),
    pointwise(zMulX, topY, "×"),
    wire([
      [zMulX + 13, topY],
      [plusX - 13, topY],
    ]),
    pointwise(plusX, topY, "+"),
    wire([
      [plusX + 13, topY],
      [735, topY],
    ]),
    text(740, topY - 14, math("h", "t"), { anchor: "end", size: 17 }),
    dot(650, topY),
    wire([
      [650, topY],
      [650, 28],
    ]),
    text(664, 30, math("h", "t"), { anchor: "start", size: 17 }),
    // the bus [h_{t−1}, x_t] for the two gates
    dot(100, topY),
    line([
      [100, topY],
      [100, busY],
      [zx, busY],
    ]),
    text(140, 408, math("x", "t"), { size: 17 }),
    line([
      [140, 390],
      [140, busY],
    ]),
    dot(140, busY),
    wire([
      [rx, busY],
      [rx, boxY + 17],
    ]),
    wire([
      [zx, busY],
      [zx, boxY + 17],
    ]),
    layerBox(rx, boxY, "σ", COLORS.reset),
    layerBox(zx, boxY, "σ", COLORS.update),
    // reset gate: r ⊙ h_{t−1}, then into the candidate layer with x_t
    pointwise(250, 175, "×"),
    dot(250, topY),
    wire([
      [250, topY],
      [250, 162],
    ]),
    wire([
      [rx, boxY - 16],
      [rx, 175],
      [237, 175],
    ]),
    text(rx - 8, 212, math("r", "t"), { anchor: "end", size: 16 }),
    wire([
      [263, 175],
      [380, 175],
      [380, boxY],
      [hx - 27, boxY],
    ]),
    dot(140, 370),
    line([
      [140, 370],
      [hx, 370],
    ]),
    wire([
      [hx, 370],
      [hx, boxY + 17],
    ]),
    layerBox(hx, boxY, "tanh", COLORS.candidate),
    text(hx + 10, 222, math("h̃", "t"), { anchor: "start", size: 16 }),
    // update gate: z ⊙ h_{t−1} on the top line, (1 − z) ⊙ h̃ joins at +
    wire([
      [zx, boxY - 16],
      [zx, 135],
      [zMulX, 135],
      [zMulX, topY + 13],
    ]),
    text(zx + 8, 212, math("z", "t"), { anchor: "start", size: 16 }),
    dot(zMulX, 135),
    wire([
      [zMulX, 135],
      [530 - 13, 135],
    ]),
    pointwise(530, 135, "1−"),
    wire([
      [530, 148],
      [530, 187],
    ]),
    pointwise(530, 200, "×"),
    wire([
      [hx, boxY - 16],
      [hx, 200],
      [517, 200],
    ]),
    wire([
      [543, 200],
      [plusX, 200],
      [plusX, topY + 13],
    ]),
    // legend
    legendRow(90, 450, COLORS.reset, "σ", w({ zh: "重置门 r", en: "reset gate r" })),
    legendRow(260, 450, COLORS.update, "σ", w({ zh: "更新门 z", en: "update gate z" })),
    legendRow(430, 450, COLORS.candidate, "tanh", w({ zh: "候选值 h̃", en: "candidate h̃" })),
    text(
      90,
      482,
      `${math("h", "t")} = ${math("z", "t")}⊙${math("h", "t−1")} + (1 − ${math("z", "t")})⊙${math("h̃", "t")}  ${w({ zh: "（Cho 等人、tfjs、Keras 的写法）", en: "(as Cho et al., tfjs and Keras write it)" })}`,
      { size: 14, color: "#333", anchor: "start" },
    ),
  ]);
}

const DIAGRAMS: Record<string, (lang: Lang) => string> = {
  gate: gateDiagram,
  "lstm-cell": lstmDiagram,
  "gru-cell": gruDiagram,
};

const folder = join(projectRoot(), "assets", "diagrams");
mkdirSync(folder, { recursive: true });
for (const [name, draw] of Object.entries(DIAGRAMS)) {
  for (const lang of ["zh", "en"] as const) {
    const file = join(folder, `${name}.${lang}.svg`);
    writeFileSync(file, draw(lang));
    console.log(`wrote ${file}`);
  }
}

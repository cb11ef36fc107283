/**
 * npx tsx scripts/diagrams/seq2seq.ts [--png DIR]
 * Chapter 07's diagram: the encoder–decoder saying 30050 (三万零五十 / thirty thousand fifty).
 * The bidirectional encoder reads the tag and the digits; without attention, the two final states
 * are the decoder's only context (black); with attention, the step that writes 万 / thousand looks
 * at every encoder state (vermillion lines, as thick as their weight). The weights are the
 * committed model's (assets/models/say-number.json), so the picture shows what the model does.
 * Writes assets/diagrams/seq2seq.{zh,en}.svg.
 */
import { PALETTE } from "../../src/core/plots/palette.js";
import type { ReadingLanguage } from "../../src/core/seq2seq/number-words.js";
import { sayWithModel } from "../../src/core/seq2seq/train.js";
import { loadSeq2seqCheckpoint } from "../../src/node/seq2seq-files.js";
import {
  arrow,
  CELL_FILL,
  type Diagrams,
  INK,
  INPUT_FILL,
  OUTPUT_FILL,
  plainText,
  type Svg,
  svg,
  writeDiagrams,
} from "./svg.js";

/** The number the diagram says, and the output symbol whose attention it draws. */
const NUMBER = 30050;
const LOOKING: Record<ReadingLanguage, string> = { zh: "万", en: "thousand" };

const { model } = loadSeq2seqCheckpoint();

/** A symbol in a rounded box, as wide as its text: green for inputs, orange for outputs. */
function token(s: Svg, cx: number, cy: number, text: string, kind: "input" | "output"): void {
  const [fill, stroke] =
    kind === "input" ? [INPUT_FILL, PALETTE.green] : [OUTPUT_FILL, PALETTE.orange];
  const w = tokenWidth(text);
  s.body.push(
    `<rect x="${cx - w / 2}" y="${cy - 15}" width="${w}" height="30" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="2"/>`,
  );
  plainText(s, cx, cy, text, { size: 14 });
}

/** Width of a token's box: CJK characters count double. */
function tokenWidth(text: string): number {
  const columns = [...text].reduce((n, ch) => n + (ch.charCodeAt(0) >= 0x2e80 ? 2 : 1), 0);
  return Math.max(34, 8.5 * columns + 16);
}

function draw(lang: ReadingLanguage): Svg {
  const reading = sayWithModel(model, NUMBER, lang);
  const attention = reading.attention;
  if (!attention) throw new Error("the committed model has no attention");
  const outputs = [...reading.symbols, "<end>"];
  const inputs = ["<start>", ...reading.symbols];
  const looking = reading.symbols.indexOf(LOOKING[lang]);
  if (looking < 0)
    throw new Error(`the model's reading ${reading.reading} has no ${LOOKING[lang]}`);
  const weights = attention[looking];

  // encoder columns
  const encoderX = reading.source.map((_, i) => 70 + 62 * i);
  const [boxTop, boxMid, boxBottom] = [128, 168, 208];
  const tokenY = 268;
  const cellTop = 143;
  const cellBottom = 193;
  const outputY = 64;
  // decoder columns, spaced by their widest token
  const decoderX: number[] = [];
  let x = encoderX.at(-1)! + 150;
  outputs.forEach((out, j) => {
    const half = Math.max(tokenWidth(out), tokenWidth(inputs[j]), 52) / 2;
    x += j === 0 ? half : half + 16;
    decoderX.push(x);
    x += half;
  });
  const width = Math.max(x + 40, 760);
  const s = svg(width, 392);

  const w = (text: { zh: string; en: string }) => text[lang];
  plainText(
    s,
    (encoderX[0] + encoderX.at(-1)!) / 2,
    22,
    w({ zh: "编码器（双向 LSTM）", en: "encoder (bidirectional LSTM)" }),
    {
      size: 14,
      weight: "bold",
    },
  );
  plainText(
    s,
    (decoderX[0] + decoderX.at(-1)!) / 2,
    22,
    w({ zh: "解码器（LSTM）", en: "decoder (LSTM)" }),
    {
      size: 14,
      weight: "bold",
    },
  );

  // with attention: the step writing 万 / thousand looks at every encoder state
  const from = decoderX[looking];
  weights.forEach((alpha, i) => {
    const to = encoderX[i];
    s.body.push(
      `<path d="M ${from - 8} ${cellTop} C ${from - 40} ${boxTop - 95}, ${to + 30} ${boxTop - 80}, ${to} ${boxTop - 24}" fill="none" stroke="${PALETTE.vermillion}" stroke-opacity="0.8" stroke-width="${(0.6 + 7 * alpha).toFixed(2)}"/>`,
    );
  });

  // the encoder: one column per source symbol, forward half on top, backward half below
  reading.source.forEach((symbol, i) => {
    const cx = encoderX[i];
    s.body.push(
      `<rect x="${cx - 22}" y="${boxTop}" width="44" height="${boxBottom - boxTop}" rx="8" fill="${CELL_FILL}" stroke="${PALETTE.blue}" stroke-width="2"/>`,
      `<line x1="${cx - 22}" y1="${boxMid}" x2="${cx + 22}" y2="${boxMid}" stroke="${PALETTE.blue}" stroke-width="1.5"/>`,
    );
    plainText(s, cx, (boxTop + boxMid) / 2, "→", { size: 15 });
    plainText(s, cx, (boxMid + boxBottom) / 2, "←", { size: 15 });
    token(s, cx, tokenY, symbol, "input");
    arrow(s, cx, tokenY - 15, cx, boxBottom + 2);
    if (i > 0) {
      arrow(s, encoderX[i - 1] + 22, (boxTop + boxMid) / 2, cx - 24, (boxTop + boxMid) / 2);
      arrow(s, cx - 22, (boxMid + boxBottom) / 2, encoderX[i - 1] + 24, (boxMid + boxBottom) / 2);
    }
  });

  // the decoder: one column per output symbol, fed the previous symbol
  outputs.forEach((out, j) => {
    const cx = decoderX[j];
    s.body.push(
      `<rect x="${cx - 26}" y="${cellTop}" width="52" height="${cellBottom - cellTop}" rx="10" fill="${CELL_FILL}" stroke="${PALETTE.blue}" stroke-width="2"/>`,
    );
    token(s, cx, tokenY, inputs[j], "input");
    token(s, cx, outputY, out, "output");
    arrow(s, cx, tokenY - 15, cx, cellBottom + 2);
    arrow(s, cx, cellTop, cx, outputY + 17);
    if (j > 0) arrow(s, decoderX[j - 1] + 26, 168, cx - 28, 168);
  });
  // what the next step is fed: its own output when generating, the right one when training
  const [a, b] = [decoderX[0], decoderX[1]];
  const [outRight, inLeft] = [a + tokenWidth(outputs[0]) / 2, b - tokenWidth(inputs[1]) / 2];
  const middle = (outRight + inLeft) / 2;
  s.body.push(
    `<path d="M ${outRight} ${outputY} C ${middle + 10} ${outputY}, ${middle - 10} ${tokenY} , ${inLeft - 2} ${tokenY}" fill="none" stroke="${PALETTE.grey}" stroke-width="1.5" stroke-dasharray="4 4" marker-end="url(#arrow-grey)"/>`,
  );

  // without attention: the two final states start the decoder, its only context
  const left = encoderX[0] - 22;
  const right = encoderX.at(-1)! + 22;
  const entry = decoderX[0] - 26;
  s.body.push(
    `<path d="M ${right} ${(boxTop + boxMid) / 2} L ${entry - 30} ${(boxTop + boxMid) / 2} L ${entry - 30} 160 L ${entry - 2} 160" fill="none" stroke="${INK}" stroke-width="2.5" marker-end="url(#arrow)"/>`,
    `<path d="M ${left} ${(boxMid + boxBottom) / 2} L ${left - 18} ${(boxMid + boxBottom) / 2} L ${left - 18} 300 L ${entry - 30} 300 L ${entry - 30} 176 L ${entry - 2} 176" fill="none" stroke="${INK}" stroke-width="2.5" marker-end="url(#arrow)"/>`,
  );

  // the weights, over the encoder columns (after the lines, so they stay readable)
  weights.forEach((alpha, i) => {
    plainText(s, encoderX[i], boxTop - 12, alpha.toFixed(2), {
      size: 11,
      color: PALETTE.vermillion,
    });
  });

  // legend
  const legend: [string, string, string][] = [
    [
      INK,
      "",
      w({
        zh: "没有注意力：两个方向的最终状态作为解码器的初始状态，是它唯一的上下文",
        en: "without attention: the two final states start the decoder, its only context",
      }),
    ],
    [
      PALETTE.vermillion,
      "",
      w({
        zh: `有注意力：写“${LOOKING.zh}”的这一步看向每个编码器状态，线宽与数字是权重 α（训练好的模型）`,
        en: `with attention: the step writing “${LOOKING.en}” looks at every encoder state; width and numbers: its weights α (the trained model)`,
      }),
    ],
    [
      PALETTE.grey,
      ' stroke-dasharray="4 4"',
      w({
        zh: "下一步的输入：生成时是模型自己上一步的输出，训练时是正确答案（教师强制）",
        en: "the next step's input: the model's own output when generating, the right symbol when training (teacher forcing)",
      }),
    ],
  ];
  legend.forEach(([color, dash, text], k) => {
    const y = 330 + 20 * k;
    s.body.push(
      `<line x1="30" y1="${y}" x2="62" y2="${y}" stroke="${color}" stroke-width="2.5"${dash}/>`,
    );
    plainText(s, 72, y, text, { size: 12, anchor: "start" });
  });
  return s;
}

const title = (lang: ReadingLanguage) =>
  lang === "zh"
    ? `编码器-解码器读出 ${NUMBER}：没有注意力与有注意力`
    : `The encoder–decoder saying ${NUMBER}: without and with attention`;

const diagrams: Diagrams = {
  seq2seq: { title: { zh: title("zh"), en: title("en") }, draw },
};

await writeDiagrams(diagrams, process.argv.slice(2));

/**
 * The course's diagrams, drawn as hand-written SVG from one description and written in both
 * languages: assets/diagrams/<name>.zh.svg and <name>.en.svg. Chapters reference them from
 * markdown (`![…](../../assets/diagrams/rnn-unrolled.en.svg)`).
 *
 *   npx tsx scripts/diagrams/rnn.ts              write every diagram
 *   npx tsx scripts/diagrams/rnn.ts --png DIR    also render each one to DIR/<name>.<lang>.png
 *                                            (headless Chromium), to look at them
 *
 * Colours follow src/core/plots/palette.ts: inputs green, the recurrent cell blue, outputs orange.
 */
import { PALETTE } from "../../src/core/plots/palette.js";
import {
  arrow,
  CELL_FILL,
  cell,
  type Diagrams,
  INK,
  type Lang,
  mathText,
  node,
  path,
  plainText,
  type Svg,
  svg,
  type Text,
  writeDiagrams,
} from "./svg.js";

/** x below → cell → h above, the loop on the cell's right. */
function loopUnit(s: Svg, cx: number, cy: number, lang: Lang, withLabel = true): void {
  node(s, cx, cy + 95, "x_t", "input");
  node(s, cx, cy - 95, "h_t", "output");
  cell(s, cx, cy);
  arrow(s, cx, cy + 74, cx, cy + 27);
  arrow(s, cx, cy - 27, cx, cy - 72);
  // the loop: out of the right side, round, back into the right side lower down
  path(
    s,
    `M ${cx + 38} ${cy - 12} C ${cx + 95} ${cy - 40}, ${cx + 95} ${cy + 40}, ${cx + 40} ${cy + 12}`,
  );
  if (withLabel) {
    mathText(s, cx + 100, cy, "h_{t-1}", 16, "start");
    plainText(s, cx + 100, cy + 24, lang === "zh" ? "（上一步）" : "(previous step)", {
      size: 12,
      anchor: "start",
      color: PALETTE.grey,
    });
  }
}

const diagrams: Diagrams = {
  "rnn-loop": {
    title: {
      zh: "循环神经网络：带一个环的单元",
      en: "A recurrent neural network: a cell with a loop",
    },
    draw: (lang) => {
      const s = svg(340, 300);
      loopUnit(s, 120, 140, lang);
      plainText(
        s,
        170,
        282,
        lang === "zh"
          ? "隐状态沿着环送回单元，参与下一步计算"
          : "the hidden state goes round the loop into the next step",
        { size: 13, color: PALETTE.grey },
      );
      return s;
    },
  },

  "rnn-unrolled": {
    title: { zh: "把环展开成一条链", en: "The loop unrolled into a chain" },
    draw: (lang) => {
      const s = svg(860, 330);
      loopUnit(s, 90, 145, lang, false);
      plainText(s, 200, 145, "=", { size: 34 });
      const labels = ["0", "1", "2", "T"];
      const xs = [300, 450, 600, 780];
      xs.forEach((cx, k) => {
        const t = labels[k];
        node(s, cx, 240, `x_${t}`, "input");
        node(s, cx, 50, `h_${t}`, "output");
        cell(s, cx, 145, "tanh", "W, U, b");
        arrow(s, cx, 219, cx, 172);
        arrow(s, cx, 118, cx, 73);
      });
      // h flows right between the steps; the gap before T stands for the steps in between
      arrow(s, 242, 145, 261, 145, { grey: true });
      mathText(s, 236, 122, "h_{-1}=0", 12);
      arrow(s, 339, 145, 411, 145);
      arrow(s, 489, 145, 561, 145);
      arrow(s, 639, 145, 672, 145);
      plainText(s, 690, 145, "…", { size: 22 });
      arrow(s, 708, 145, 741, 145);
      mathText(s, 375, 130, "h_0", 14);
      mathText(s, 525, 130, "h_1", 14);
      mathText(s, 724, 128, "h_{T-1}", 13);
      plainText(
        s,
        540,
        305,
        lang === "zh"
          ? "每个时间步用的是同一组权重 W、U、b（权重共享）"
          : "every time step uses the same weights W, U, b (weight sharing)",
        { size: 14, color: PALETTE.blue },
      );
      return s;
    },
  },

  "rnn-stacked": {
    title: { zh: "两层堆叠的循环神经网络", en: "Two stacked recurrent layers" },
    draw: (lang) => {
      const s = svg(760, 440);
      const xs = [250, 400, 550, 700];
      const labels = ["0", "1", "2", "3"];
      const rows = [
        { y: 300, name: lang === "zh" ? "第 1 层" : "layer 1", w: "W^{(1)}, U^{(1)}, b^{(1)}" },
        { y: 155, name: lang === "zh" ? "第 2 层" : "layer 2", w: "W^{(2)}, U^{(2)}, b^{(2)}" },
      ];
      rows.forEach((row) => {
        plainText(s, 30, row.y - 8, row.name, {
          anchor: "start",
          weight: "bold",
          color: PALETTE.blue,
        });
        mathText(s, 30, row.y + 16, row.w, 12, "start");
        xs.forEach((cx, k) => {
          cell(s, cx, row.y);
          if (k < xs.length - 1) arrow(s, cx + 39, row.y, cx + 111, row.y);
        });
      });
      xs.forEach((cx, k) => {
        const t = labels[k];
        node(s, cx, 400, `x_${t}`, "input");
        arrow(s, cx, 379, cx, 327);
        // layer 1's h is layer 2's x
        arrow(s, cx, 273, cx, 182);
        mathText(s, cx + 6, 228, `h^{(1)}_${t}`, 14, "start");
        node(s, cx, 50, `h^{(2)}_${t}`, "output");
        arrow(s, cx, 128, cx, 73);
      });
      plainText(
        s,
        30,
        228,
        lang === "zh" ? "下层的 h 就是上层的 x" : "the h below is the x above",
        { size: 13, anchor: "start", color: PALETTE.grey },
      );
      return s;
    },
  },

  "sequence-shapes": {
    title: {
      zh: "一对一、一对多、多对一、多对多、延迟的多对多",
      en: "One-to-one, one-to-many, many-to-one, many-to-many, delayed many-to-many",
    },
    draw: (lang) => {
      const s = svg(1215, 330);
      // inputs: "one" x at the first step, "all" an x at every step, or x at the first `reads`
      // steps (the delayed shape); outputs likewise: the last step, every step, or the steps
      // after the reading (each reading the previous output, drawn dashed)
      const panels: {
        title: Text;
        steps: number;
        inputs: "one" | "all" | "first";
        outputs: "last" | "all" | "after";
        reads?: number;
      }[] = [
        { title: { zh: "一对一", en: "one-to-one" }, steps: 1, inputs: "one", outputs: "all" },
        { title: { zh: "一对多", en: "one-to-many" }, steps: 3, inputs: "one", outputs: "all" },
        { title: { zh: "多对一", en: "many-to-one" }, steps: 3, inputs: "all", outputs: "last" },
        { title: { zh: "多对多", en: "many-to-many" }, steps: 3, inputs: "all", outputs: "all" },
        {
          title: { zh: "延迟的多对多", en: "delayed many-to-many" },
          steps: 4,
          inputs: "first",
          outputs: "after",
          reads: 2,
        },
      ];
      const notes: Text[] = [
        { zh: "普通的前馈网络", en: "a plain feed-forward net" },
        { zh: "同一个 x 送进每一步", en: "the same x fed at every step" },
        { zh: "只读最后一步的 h", en: "read only the last h" },
        { zh: "每一步都输出", en: "an output at every step" },
        { zh: "先读完，再逐个输出", en: "read it all, then write" },
      ];
      const starts = [50, 190, 430, 670, 910];
      const gap = 70;
      panels.forEach((panel, p) => {
        const x0 = starts[p] + 40;
        const width = (panel.steps - 1) * gap;
        const reads = panel.reads ?? panel.steps;
        plainText(s, x0 + width / 2, 22, panel.title[lang], { size: 16, weight: "bold" });
        for (let k = 0; k < panel.steps; k++) {
          const cx = x0 + k * gap;
          s.body.push(
            `<rect x="${cx - 22}" y="${150 - 20}" width="44" height="40" rx="8" fill="${CELL_FILL}" stroke="${PALETTE.blue}" stroke-width="2"/>`,
          );
          if (k > 0) arrow(s, cx - gap + 23, 150, cx - 24, 150);
          const hasInput =
            panel.inputs === "all" || k === 0 || (panel.inputs === "first" && k < reads);
          if (hasInput) {
            node(s, cx, 245, panel.inputs === "one" ? "x" : `x_${k + 1}`, "input");
            arrow(s, cx, 224, cx, 172);
          } else if (panel.inputs === "one") {
            // one-to-many: the same x again (tfjs's repeatVector)
            path(s, `M ${x0 + 18} ${238} Q ${cx - 20} ${240}, ${cx - 4} ${172}`, { dashed: true });
          }
          const hasOutput =
            panel.outputs === "all" ||
            (panel.outputs === "last" && k === panel.steps - 1) ||
            (panel.outputs === "after" && k >= reads);
          if (hasOutput) {
            const label =
              panel.steps === 1 ? "y" : `y_${panel.outputs === "after" ? k - reads + 1 : k + 1}`;
            node(s, cx, 58, label, "output");
            arrow(s, cx, 128, cx, 81);
          }
          if (panel.outputs === "after" && k > reads) {
            // the decoder reads its previous output
            path(s, `M ${cx - gap + 16} ${72} Q ${cx - 30} ${100}, ${cx - 16} ${128}`, {
              dashed: true,
            });
          }
        }
        plainText(s, x0 + width / 2, 300, notes[p][lang], { size: 13, color: PALETTE.grey });
      });
      return s;
    },
  },
};

/**
 * Chapter 06: full vs truncated backpropagation through time over one line of text. Top: one
 * chain, the gradient flows back over every step. Bottom: the same chain cut into windows; the
 * state still flows forward across each cut (solid), the gradient stops at it (dashed, ✕).
 */
diagrams.tbptt = {
  title: {
    zh: "完整的与截断的通过时间反向传播",
    en: "Full and truncated backpropagation through time",
  },
  draw: (lang) => {
    const s = svg(860, 360);
    s.body.push(
      `<defs><marker id="arrow-red" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${PALETTE.vermillion}"/></marker></defs>`,
    );
    const text = Array.from("床前明月光，疑是地上霜。");
    const x0 = 70;
    const gap = 62;
    const box = 40;
    const rows = [
      {
        y: 95,
        label: {
          zh: "完整 BPTT：梯度穿过所有时间步",
          en: "Full BPTT: the gradient crosses every step",
        },
      },
      {
        y: 255,
        label: {
          zh: "截断 BPTT（窗口长 4）：状态照常往后传，梯度在窗口边界停下",
          en: "Truncated BPTT (windows of 4): the state flows on, the gradient stops at each cut",
        },
      },
    ];
    rows.forEach((row, r) => {
      plainText(s, 24, row.y - 62, row.label[lang], { size: 14, anchor: "start", weight: "bold" });
      text.forEach((ch, t) => {
        const cx = x0 + t * gap;
        s.body.push(
          `<rect x="${cx - box / 2}" y="${row.y - box / 2}" width="${box}" height="${box}" rx="7" fill="${CELL_FILL}" stroke="${PALETTE.blue}" stroke-width="2"/>`,
        );
        plainText(s, cx, row.y + 42, ch, { size: 16 });
        if (t > 0) arrow(s, cx - gap + box / 2, row.y, cx - box / 2 - 1, row.y);
      });
      // the gradient, backwards: one long dashed path, or one per window
      const windows =
        r === 0
          ? [[0, text.length - 1]]
          : [
              [0, 3],
              [4, 7],
              [8, 11],
            ];
      for (const [from, to] of windows) {
        const left = x0 + from * gap;
        const right = x0 + to * gap;
        s.body.push(
          `<path d="M ${right} ${row.y - 26} C ${right} ${row.y - 44}, ${right - 20} ${row.y - 40}, ${(left + right) / 2} ${row.y - 40} L ${left + 14} ${row.y - 40}" fill="none" stroke="${PALETTE.vermillion}" stroke-width="2" stroke-dasharray="6 4" marker-end="url(#arrow-red)"/>`,
        );
      }
      if (r === 1) {
        for (const cut of [3.5, 7.5]) {
          const x = x0 + cut * gap;
          s.body.push(
            `<line x1="${x}" y1="${row.y - 52}" x2="${x}" y2="${row.y + 58}" stroke="${PALETTE.grey}" stroke-width="1.5" stroke-dasharray="3 3"/>`,
          );
          plainText(s, x, row.y - 40, "✕", { size: 14, color: PALETTE.vermillion });
        }
      }
    });
    const legend = [
      {
        color: INK,
        dashed: false,
        text: { zh: "前向：隐状态与细胞状态", en: "forward: the hidden and cell states" },
      },
      {
        color: PALETTE.vermillion,
        dashed: true,
        text: { zh: "反向：梯度", en: "backward: the gradient" },
      },
    ];
    legend.forEach((item, k) => {
      const y = 335;
      const x = 60 + k * 360;
      s.body.push(
        `<line x1="${x}" y1="${y}" x2="${x + 40}" y2="${y}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
      );
      plainText(s, x + 50, y, item.text[lang], { size: 13, anchor: "start" });
    });
    return s;
  },
};

await writeDiagrams(diagrams, process.argv.slice(2));

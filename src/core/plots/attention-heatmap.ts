/**
 * Attention weights as a heatmap (chapter 07): one row per symbol the decoder wrote (<end>
 * included), one column per source symbol ([tag, digits…]), colour = how much of the context
 * that output step took from that source position (0…1; each row sums to 1). Pure: a reading
 * from sayWithModel in, plotly JSON out; the notebook and the site's live figure draw the same.
 */

import { type Language, say, term } from "../i18n.js";
import { END } from "../seq2seq/number-data.js";
import type { ModelReading } from "../seq2seq/train.js";
import type { PlotlyFigure } from "./figure.js";

/**
 * plotly's fonts, then Simplified Chinese ones: every edition shows Chinese words, and on an
 * English page the browser's own fallback may draw them with Japanese glyphs (零 in its JP form).
 */
const FONT_FAMILY =
  '"Open Sans", verdana, arial, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export interface AttentionHeatmapOptions {
  title?: string;
  /** The labels' language (default: the notebook's or the page's). */
  language?: Language;
}

/** The rows' labels: the symbols written, then <end> when the model wrote it. */
export function attentionRowLabels(reading: ModelReading): string[] {
  const rows = reading.attention?.length ?? 0;
  const labels = reading.symbols.slice(0, rows);
  while (labels.length < rows) labels.push(END);
  return labels;
}

/** Plotly reads labels as a little HTML: "<zh>" and "<end>" must be written as entities. */
function plotlyText(label: string): string {
  return label.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function attentionHeatmap(
  reading: ModelReading,
  options: AttentionHeatmapOptions = {},
): PlotlyFigure {
  const { language } = options;
  const attention = reading.attention;
  if (attention === undefined || attention.length === 0) {
    throw new Error(
      "attentionHeatmap: this reading has no attention weights (expected a reading from a model " +
        "with attention, e.g. assets/models/say-number.json; got one from a model without " +
        "attention, whose decoder sees only the encoder's last state)",
    );
  }
  const columns = reading.source.length;
  attention.forEach((row, i) => {
    if (row.length !== columns) {
      throw new Error(
        `attentionHeatmap: attention row ${i} has ${row.length} weights, expected one per ` +
          `source symbol (${columns}: ${reading.source.join(" ")})`,
      );
    }
  });
  const rows = attentionRowLabels(reading).map(plotlyText);
  const source = reading.source.map(plotlyText);
  const xTitle = say(
    {
      zh: `${term("source_sequence", "zh")}（${term("language_tag", "zh")}和数字）`,
      en: `${term("source_sequence", "en")} (${term("language_tag", "en")} and digits)`,
    },
    language,
  );
  const yTitle = say({ zh: "模型写出的词", en: "words the model wrote" }, language);
  const weight = term("attention_weights", language);
  const longest = Math.max(...attentionRowLabels(reading).map((label) => label.length));
  return {
    data: [
      {
        type: "heatmap",
        z: attention.map((row) => [...row]),
        x: reading.source.map((_, j) => j),
        y: rows.map((_, i) => i),
        zmin: 0,
        zmax: 1,
        colorscale: "Viridis",
        colorbar: { title: { text: weight }, thickness: 14 },
        xgap: 1,
        ygap: 1,
        customdata: attention.map((row, i) => row.map((_, j) => [rows[i], source[j]])),
        hovertemplate: `%{customdata[0]} ← %{customdata[1]}<br>${weight}: %{z:.3f}<extra></extra>`,
      },
    ],
    layout: {
      height: Math.max(260, 26 * rows.length + 130),
      font: { family: FONT_FAMILY },
      margin: { t: options.title ? 50 : 20, l: Math.min(150, 34 + 9 * longest), r: 20, b: 70 },
      xaxis: {
        tickvals: reading.source.map((_, j) => j),
        ticktext: source,
        tickfont: { size: 13 },
        title: { text: xTitle },
        ticks: "", // no tick marks: a mark next to the label "-" (a hyphen the model writes) reads as "- -"
      },
      yaxis: {
        tickvals: rows.map((_, i) => i),
        ticktext: rows,
        title: { text: yTitle },
        ticks: "",
        tickfont: { size: 15 },
        ticksuffix: " ", // a little room between a word and its row
        autorange: "reversed",
      },
      ...(options.title ? { title: { text: options.title } } : {}),
    },
  };
}

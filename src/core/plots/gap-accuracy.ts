/**
 * Accuracy against the distance between the clue and the answer ("I grew up in France … I speak
 * fluent French"), one line per model, with the chance level dashed (chapter 02; chapter 03
 * adds the LSTM's line). Pure: series in, plotly figure JSON out.
 */

import { type Language, term } from "../i18n.js";
import type { PlotlyFigure } from "./figure.js";
import { PALETTE, seriesColor } from "./palette.js";

export interface GapSeries {
  name: string;
  gaps: number[];
  /** Fractions in [0, 1]. */
  accuracy: number[];
}

export interface GapFigureOptions {
  /** Accuracy of guessing, e.g. 1/8 with eight languages; drawn as a dashed line. */
  chance?: number;
  title?: string;
  language?: Language;
}

export function gapAccuracyFigure(
  series: GapSeries[],
  options: GapFigureOptions = {},
): PlotlyFigure {
  const language = options.language;
  const allGaps = series.flatMap((s) => s.gaps);
  const data: Array<Record<string, unknown>> = series.map((s, i) => ({
    type: "scatter",
    mode: "lines+markers",
    name: s.name,
    x: s.gaps,
    y: s.accuracy,
    line: { color: seriesColor(i), width: 2 },
  }));
  if (options.chance !== undefined && allGaps.length > 0) {
    data.push({
      type: "scatter",
      mode: "lines",
      name: term("chance_level", language),
      x: [Math.min(...allGaps), Math.max(...allGaps)],
      y: [options.chance, options.chance],
      line: { color: PALETTE.grey, dash: "dash", width: 1.5 },
    });
  }
  return {
    data,
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: term("gap_length", language) } },
      yaxis: { title: { text: term("accuracy", language) }, range: [0, 1.05], tickformat: ".0%" },
      margin: { t: options.title ? 50 : 20 },
    },
  };
}

/**
 * Loss (or any metric) per training step, one line per run (chapter 02: with and without
 * gradient clipping). Pure: series in, plotly figure JSON out.
 */

import { type Language, term } from "../i18n.js";
import type { PlotlyFigure } from "./figure.js";
import { seriesColor } from "./palette.js";

export interface CurveSeries {
  name: string;
  steps: number[];
  values: number[];
}

export interface CurveFigureOptions {
  title?: string;
  /** Y-axis label; default the glossary's "loss". */
  yTitle?: string;
  /** X-axis label; default the glossary's "training step". */
  xTitle?: string;
  logY?: boolean;
  language?: Language;
}

export function trainingCurveFigure(
  series: CurveSeries[],
  options: CurveFigureOptions = {},
): PlotlyFigure {
  const language = options.language;
  return {
    data: series.map((s, i) => ({
      type: "scatter",
      mode: "lines",
      name: s.name,
      x: s.steps,
      y: s.values,
      line: { color: seriesColor(i), width: 2 },
    })),
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: options.xTitle ?? term("training_step", language) } },
      yaxis: {
        title: { text: options.yTitle ?? term("loss", language) },
        ...(options.logY ? { type: "log", exponentformat: "power" } : {}),
      },
      margin: { t: options.title ? 50 : 20 },
    },
  };
}

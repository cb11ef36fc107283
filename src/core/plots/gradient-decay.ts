/**
 * ‖∂h_T/∂h_t‖ against the lag T − t on a log scale (chapter 02): straight lines mean geometric
 * decay (vanishing) or growth (exploding). Pure: series in, plotly figure JSON out.
 */

import { type Language, term } from "../i18n.js";
import type { PlotlyFigure } from "./figure.js";
import { seriesColor } from "./palette.js";

export interface DecaySeries {
  /** Legend label, e.g. "ρ = 0.9". */
  name: string;
  lags: number[];
  norms: number[];
  /** Dashed: a reference curve (e.g. ρ^(T−t) for a linear RNN). */
  dashed?: boolean;
  /** Index into the palette; default the series' position. Equal indices share a colour. */
  colorIndex?: number;
}

export interface DecayFigureOptions {
  title?: string;
  language?: Language;
}

export function gradientDecayFigure(
  series: DecaySeries[],
  options: DecayFigureOptions = {},
): PlotlyFigure {
  const language = options.language;
  return {
    data: series.map((s, i) => ({
      type: "scatter",
      mode: "lines",
      name: s.name,
      x: s.lags,
      y: s.norms,
      line: { color: seriesColor(s.colorIndex ?? i), dash: s.dashed ? "dash" : "solid", width: 2 },
    })),
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: `${term("time_lag", language)} T − t` } },
      yaxis: {
        title: { text: `${term("gradient_norm", language)} ‖∂h<sub>T</sub> / ∂h<sub>t</sub>‖₂` },
        type: "log",
        exponentformat: "power",
      },
      legend: { orientation: "v" },
      margin: { t: options.title ? 50 : 20 },
    },
  };
}

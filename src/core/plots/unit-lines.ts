/**
 * A few hidden units' values along a sentence, one line per sentence (chapters 03 and 04): e.g.
 * the cell state of the unit that carries the country, for one sentence per country, so the
 * lines stay apart across the gap. Pure: series in, plotly JSON out.
 */

import { type Language, term } from "../i18n.js";
import type { PlotlyFigure } from "./figure.js";
import { seriesColor } from "./palette.js";

export interface UnitLine {
  name: string;
  /** One value per time step. */
  values: number[];
  /** Lines with the same colour index share a colour (e.g. one per country). */
  colorIndex?: number;
  dashed?: boolean;
}

export interface UnitLinesOptions {
  /** x-axis tick labels, one per step (words of a sentence); default 1, 2, … */
  tokens?: string[];
  yTitle: string;
  title?: string;
  /** Shade steps [from, to] (e.g. the gap of filler words). */
  shade?: { from: number; to: number; label: string };
  language?: Language;
}

export function unitLinesFigure(lines: UnitLine[], options: UnitLinesOptions): PlotlyFigure {
  const steps = lines[0]?.values.map((_, t) => t) ?? [];
  const shade = options.shade;
  return {
    data: lines.map((line, i) => ({
      type: "scatter",
      mode: "lines+markers",
      name: line.name,
      x: steps,
      y: line.values,
      marker: { size: 4 },
      line: {
        color: seriesColor(line.colorIndex ?? i),
        width: 2,
        dash: line.dashed ? "dot" : "solid",
      },
    })),
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: {
        title: { text: term("time_step", options.language) },
        ...(options.tokens ? { tickvals: steps, ticktext: options.tokens, tickangle: -45 } : {}),
      },
      yaxis: { title: { text: options.yTitle } },
      ...(shade
        ? {
            shapes: [
              {
                type: "rect",
                xref: "x",
                yref: "paper",
                x0: shade.from - 0.5,
                x1: shade.to + 0.5,
                y0: 0,
                y1: 1,
                fillcolor: "#999",
                opacity: 0.12,
                line: { width: 0 },
              },
            ],
            annotations: [
              {
                text: shade.label,
                x: (shade.from + shade.to) / 2,
                xref: "x",
                y: 1,
                yref: "paper",
                yanchor: "bottom",
                showarrow: false,
                font: { size: 12, color: "#555" },
              },
            ],
          }
        : {}),
      margin: { t: options.title ? 60 : 30, b: 80 },
    },
  };
}

/**
 * Gate activations as heatmaps: one panel per gate, time (the sentence's words) across, hidden
 * units down (chapters 03 and 04). Gates share one 0…1 colour scale; a panel marked `signed`
 * (the cell state) gets its own scale, symmetric around 0. Pure: tables in, plotly JSON out.
 */

import { type Language, term } from "../i18n.js";
import type { PlotlyFigure } from "./figure.js";

export interface HeatmapPanel {
  /** Shown above the panel, e.g. term("forget_gate") + " f_t". */
  title: string;
  /** values[t][u] (T, U), as stepByUnit returns it. */
  values: number[][];
  /** Values can be negative (cell state): its own colour scale, blue < 0 < red. */
  signed?: boolean;
}

export interface HeatmapFigureOptions {
  /** One label per time step (the words of the sentence). */
  tokens: string[];
  title?: string;
  language?: Language;
}

const PANEL_GAP = 0.06;

export function gateHeatmapFigure(
  panels: HeatmapPanel[],
  options: HeatmapFigureOptions,
): PlotlyFigure {
  const { tokens, language } = options;
  const n = panels.length;
  const height = (1 - PANEL_GAP * (n - 1)) / n;
  const layout: Record<string, unknown> = {
    height: 170 * n + 90,
    margin: { t: options.title ? 60 : 30, l: 60, r: 20, b: 80 },
    xaxis: {
      tickvals: tokens.map((_, t) => t),
      ticktext: tokens,
      tickangle: -45,
      title: { text: term("time_step", language) },
      anchor: `y${n === 1 ? "" : n}`,
    },
    coloraxis: {
      cmin: 0,
      cmax: 1,
      colorscale: "Viridis",
      colorbar: { title: { text: term("gate", language) }, len: 0.5, y: 1, yanchor: "top" },
    },
    coloraxis2: {
      // plotly's "RdBu" runs blue (low) → red (high): red positive, blue negative
      colorscale: "RdBu",
      cmid: 0,
      colorbar: {
        title: {
          text:
            panels
              .find((p) => p.signed)
              ?.title.split(" ")
              .pop() ?? "",
        },
        len: 0.4,
        y: 0,
        yanchor: "bottom",
      },
    },
    annotations: [] as unknown[],
    ...(options.title ? { title: { text: options.title } } : {}),
  };
  const data = panels.map((panel, k) => {
    const axis = k === 0 ? "" : String(k + 1);
    const top = 1 - k * (height + PANEL_GAP);
    layout[`yaxis${axis}`] = {
      domain: [top - height, top],
      title: { text: term("hidden_units", language), font: { size: 11 } },
      autorange: "reversed",
      dtick: 1,
    };
    (layout.annotations as unknown[]).push({
      text: panel.title,
      x: 0,
      xref: "paper",
      xanchor: "left",
      y: top,
      yref: "paper",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 13 },
    });
    const units = panel.values[0]?.length ?? 0;
    return {
      type: "heatmap",
      // plotly's z is rows × columns = units × time
      z: Array.from({ length: units }, (_, u) => panel.values.map((row) => row[u])),
      x: tokens.map((_, t) => t),
      y: Array.from({ length: units }, (_, u) => u),
      xaxis: "x",
      yaxis: `y${axis}`,
      coloraxis: panel.signed ? "coloraxis2" : "coloraxis",
      hovertemplate: `${panel.title}<br>%{x}: unit %{y}<br>%{z:.3f}<extra></extra>`,
    };
  });
  if (!panels.some((p) => p.signed)) delete layout.coloraxis2;
  return { data, layout };
}

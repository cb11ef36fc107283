/**
 * Chapter 01's first trained RNN ("hello"), in two figures. Pure: numbers in, plotly JSON out.
 *
 * - `lossWithFloorFigure`: loss per training step, one line per model, and a dashed horizontal
 *   line at a floor (ln 2 / 2: the lowest loss a model without memory can reach on "hello").
 * - `hiddenStateFigure`: h_t over the word as heatmaps side by side (one panel per model), hidden
 *   units down, time steps across, every cell labelled with its value; one colour scale from −1
 *   to 1 (tanh's range) shared by all panels, so equal colours mean equal values.
 */

import { type Language, term } from "../i18n.js";
import type { PlotlyFigure } from "./figure.js";
import { PALETTE } from "./palette.js";
import { type CurveSeries, trainingCurveFigure } from "./training-curve.js";

export interface LossFloor {
  /** Where the dashed line stands on the loss axis. */
  value: number;
  /** Written at the line's right end, e.g. "ln 2 / 2 ≈ 0.347". */
  label: string;
}

export function lossWithFloorFigure(
  series: CurveSeries[],
  floor: LossFloor,
  options: { language?: Language } = {},
): PlotlyFigure {
  const figure = trainingCurveFigure(series, { language: options.language });
  return {
    ...figure,
    layout: {
      ...figure.layout,
      // inside the plot, top right: the curves have flattened there, and long (bilingual)
      // names do not squeeze the plot
      legend: {
        x: 0.98,
        xanchor: "right",
        y: 0.98,
        yanchor: "top",
        bgcolor: "rgba(255, 255, 255, 0.8)",
      },
      shapes: [
        {
          type: "line",
          xref: "paper",
          x0: 0,
          x1: 1,
          yref: "y",
          y0: floor.value,
          y1: floor.value,
          line: { color: PALETTE.grey, width: 1.5, dash: "dash" },
        },
      ],
      annotations: [
        {
          text: floor.label,
          xref: "paper",
          x: 1,
          xanchor: "right",
          yref: "y",
          y: floor.value,
          yanchor: "bottom",
          showarrow: false,
          font: { size: 12, color: "#555" },
        },
      ],
    },
  };
}

export interface HiddenStatePanel {
  /** Shown above the panel, e.g. "RNN". */
  title: string;
  /** hidden[t][u] (T, U), as trainHello returns it. */
  hidden: number[][];
}

export interface HiddenStateFigureOptions {
  /** One label per time step (e.g. "l → o": the input read and the character to predict). */
  tokens: string[];
  language?: Language;
}

const PANEL_GAP = 0.08;

export function hiddenStateFigure(
  panels: HiddenStatePanel[],
  options: HiddenStateFigureOptions,
): PlotlyFigure {
  const { tokens, language } = options;
  const n = panels.length;
  const width = (1 - PANEL_GAP * (n - 1)) / n;
  const units = panels[0]?.hidden[0]?.length ?? 0;
  const steps = tokens.map((_, t) => t);
  const layout: Record<string, unknown> = {
    height: 70 + 34 * Math.max(units, 4) + 90,
    margin: { t: 40, l: 70, r: 20, b: 80 },
    coloraxis: {
      // plotly's "RdBu" runs blue (low) → red (high); tanh keeps h_t in (−1, 1)
      colorscale: "RdBu",
      cmin: -1,
      cmax: 1,
      colorbar: { title: { text: "h<sub>t</sub>" }, len: 0.8, thickness: 14 },
    },
    annotations: [] as unknown[],
  };
  const data = panels.map((panel, k) => {
    const axis = k === 0 ? "" : String(k + 1);
    const left = k * (width + PANEL_GAP);
    layout[`xaxis${axis}`] = {
      domain: [left, left + width],
      anchor: `y${axis}`,
      tickvals: steps,
      ticktext: tokens,
      title: { text: term("time_step", language) },
    };
    layout[`yaxis${axis}`] = {
      anchor: `x${axis}`,
      autorange: "reversed",
      dtick: 1,
      ...(k === 0 ? { title: { text: term("hidden_units", language) } } : {}),
    };
    (layout.annotations as unknown[]).push({
      text: panel.title,
      x: left + width / 2,
      xref: "paper",
      xanchor: "center",
      y: 1,
      yref: "paper",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 14 },
    });
    return {
      type: "heatmap",
      // plotly's z is rows × columns = units × time
      z: Array.from({ length: units }, (_, u) => panel.hidden.map((h) => h[u])),
      x: steps,
      y: Array.from({ length: units }, (_, u) => u),
      xaxis: `x${axis}`,
      yaxis: `y${axis}`,
      coloraxis: "coloraxis",
      texttemplate: "%{z:.2f}",
      textfont: { size: 11 },
      xgap: 2,
      ygap: 2,
      // the step's label under the pointer, as the x-axis shows it
      customdata: Array.from({ length: units }, () => tokens),
      hovertemplate: `${panel.title}<br>%{customdata}: h<sub>t</sub>[%{y}] = %{z:.3f}<extra></extra>`,
    };
  });
  return { data, layout };
}

/**
 * One bar per model (chapter 06: the line-form rate of the untrained model, the bigram model,
 * ours and the poems themselves). Pure: labels and values in, plotly figure JSON out.
 */
import type { PlotlyFigure } from "./figure.js";
import { seriesColor } from "./palette.js";

export interface BarChartOptions {
  yTitle: string;
  /** Show values as percentages (0.87 → 87%). */
  percent?: boolean;
  /** Fixed y range, e.g. [0, 1]. */
  range?: [number, number];
}

export function barChartFigure(
  labels: string[],
  values: number[],
  options: BarChartOptions,
): PlotlyFigure {
  if (labels.length !== values.length) {
    throw new Error(`barChartFigure: ${labels.length} labels but ${values.length} values`);
  }
  const text = values.map((v) => (options.percent ? `${(100 * v).toFixed(1)}%` : v.toPrecision(3)));
  return {
    data: [
      {
        type: "bar",
        x: labels,
        y: values,
        text,
        textposition: "outside",
        marker: { color: labels.map((_, i) => seriesColor(i)) },
        hovertemplate: "%{x}: %{text}<extra></extra>",
      },
    ],
    layout: {
      yaxis: {
        title: { text: options.yTitle },
        ...(options.range ? { range: options.range } : {}),
        ...(options.percent ? { tickformat: ".0%" } : {}),
      },
      margin: { t: 20 },
      showlegend: false,
    },
  };
}

/**
 * Bars in groups: one group per text or model, one bar per measure (chapter 06: the share of
 * poems that keep one line length and the share whose even lines rhyme). Pure: labels and values
 * in, plotly figure JSON out.
 */
import type { PlotlyFigure } from "./figure.js";
import { seriesColor } from "./palette.js";

export interface GroupedBarsOptions {
  yTitle: string;
  /** Show values as percentages (0.87 → 87%). */
  percent?: boolean;
  /** Fixed y range, e.g. [0, 1.1]. */
  range?: [number, number];
}

/** `series[k].values[i]` is measure k of group `groups[i]`. */
export function groupedBarsFigure(
  groups: string[],
  series: { name: string; values: number[] }[],
  options: GroupedBarsOptions,
): PlotlyFigure {
  for (const { name, values } of series) {
    if (values.length !== groups.length) {
      throw new Error(
        `groupedBarsFigure: ${name} has ${values.length} values, not ${groups.length}`,
      );
    }
  }
  const label = (v: number) => (options.percent ? `${(100 * v).toFixed(1)}%` : v.toPrecision(3));
  return {
    data: series.map(({ name, values }, k) => ({
      type: "bar",
      name,
      x: groups,
      y: values,
      text: values.map(label),
      textposition: "outside",
      marker: { color: seriesColor(k) },
      hovertemplate: `${name}, %{x}: %{text}<extra></extra>`,
    })),
    layout: {
      barmode: "group",
      yaxis: {
        title: { text: options.yTitle },
        ...(options.range ? { range: options.range } : {}),
        ...(options.percent ? { tickformat: ".0%" } : {}),
      },
      margin: { t: 20 },
      showlegend: true,
    },
  };
}

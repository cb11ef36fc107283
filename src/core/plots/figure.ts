/** A plotly figure as JSON: what every plot builder in this folder returns (pure data, no DOM). */
export interface PlotlyFigure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
  frames?: unknown[];
}

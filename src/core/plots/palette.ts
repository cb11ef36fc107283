/**
 * The course's colours, shared by plots and diagrams so a hidden state or a curve has one colour
 * everywhere (colour-blind-safe Okabe–Ito hues).
 */
export const PALETTE = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  sky: "#56B4E9",
  yellow: "#F0E442",
  grey: "#7f7f7f",
} as const;

/** Curve colours in order: the first series is always blue, the second orange, … */
export const SERIES_COLORS: readonly string[] = [
  PALETTE.blue,
  PALETTE.orange,
  PALETTE.green,
  PALETTE.vermillion,
  PALETTE.purple,
  PALETTE.sky,
];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

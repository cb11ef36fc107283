// Live figure "gradient-lag" (chapter 02): the reader picks the spectral radius ρ and which
// activation to show; the cell's experiment runs again for that ρ with the chapter's settings.
import { say, term } from "../../../core/i18n.js";
import type { PlotlyFigure } from "../../../core/plots/figure.js";
import { type DecaySeries, gradientDecayFigure } from "../../../core/plots/gradient-decay.js";
import { gradientDecay } from "../../../core/probes/gradient-decay.js";
import { InputError, type PageLanguage } from "../protocol.js";

/** The chapter cell's settings (notebooks/source/02-long-term-dependencies.md, the decay plot). */
export const GRADIENT_LAG_SETTINGS = { steps: 60, seed: 7 } as const;
export const SPECTRAL_RADIUS_RANGE = { min: 0.5, max: 1.5, step: 0.01, initial: 0.9 } as const;

/** Which curves to draw: the chapter's pair (tanh solid, linear dashed), or one of them. */
export type CurveChoice = "both" | "tanh" | "linear";
export const CURVE_CHOICES: readonly CurveChoice[] = ["both", "tanh", "linear"];

export interface GradientLagParams {
  spectralRadius: number;
  curves: CurveChoice;
}

export interface GradientLagResult {
  figure: PlotlyFigure;
  /** The line the chapter's cell prints for this ρ (its format: keep the two in step). */
  text: string;
}

const fmt = (x: number) => x.toExponential(2);

export function checkGradientLagParams(params: unknown, lang: PageLanguage): GradientLagParams {
  const { spectralRadius, curves } = (params ?? {}) as Partial<GradientLagParams>;
  const { min, max } = SPECTRAL_RADIUS_RANGE;
  if (typeof spectralRadius !== "number" || !(spectralRadius >= min && spectralRadius <= max)) {
    throw new InputError(
      say(
        {
          zh: `谱半径 ρ 要在 ${min} 到 ${max} 之间，收到的是 ${String(spectralRadius)}`,
          en: `the spectral radius ρ must be between ${min} and ${max}, got ${String(spectralRadius)}`,
        },
        lang,
      ),
    );
  }
  if (!CURVE_CHOICES.includes(curves as CurveChoice)) {
    throw new InputError(`curves: expected one of ${CURVE_CHOICES.join(", ")}, got ${curves}`);
  }
  return { spectralRadius, curves: curves as CurveChoice };
}

/** ‖∂h_T/∂h_t‖₂ against the lag for one ρ: the chapter's series for it, and its printed line. */
export function gradientLag(params: unknown, lang: PageLanguage): GradientLagResult {
  const { spectralRadius: rho, curves } = checkGradientLagParams(params, lang);
  const withTanh = gradientDecay({ spectralRadius: rho, ...GRADIENT_LAG_SETTINGS });
  const linear = gradientDecay({
    spectralRadius: rho,
    ...GRADIENT_LAG_SETTINGS,
    activation: "linear",
  });
  const last = withTanh.lags[withTanh.lags.length - 1]; // the initial state's lag
  // max over lags of |‖(Uᵀ)^(T−t)‖₂ / ρ^(T−t) − 1|
  const relative = Math.max(...linear.norms.map((n, lag) => Math.abs(n / rho ** lag - 1)));
  const text =
    `ρ = ${rho.toFixed(2)}: ${term("linear_activation", lang)} vs ρ^(T−t) ${fmt(relative)};` +
    `  tanh: mean(1 − h²) = ${withTanh.meanSlope.toFixed(3)}, T − t = ${last}: ${fmt(withTanh.norms[last])}`;
  const series: DecaySeries[] = [];
  if (curves !== "linear") {
    series.push({ name: `tanh, ρ = ${rho}`, lags: withTanh.lags, norms: withTanh.norms });
  }
  if (curves !== "tanh") {
    series.push({
      name: `${term("linear_activation", lang)}, ρ = ${rho}`,
      lags: linear.lags,
      norms: linear.norms,
      colorIndex: 0,
      dashed: true,
    });
  }
  const figure = gradientDecayFigure(
    series.map((s) => ({ ...s, colorIndex: 0 })),
    { language: lang },
  );
  // Fixed axes: with autorange every straight line on a log axis looks the same, whatever ρ.
  // 10^−22 … 10^12 holds both ends (tanh at ρ = 0.5 reaches ~1e−21, 1.5^59 ≈ 2.4e10).
  const layout = figure.layout as Record<string, Record<string, unknown>>;
  layout.yaxis = { ...layout.yaxis, range: [-22, 12] };
  layout.xaxis = { ...layout.xaxis, range: [0, last] };
  return { figure, text };
}

// Chapter 02's gradient-decay plot, live: a slider for ρ and a choice of curves.
import { say, term } from "../../../core/i18n.js";
import {
  CURVE_CHOICES,
  type CurveChoice,
  type GradientLagParams,
  type GradientLagResult,
  SPECTRAL_RADIUS_RANGE,
} from "../compute/gradient-lag.js";
import { type FigureWorker, latestOnly, ReaderInputError } from "../runner.js";
import { element, type LiveFrame } from "./frame.js";

export function mountGradientLag(frame: LiveFrame, worker: FigureWorker): void {
  const { lang } = frame;
  const { min, max, step, initial } = SPECTRAL_RADIUS_RANGE;
  const rho = element("input", { type: "range", min, max, step, value: initial, name: "rho" });
  const shown = element("output", { class: "live-value" }, initial.toFixed(2));
  frame.labelled(`${term("spectral_radius", lang)} ρ`, rho, shown);
  const curveNames: Record<CurveChoice, string> = {
    both: say({ zh: `tanh 与${term("linear_activation", lang)}`, en: "tanh and linear" }, lang),
    tanh: "tanh",
    linear: term("linear_activation", lang),
  };
  const curves = element("select", { name: "curves" });
  for (const choice of CURVE_CHOICES) {
    curves.append(element("option", { value: choice }, curveNames[choice]));
  }
  frame.labelled(say({ zh: "曲线", en: "curves" }, lang), curves);

  const redraw = latestOnly(async (params: GradientLagParams) => {
    frame.setState("running");
    try {
      const { result } = await worker.run<GradientLagResult>(params);
      frame.print(result.text);
      await frame.draw(result.figure);
      frame.outdateOtherText(
        say(
          {
            zh: "本章运行时的输出（不随上面的控件变化）",
            en: "printed by the chapter's run (not recomputed)",
          },
          lang,
        ),
      );
      frame.message("");
    } catch (error) {
      if (error instanceof ReaderInputError) frame.message(error.message, "error");
      else throw error;
    }
  });
  const changed = () => {
    const spectralRadius = Number(rho.value);
    shown.textContent = spectralRadius.toFixed(2);
    redraw({ spectralRadius, curves: curves.value as CurveChoice });
  };
  rho.addEventListener("input", changed);
  curves.addEventListener("change", changed);
  frame.message(
    say(
      {
        zh: "拖动 ρ：图由浏览器里的同一份库代码重新计算（60 步，种子 7，和上面的单元格一样）。",
        en: "Move ρ: the plot is recomputed in your browser by the same library code (60 steps, seed 7, as in the cell above).",
      },
      lang,
    ),
  );
}

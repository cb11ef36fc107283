// Chapter 05's accuracy-against-gap plot, live: pick a gap, train RNN and LSTM in the browser.
import { say, term } from "../../../core/i18n.js";
import {
  GAP_RANGE,
  GAP_TRAINING_TOTAL,
  type GapPoint,
  type GapTrainingResult,
  withTrainedPoints,
} from "../compute/gap-training.js";
import { type FigureWorker, ReaderInputError, StoppedError } from "../runner.js";
import { element, type LiveFrame } from "./frame.js";

export function mountGapTraining(frame: LiveFrame, worker: FigureWorker): void {
  const { lang } = frame;
  const chapter = frame.chapterFigure();
  const { min, max, step, initial } = GAP_RANGE;
  const gap = element("input", { type: "range", min, max, step, value: initial, name: "gap" });
  const shown = element("output", { class: "live-value" }, String(initial));
  frame.labelled(`${term("gap_length", lang)} k`, gap, shown);
  const start = element(
    "button",
    { type: "button", class: "live-run" },
    say({ zh: "训练 RNN 和 LSTM", en: "Train RNN and LSTM" }, lang),
  );
  const stop = element(
    "button",
    { type: "button", class: "live-stop", disabled: true },
    say({ zh: "停止", en: "Stop" }, lang),
  );
  const bar = element("progress", { max: GAP_TRAINING_TOTAL, value: 0, hidden: true });
  frame.controls.append(start, stop, bar);
  gap.addEventListener("input", () => {
    shown.textContent = gap.value;
  });
  const points: GapPoint[] = [];
  const idle = (running: boolean) => {
    start.disabled = running;
    stop.disabled = !running;
    gap.disabled = running;
    bar.hidden = !running;
  };

  start.addEventListener("click", async () => {
    const k = Number(gap.value);
    idle(true);
    bar.value = 0;
    frame.setState("running");
    const started = performance.now();
    frame.message(
      say({ zh: `正在训练（k = ${k}，两个种子）……`, en: `Training (k = ${k}, two seeds)…` }, lang),
    );
    try {
      const { result } = await worker.run<GapTrainingResult>({ gap: k }, (done) => {
        bar.value = done;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        frame.message(
          say(
            { zh: `正在训练（k = ${k}）：${seconds} 秒`, en: `Training (k = ${k}): ${seconds} s` },
            lang,
          ),
        );
      });
      for (const point of result.points) {
        const same = points.findIndex((p) => p.cell === point.cell && p.gap === point.gap);
        if (same >= 0) points.splice(same, 1);
        points.push(point);
      }
      if (chapter) await frame.draw(withTrainedPoints(chapter, points, lang));
      frame.message(result.text);
    } catch (error) {
      if (error instanceof StoppedError) {
        frame.message(say({ zh: "已停止。", en: "Stopped." }, lang));
        frame.setState(frame.figure.dataset.redraws ? "drawn" : "ready");
      } else if (error instanceof ReaderInputError) {
        frame.message(error.message, "error");
      } else {
        throw error;
      }
    } finally {
      idle(false);
    }
  });
  stop.addEventListener("click", () => worker.stop());
  frame.message(
    say(
      {
        zh: "选一个间隔长度，在浏览器里用本章的设置训练 RNN 和 LSTM（约几秒），新的点（星号）画在本章的曲线上。",
        en: "Pick a gap length and train an RNN and an LSTM in your browser with this chapter's settings (a few seconds); the new points (stars) join the chapter's curves.",
      },
      lang,
    ),
  );
}

// Chapter 06's samplers, live: temperature, prime text and seed → text from one of the chapter's
// committed character models (the checkpoint the cell names: the Tang poems' or the English one),
// coloured by the unit the cell names (the position-in-line counter, the position-in-word unit),
// drawn as the chapter draws coloured text (src/core/plots/colored-text.ts). The checkpoint (MBs
// of JSON) is a script the site build wrote (assets/models/<name>.js), loaded when the figure
// mounts: a page opened from file:// cannot fetch() a JSON file. The prime starts as the cell's
// and is checked against that model's vocabulary (by the worker, with a message naming what it
// lacks); several samplers on one page each load their own checkpoint and run their own worker.
import { say } from "../../../core/i18n.js";
import { coloredTextHtml } from "../../../core/plots/colored-text.js";
import { type SamplerResult, TEMPERATURE_RANGE } from "../compute/sampler.js";
import type { PageLanguage } from "../protocol.js";
import { FigureWorker, ReaderInputError, StoppedError } from "../runner.js";
import { loadCheckpoint } from "./checkpoint.js";
import { element, type LiveFrame } from "./frame.js";

/** The model as the reader knows it from the chapter, by the corpus its checkpoint records. */
function modelName(checkpoint: unknown, lang: PageLanguage): string {
  const corpus = (checkpoint as { report?: { corpus?: unknown } } | undefined)?.report?.corpus;
  if (corpus === "tang")
    return say({ zh: "本章提交的唐诗模型", en: "the chapter's Tang-poem model" }, lang);
  if (corpus === "english")
    return say({ zh: "本章提交的英文模型", en: "the chapter's English model" }, lang);
  return say({ zh: "本章提交的模型", en: "the chapter's committed model" }, lang);
}

export function mountSampler(frame: LiveFrame, workerSource: string): void {
  const { lang } = frame;
  const cellData = (frame.config.payload ?? {}) as { prime?: string };
  const { min, max, step, initial } = TEMPERATURE_RANGE;
  const temperature = element("input", {
    type: "range",
    min,
    max,
    step,
    value: initial,
    name: "temperature",
  });
  const shown = element("output", { class: "live-value" }, initial.toFixed(2));
  frame.labelled(say({ zh: "温度 τ", en: "temperature τ" }, lang), temperature, shown);
  const prime = element("input", {
    type: "text",
    name: "prime",
    value: cellData.prime ?? "",
    size: 16,
    spellcheck: "false",
    autocomplete: "off",
  });
  frame.labelled(say({ zh: "开头", en: "prime" }, lang), prime);
  const seed = element("input", { type: "number", name: "seed", value: 1, min: 0, step: 1 });
  frame.labelled(say({ zh: "种子", en: "seed" }, lang), seed);
  const start = element(
    "button",
    { type: "button", class: "live-run", disabled: true },
    say({ zh: "写", en: "Write" }, lang),
  );
  const stop = element(
    "button",
    { type: "button", class: "live-stop", disabled: true },
    say({ zh: "停止", en: "Stop" }, lang),
  );
  const busy = element("progress", { hidden: true }); // no value: "working"
  frame.controls.append(start, stop, busy);
  temperature.addEventListener("input", () => {
    shown.textContent = Number(temperature.value).toFixed(2);
  });
  // the cell's coloured text is redrawn in place; a cell that only printed gets one above it
  let output = frame.figure.querySelector<HTMLElement>(".output-colored-text");
  const replacesChapterOutput = output !== null;
  if (!output) {
    output = element("div", { class: "output output-colored-text" });
    frame.status.after(output);
    output.hidden = true;
  }
  output.classList.add("live-sample");
  const target = output;
  // the chapter's title line (which unit colours the text) stays above the recomputed text
  const title =
    target.querySelector(".rnn-colored-text > div:first-child:not(:empty)")?.textContent ??
    undefined;

  let worker: FigureWorker | undefined;
  const script = frame.config.script;
  const ready = script ? loadCheckpoint(script.src, script.global) : Promise.resolve(undefined);
  frame.message(say({ zh: "正在载入模型……", en: "Loading the model…" }, lang));
  ready.then(
    (checkpoint) => {
      // the worker gets the checkpoint with the cell's choices (the colouring unit)
      worker = new FigureWorker(workerSource, "sampler", lang, { ...cellData, checkpoint });
      worker.warm();
      start.disabled = false;
      frame.message(
        say(
          {
            zh: `选温度、开头和种子，让${modelName(checkpoint, lang)}在你的浏览器里写。`,
            en: `Pick a temperature, a prime and a seed, and let ${modelName(checkpoint, lang)} write in your browser.`,
          },
          lang,
        ),
      );
    },
    (error: Error) => frame.message(error.message, "error"),
  );

  const running = (on: boolean) => {
    start.disabled = on;
    stop.disabled = !on;
    busy.hidden = !on;
  };
  start.addEventListener("click", async () => {
    if (!worker) return;
    running(true);
    frame.setState("running");
    frame.message("");
    const params = {
      temperature: Number(temperature.value),
      prime: prime.value,
      seed: Number(seed.value),
    };
    try {
      const { result } = await worker.run<SamplerResult>(params);
      target.innerHTML = coloredTextHtml({ ...result.spec, title }); // escaped by coloredTextHtml
      target.dataset.text = result.text;
      target.dataset.values = JSON.stringify(result.spec.values);
      target.hidden = false;
      target.classList.add("live-updated");
      if (!replacesChapterOutput) {
        frame.outdateOtherText(
          say(
            {
              zh: "本章运行时的输出（不随上面的控件变化）",
              en: "printed by the chapter's run (not recomputed)",
            },
            lang,
          ),
        );
      }
      frame.drawn();
    } catch (error) {
      if (error instanceof StoppedError)
        frame.message(say({ zh: "已停止。", en: "Stopped." }, lang));
      else if (error instanceof ReaderInputError) frame.message(error.message, "error");
      else throw error;
    } finally {
      running(false);
    }
  });
  stop.addEventListener("click", () => worker?.stop());
}

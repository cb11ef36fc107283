// Chapter 07's number reader, live: the reader types a number, chooses the language (the tag the
// model reads first) and greedy or beam-4 decoding; the chapter's committed encoder–decoder with
// attention (the checkpoint the cell names, loaded from the script the site build wrote) says it
// in a Web Worker, and the figure shows the reading, whether it is right, and the attention
// heatmap drawn by the chapter cell's own plot function. Every keystroke redraws (the newest
// input wins); a number that is not a whole number 0…99,999,999 gets a message, never a reading.
import { say, term } from "../../../core/i18n.js";
import type { ReadingLanguage } from "../../../core/seq2seq/number-words.js";
import type { BeamWidth, SayNumberResult } from "../compute/say-number.js";
import { FigureWorker, latestOnly, ReaderInputError } from "../runner.js";
import { loadCheckpoint } from "./checkpoint.js";
import { element, type LiveFrame } from "./frame.js";

export function mountSayNumber(frame: LiveFrame, workerSource: string): void {
  const { lang } = frame;
  const cellData = (frame.config.payload ?? {}) as {
    number?: number;
    language?: ReadingLanguage;
    beamWidth?: BeamWidth;
  };
  const number = element("input", {
    type: "text",
    name: "number",
    value: String(cellData.number ?? 30050),
    inputmode: "numeric",
    size: 12,
    maxlength: 20,
    spellcheck: "false",
    autocomplete: "off",
  });
  frame.labelled(say({ zh: "数字", en: "number" }, lang), number);
  const language = element(
    "select",
    { name: "language" },
    element("option", { value: "zh" }, "中文"),
    element("option", { value: "en" }, "English"),
  );
  language.value = cellData.language === "en" ? "en" : "zh";
  frame.labelled(say({ zh: "读成", en: "say it in" }, lang), language);
  const decoding = element(
    "select",
    { name: "beam" },
    element("option", { value: "1" }, term("greedy_decoding", lang)),
    element(
      "option",
      { value: "4" },
      say(
        {
          zh: `${term("beam_search", "zh")}（${term("beam_width", "zh")} 4）`,
          en: `${term("beam_search", "en")} (${term("beam_width", "en")} 4)`,
        },
        lang,
      ),
    ),
  );
  decoding.value = String(cellData.beamWidth ?? 1);
  frame.labelled(say({ zh: "解码", en: "decoding" }, lang), decoding);

  // the reading, above the heatmap; hidden until the reader's first input
  const reading = element("div", { class: "live-reading", hidden: true });
  (frame.plot?.closest(".output") ?? frame.status).before(reading);

  let worker: FigureWorker | undefined;
  const script = frame.config.script;
  const ready = script ? loadCheckpoint(script.src, script.global) : Promise.resolve(undefined);
  const controls = [number, language, decoding];
  for (const control of controls) control.disabled = true;
  frame.message(say({ zh: "正在载入模型……", en: "Loading the model…" }, lang));

  const redraw = latestOnly(async (params: { number: string; language: string; beam: string }) => {
    if (!worker) return;
    if (params.number.trim() === "") {
      frame.message(say({ zh: "输入一个数。", en: "Type a number." }, lang));
      return;
    }
    frame.setState("running");
    try {
      const { result } = await worker.run<SayNumberResult>({
        number: params.number,
        language: params.language,
        beamWidth: Number(params.beam),
      });
      reading.replaceChildren(
        ...result.lines.map((line, k) =>
          element("div", { class: k === 0 ? "live-reading-main" : "live-reading-note" }, line),
        ),
      );
      reading.lang = result.language === "zh" ? "zh-CN" : "en";
      reading.dataset.reading = result.reading.reading;
      reading.dataset.number = String(result.number);
      reading.hidden = false;
      frame.message("");
      frame.outdateOtherText(
        say(
          {
            zh: "本章运行时的输出（不随上面的控件变化）",
            en: "printed by the chapter's run (not recomputed)",
          },
          lang,
        ),
      );
      await frame.draw(result.figure);
    } catch (error) {
      if (!(error instanceof ReaderInputError)) throw error;
      // no reading for an input that is not a number: the message says what was expected
      reading.hidden = true;
      reading.replaceChildren();
      delete reading.dataset.reading;
      delete reading.dataset.number;
      frame.message(error.message, "error");
    }
  });
  const changed = () =>
    redraw({ number: number.value, language: language.value, beam: decoding.value });
  number.addEventListener("input", changed);
  language.addEventListener("change", changed);
  decoding.addEventListener("change", changed);

  ready.then(
    (checkpoint) => {
      worker = new FigureWorker(workerSource, "say-number", lang, { ...cellData, checkpoint });
      worker.warm();
      for (const control of controls) control.disabled = false;
      frame.message(
        say(
          {
            zh: "输入一个 0 到 99,999,999 的整数，选择语言：本章提交的模型在你的浏览器里读它，并画出每个词看了哪些数字。",
            en: "Type a whole number from 0 to 99,999,999 and choose the language: the chapter's committed model says it in your browser and shows which digits each word looked at.",
          },
          lang,
        ),
      );
    },
    (error: Error) => frame.message(error.message, "error"),
  );
}

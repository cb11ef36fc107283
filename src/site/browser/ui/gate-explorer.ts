// Chapters 03 and 04's gate heatmaps, live: the chapter's trained model reads the reader's
// sentence (a country from the task, filler words typed freely).
import { loadGlossary, say, term } from "../../../core/i18n.js";
import {
  countriesOf,
  type GateExplorerParams,
  type GateExplorerResult,
  sentenceParts,
} from "../compute/gate-explorer.js";
import { franceDatasetFromJson } from "../payload.js";
import { type FigureWorker, latestOnly, ReaderInputError } from "../runner.js";
import { element, type LiveFrame } from "./frame.js";

const TYPING_PAUSE_MS = 250;

export function mountGateExplorer(frame: LiveFrame, worker: FigureWorker): void {
  const { lang } = frame;
  const payload = frame.config.payload as { sentences?: unknown } | undefined;
  const sentences = franceDatasetFromJson(payload?.sentences, "sentences");
  const first = sentenceParts(sentences, 0);
  const joiner = " ";

  const country = element("select", { name: "country" });
  for (const name of countriesOf(sentences)) {
    country.append(element("option", { value: name, selected: name === first.country }, name));
  }
  frame.labelled(say({ zh: "国家", en: "country" }, lang), country);
  const fillers = element("input", {
    type: "text",
    name: "fillers",
    value: first.fillers.join(joiner),
    size: 60,
    spellcheck: false,
    autocomplete: "off",
  });
  frame.labelled(say({ zh: "填充词", en: "filler words" }, lang), fillers);
  const fillerWords = Object.values(loadGlossary())
    .filter((entry) => entry.kind === "filler")
    .map((entry) => entry[sentences.language])
    .filter((word) => sentences.vocabulary.includes(word));
  const hint = element(
    "p",
    { class: "live-hint" },
    say(
      {
        zh: `模型训练时见过的填充词：${fillerWords.join(" ")}。填充词可多可少（训练时是 ${sentences.gap} 个），也可以写别的${term("vocabulary", lang)}里的词。`,
        en: `Filler words the model was trained on: ${fillerWords.join(" ")}. Use more or fewer than the ${sentences.gap} it was trained with, or any other word of its ${term("vocabulary", lang)}.`,
      },
      lang,
    ),
  );
  frame.controls.append(hint);

  const redraw = latestOnly(async (params: GateExplorerParams) => {
    frame.setState("running");
    try {
      const { result } = await worker.run<GateExplorerResult>(params);
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
  let last = "";
  const changed = () => {
    const params = { country: country.value, fillers: fillers.value };
    const key = JSON.stringify(params);
    if (key === last) return; // the change event after typing: already drawn
    last = key;
    redraw(params);
  };
  let typing: number | undefined;
  country.addEventListener("change", changed);
  fillers.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(changed, TYPING_PAUSE_MS);
  });
  fillers.addEventListener("change", () => {
    window.clearTimeout(typing);
    changed();
  });
}

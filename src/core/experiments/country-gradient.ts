/**
 * Does the country get a learning signal? (chapter 02.) For each gap k, an untrained plain RNN
 * (the model a gap run starts from: same cell, sizes and seed) reads seeded sentences; then the
 * median over sentences of
 *
 *   ‖∂L/∂h_country‖ / ‖∂L/∂h_T‖
 *
 * from the library's BPTT, at the lag of the country's step (stepsAfterCountry). When it is
 * tiny, the weights hardly learn anything that links the country to the answer, while the words
 * near the end get the full signal.
 */
import { lossGradientByLag } from "../probes/loss-gradient-by-lag.js";
import { createModel } from "../train/model.js";
import { franceTask, type SentenceLanguage } from "../train/tasks/france.js";

export interface CountryGradientOptions {
  gaps: number[];
  /** Country → language pairs. Default 8. */
  countries?: number;
  /** Sentences per gap to take the median over. Default 200. */
  count?: number;
  /** Hidden units. Default 16. */
  units?: number;
  /** Word vector size. Default 8 (as gapExperiment). */
  embeddingSize?: number;
  language?: SentenceLanguage;
  /** Seed of the initial weights (as the gap runs use). Default 0. */
  seed?: number;
  /** Seed of the sentences. Default 3. */
  sentenceSeed?: number;
}

export interface CountryGradient {
  gaps: number[];
  /** Per gap: median ‖∂L/∂h_country‖ / ‖∂L/∂h_T‖ of the untrained RNN. */
  ratios: number[];
}

export function countryGradientByGap(options: CountryGradientOptions): CountryGradient {
  const {
    gaps,
    countries = 8,
    count = 200,
    units = 16,
    embeddingSize = 8,
    language = "en",
    seed = 0,
    sentenceSeed = 3,
  } = options;
  const ratios = gaps.map((gap) => {
    const sentences = franceTask({ gap, countries, language, count, seed: sentenceSeed });
    const model = createModel(sentences, { cell: "simpleRNN", units, embeddingSize, seed });
    // the country's step sits stepsAfterCountry steps before the last one
    return lossGradientByLag(model, sentences).ratios[sentences.stepsAfterCountry];
  });
  return { gaps, ratios };
}

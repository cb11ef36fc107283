import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { ClaimError, claim } from "../src/core/claim.js";
import { currentLanguage, glossaryProblems, loadGlossary, say, term } from "../src/core/i18n.js";
import { projectRoot } from "../src/node/project-root.js";

const root = projectRoot(); // resolved (and cached) before any test changes directory
const savedLanguage = process.env.RNN_LANG;

afterEach(() => {
  if (savedLanguage === undefined) delete process.env.RNN_LANG;
  else process.env.RNN_LANG = savedLanguage;
  process.chdir(root);
});

describe("currentLanguage", () => {
  it("is the name of the kernel's folder: zh, en or bilingual", () => {
    delete process.env.RNN_LANG;
    const base = mkdtempSync(join(tmpdir(), "rnn-i18n-"));
    for (const language of ["zh", "en", "bilingual"] as const) {
      mkdirSync(join(base, language));
      process.chdir(join(base, language));
      assert.equal(currentLanguage(), language);
    }
  });

  it('is "en" in any other folder', () => {
    delete process.env.RNN_LANG;
    process.chdir(root);
    assert.equal(currentLanguage(), "en");
  });

  it("follows RNN_LANG over the folder, and rejects an unknown value", () => {
    process.env.RNN_LANG = "zh";
    assert.equal(currentLanguage(), "zh");
    process.env.RNN_LANG = "fr";
    assert.throws(() => currentLanguage(), /RNN_LANG="fr" is not one of zh, en, bilingual/);
  });
});

describe("term and say", () => {
  it("give the glossary label in the notebook's language", () => {
    process.env.RNN_LANG = "zh";
    assert.equal(term("forget_gate"), "遗忘门");
    assert.equal(say({ zh: "你好", en: "hello" }), "你好");
    process.env.RNN_LANG = "en";
    assert.equal(term("forget_gate"), "forget gate");
    assert.equal(say({ zh: "你好", en: "hello" }), "hello");
    process.env.RNN_LANG = "bilingual";
    assert.equal(term("forget_gate"), "遗忘门 forget gate");
    assert.equal(say({ zh: "你好", en: "hello" }), "你好 / hello");
  });

  it("take an explicit language too", () => {
    assert.equal(term("vanishing_gradient", "zh"), "梯度消失");
    assert.equal(say({ zh: "你好", en: "hello" }, "en"), "hello");
  });

  it("name an unknown key and where to add it", () => {
    assert.throws(
      () => term("forgot_gate"),
      /term\("forgot_gate"\): no such key in src\/core\/glossary\.ts/,
    );
  });
});

describe("src/core/glossary.ts", () => {
  const glossary = loadGlossary();

  it("has a zh and an en label for every key", () => {
    assert.deepEqual(glossaryProblems(glossary), []);
  });

  it("covers the course's RNN/LSTM/GRU vocabulary", () => {
    const required = [
      "hidden_state",
      "cell_state",
      "input_gate",
      "forget_gate",
      "output_gate",
      "candidate",
      "update_gate",
      "reset_gate",
      "vanishing_gradient",
      "exploding_gradient",
      "gradient_clipping",
      "backpropagation_through_time",
      "time_step",
      "sequence",
      "many_to_one",
    ];
    assert.deepEqual(
      required.filter((key) => glossary[key] === undefined),
      [],
    );
    assert.equal(glossary.forget_gate.zh, "遗忘门");
    assert.equal(glossary.vanishing_gradient.en, "vanishing gradient");
  });

  it("has country → language pairs and filler words for the long-dependency task", () => {
    const countries = Object.values(glossary).filter((entry) => entry.kind === "country");
    const fillers = Object.values(glossary).filter((entry) => entry.kind === "filler");
    assert.ok(countries.length >= 8, `${countries.length} countries`);
    assert.ok(fillers.length >= 20, `${fillers.length} filler words`);
    assert.equal(glossary.country_france.language, "language_french");
    assert.equal(glossary.language_french.zh, "法语");
  });

  it("reports empty labels, unknown kinds and dangling languages", () => {
    const problems = glossaryProblems({
      ok: { zh: "好", en: "ok" },
      no_en: { zh: "门", en: " " },
      odd: { zh: "奇", en: "odd", kind: "verb" as never },
      nowhere: { zh: "某国", en: "Nowhere", kind: "country", language: "language_none" },
    });
    assert.deepEqual(problems, [
      '"no_en" has no en label',
      '"odd" has unknown kind "verb" (known: term, country, language, filler)',
      '"nowhere" names language "language_none", which is not a language entry',
    ]);
  });
});

describe("claim", () => {
  const printed = (run: () => void): string[] => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      run();
    } finally {
      console.log = log;
    }
    return lines;
  };
  const sentence = { zh: "间隔很短时，RNN 几乎全对", en: "With short gaps the RNN is right" };

  it("prints one line per claim that holds, in the notebook's language", () => {
    assert.deepEqual(
      printed(() => claim(sentence, true, "99% ≥ 95%", "x.md:3", "zh")),
      ["✓ 已核对: 间隔很短时，RNN 几乎全对 (99% ≥ 95%)"],
    );
    assert.deepEqual(
      printed(() => claim("With short gaps the RNN is right", true, "99% ≥ 95%", "x.md:9", "en")),
      ["✓ checked: With short gaps the RNN is right (99% ≥ 95%)"],
    );
  });

  it("throws a ClaimError quoting the sentence and naming where it stands", () => {
    assert.throws(
      () => claim(sentence, false, "50% ≥ 95%", "notebooks/source/02-x.md:7", "en"),
      (error: unknown) => {
        assert.ok(error instanceof ClaimError);
        assert.equal(
          error.message,
          '✗ claim does not hold (notebooks/source/02-x.md:7): "With short gaps the RNN is right" — the check is false: 50% ≥ 95%',
        );
        return true;
      },
    );
    assert.throws(() => claim("s", 1 as unknown as boolean, "e"), /expected true or false/);
  });
});

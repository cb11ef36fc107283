// Reads one chapter source into blocks, from markdown-it's tokens (never regexes over the text).
// The grammar (CONTRIBUTING.md, "Chapter source format"):
//   chapter  = { pair | code | glossary | exercise }
//   pair     = "::: zh" prose ":::"  "::: en" prose ":::"       (always zh first, en right after)
//   exercise = ":::: exercise" { pair | code } "::::" [ solution ] (starts with a pair: the question)
//   solution = ":::: solution" { pair | code } "::::"            (shown folded in <details>)
//   glossary = "::: glossary" ":::"                              (empty: the build fills in the table)
// Prose keeps its source text (math, links, tables untouched); shared ```ts fences become code cells.
import type { Token } from "markdown-it";
import { CONTAINER_CLOSE, CONTAINER_OPEN, containerName, createMarkdown } from "./markdown.js";

export type ProseLanguage = "zh" | "en";

/** One top-level markdown block of a language container (a paragraph, heading, list, …). */
export interface ProsePart {
  text: string;
  /** Heading level (1 for `#`) when the part is a heading. */
  heading?: number;
}

/** The text of one `::: zh` or `::: en` container. */
export interface Prose {
  text: string;
  parts: ProsePart[];
  /** 1-based line of the `::: zh` / `::: en` marker. */
  line: number;
  /** 1-based line of the source where `text` starts (its first non-blank line). */
  textLine: number;
}

export interface PairBlock {
  kind: "pair";
  zh: Prose;
  en: Prose;
  line: number;
}

export interface CodeBlock {
  kind: "code";
  code: string;
  /** Words after the language in the fence info, e.g. ["check"] for ```ts check. */
  tags: string[];
  line: number;
}

export interface SolutionBlock {
  kind: "solution";
  items: (PairBlock | CodeBlock)[];
  line: number;
}

export interface ExerciseBlock {
  kind: "exercise";
  /** 1-based, counted through the chapter. */
  number: number;
  items: (PairBlock | CodeBlock | SolutionBlock)[];
  line: number;
}

export interface GlossaryBlock {
  kind: "glossary";
  line: number;
}

export type Block = PairBlock | CodeBlock | ExerciseBlock | GlossaryBlock;

export interface Chapter {
  /** Project-relative path with forward slashes, e.g. notebooks/source/00-setup.md. */
  file: string;
  /** File name without extension, e.g. 00-setup. */
  name: string;
  blocks: Block[];
  /** The `$…$` / `$$…$$` spans of the prose, for the KaTeX check. */
  math: { tex: string; display: boolean; line: number }[];
}

/** A problem in a source, always with its file and line. */
export class SourceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = "SourceError";
  }
}

/** Several source problems at once, so an author sees them all in one build. */
export class SourceErrors extends Error {
  constructor(readonly errors: SourceError[]) {
    super(errors.map((error) => error.message).join("\n"));
    this.name = "SourceErrors";
  }
}

export const KNOWN_CONTAINERS = ["zh", "en", "exercise", "solution", "glossary"] as const;

/** Fence languages that mean "code": shared by every edition, never inside a language block. */
export const CODE_LANGUAGES = ["ts", "typescript"] as const;
const CODE_LIKE = ["ts", "typescript", "js", "javascript", "tsx", "jsx"];

type Node =
  | {
      kind: "container";
      name: string;
      line: number;
      closed: boolean;
      children: Node[];
      map: [number, number];
    }
  | { kind: "fence"; token: Token; line: number }
  | { kind: "comment"; line: number }
  | { kind: "markdown"; tokens: Token[]; line: number; map: [number, number] };

function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}

/** A line that closes a container: a run of at least `length` colons and nothing else. */
function isClosingMarker(text: string | undefined, length: number): boolean {
  if (text === undefined) return false;
  const trimmed = text.trim();
  return trimmed.length >= length && /^:+$/.test(trimmed);
}

/** Nests the flat token stream: containers hold children; every other block is one leaf. */
function buildTree(tokens: Token[], lines: string[]): Node[] {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: "container" }>; markup: string }[] = [];
  const children = () => (stack.length > 0 ? stack[stack.length - 1].node.children : root);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === CONTAINER_OPEN) {
      const map = token.map as [number, number];
      const parentEnd = stack.length > 0 ? stack[stack.length - 1].node.map[1] : -1;
      const closed = map[1] !== parentEnd && isClosingMarker(lines[map[1]], token.markup.length);
      const node: Node = {
        kind: "container",
        name: containerName(token.info),
        line: lineOf(token),
        closed,
        children: [],
        map,
      };
      children().push(node);
      stack.push({ node, markup: token.markup });
    } else if (token.type === CONTAINER_CLOSE) {
      stack.pop();
    } else if (token.type === "fence" || token.type === "code_block") {
      children().push({ kind: "fence", token, line: lineOf(token) });
    } else if (token.type === "html_block" && token.content.trim().startsWith("<!--")) {
      children().push({ kind: "comment", line: lineOf(token) });
    } else {
      // A leaf: this token, and everything up to its matching close for paragraphs, lists, …
      const leaf: Token[] = [token];
      let depth = token.nesting;
      while (depth > 0 && i + 1 < tokens.length) {
        i += 1;
        leaf.push(tokens[i]);
        depth += tokens[i].nesting;
      }
      const map = (token.map ?? [0, 0]) as [number, number];
      children().push({ kind: "markdown", tokens: leaf, line: lineOf(token), map });
    }
  }
  return root;
}

function fencesIn(tokens: Token[]): Token[] {
  return tokens.filter((token) => token.type === "fence" || token.type === "code_block");
}

/** Parses a chapter source; throws SourceErrors listing every problem found. */
export function parseChapter(source: string, file: string): Chapter {
  const md = createMarkdown();
  const tokens = md.parse(source, {});
  const lines = source.split("\n");
  const errors: SourceError[] = [];
  const fail = (line: number, problem: string) => errors.push(new SourceError(file, line, problem));
  const name = file.split("/").pop()!.replace(/\.md$/, "");
  const math: Chapter["math"] = [];
  let exerciseCount = 0;

  const sliceLines = (from: number, to: number) => {
    const slice = lines.slice(from, to);
    while (slice.length > 0 && slice[0].trim() === "") slice.shift();
    while (slice.length > 0 && slice[slice.length - 1].trim() === "") slice.pop();
    return slice.join("\n");
  };

  const collectMath = (leafTokens: Token[]) => {
    for (const token of leafTokens) {
      if (token.type === "math_block") {
        math.push({ tex: token.content, display: true, line: lineOf(token) });
      }
      for (const child of token.children ?? []) {
        if (child.type === "math_inline") {
          math.push({ tex: child.content, display: child.markup === "$$", line: lineOf(token) });
        }
      }
    }
  };

  /** The text of a language container, with its top-level parts. */
  const readProse = (node: Extract<Node, { kind: "container" }>): Prose => {
    const parts: ProsePart[] = [];
    for (const child of node.children) {
      if (child.kind === "container") {
        fail(
          child.line,
          `::: ${child.name} cannot sit inside ::: ${node.name} (opened at line ${node.line})`,
        );
      } else if (child.kind === "fence") {
        const language = child.token.info.trim().split(/\s+/)[0] ?? "";
        if (CODE_LIKE.includes(language)) {
          fail(
            child.line,
            `a \`\`\`${language} fence inside ::: ${node.name}: code is shared by every edition, so it ` +
              "goes outside the language blocks (print language-dependent text with say() and term()); " +
              "only display fences such as ```text or ```sh may sit in prose",
          );
        }
        const map = child.token.map as [number, number];
        parts.push({ text: sliceLines(map[0], map[1]) });
      } else if (child.kind === "markdown") {
        const first = child.tokens[0];
        for (const fence of fencesIn(child.tokens)) {
          const language = fence.info.trim().split(/\s+/)[0] ?? "";
          if (CODE_LIKE.includes(language)) {
            fail(
              lineOf(fence),
              `a \`\`\`${language} fence inside ::: ${node.name}: code goes outside the language blocks`,
            );
          }
        }
        collectMath(child.tokens);
        const end = child.map[1];
        const heading = first.type === "heading_open" ? first.markup.length : undefined;
        const part: ProsePart = { text: sliceLines(child.map[0], end) };
        if (heading !== undefined && first.markup.startsWith("#")) part.heading = heading;
        parts.push(part);
      }
    }
    const text = sliceLines(node.map[0] + 1, node.map[1]);
    if (text === "")
      fail(node.line, `empty ::: ${node.name} block: write its text, or delete the pair`);
    let first = node.map[0] + 1;
    while (first < node.map[1] && lines[first].trim() === "") first += 1;
    return { text, parts, line: node.line, textLine: first + 1 };
  };

  const readCode = (node: Extract<Node, { kind: "fence" }>): CodeBlock | undefined => {
    const [language = "", ...tags] = node.token.info
      .trim()
      .split(/\s+/)
      .filter((word) => word !== "");
    if (
      node.token.type === "code_block" ||
      !(CODE_LANGUAGES as readonly string[]).includes(language)
    ) {
      const shown =
        node.token.type === "code_block" ? "an indented code block" : `a \`\`\`${language} fence`;
      fail(
        node.line,
        `${shown} outside ::: zh / ::: en: fences shared by the editions are code cells and must be ` +
          "```ts; put display-only text inside the language blocks",
      );
      return undefined;
    }
    const code = node.token.content.replace(/\n+$/, "");
    if (code.trim() === "") {
      fail(node.line, "empty ```ts fence: write the code, or delete the fence");
      return undefined;
    }
    return { kind: "code", code, tags, line: node.line };
  };

  type Allowed = "exercise" | "solution" | "glossary";
  /** Reads a sequence of nodes into blocks, pairing each ::: zh with the ::: en right after it. */
  const readSequence = (nodes: Node[], where: string, allowed: Allowed[]) => {
    const blocks: (Block | SolutionBlock)[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.kind === "comment") continue;
      if (node.kind === "markdown") {
        collectMath(node.tokens);
        fail(
          node.line,
          `text outside ::: zh / ::: en ${where}: every sentence belongs to a language block`,
        );
        continue;
      }
      if (node.kind === "fence") {
        const code = readCode(node);
        if (code) blocks.push(code);
        continue;
      }
      if (!node.closed) {
        fail(
          node.line,
          `::: ${node.name} is never closed (a line with only ::: closes it; an outer block needs ::::)`,
        );
      }
      if (!(KNOWN_CONTAINERS as readonly string[]).includes(node.name)) {
        fail(
          node.line,
          `unknown container "::: ${node.name}" (known: ${KNOWN_CONTAINERS.join(", ")})`,
        );
        continue;
      }
      if (node.name === "zh") {
        const next = nodes[i + 1];
        const zh = readProse(node);
        if (next?.kind === "container" && next.name === "en") {
          const en = readProse(next);
          blocks.push({ kind: "pair", zh, en, line: node.line });
          i += 1;
        } else {
          fail(
            node.line,
            "::: zh block has no ::: en twin: every ::: zh is followed right away by its ::: en",
          );
        }
        continue;
      }
      if (node.name === "en") {
        fail(
          node.line,
          "::: en block has no ::: zh twin before it: write the ::: zh block first, then its ::: en",
        );
        readProse(node);
        continue;
      }
      if (!(allowed as string[]).includes(node.name)) {
        const hint = node.name === "solution" ? " (it goes right after its :::: exercise)" : "";
        fail(node.line, `::: ${node.name} is not allowed ${where}${hint}`);
        continue;
      }
      if (node.name === "glossary") {
        if (node.children.length > 0) {
          fail(
            node.line,
            "::: glossary must be empty: the build writes the term table from src/core/glossary.ts",
          );
        }
        blocks.push({ kind: "glossary", line: node.line });
      } else if (node.name === "solution") {
        const items = readSequence(node.children, "inside ::: solution", []);
        if (items.length === 0)
          fail(node.line, "empty ::: solution block: write the answer, or delete it");
        const exercise = blocks[blocks.length - 1];
        if (
          exercise?.kind !== "exercise" ||
          exercise.items.some((item) => item.kind === "solution")
        ) {
          fail(
            node.line,
            "a ::: solution comes right after its ::: exercise (one solution per exercise)",
          );
        } else {
          exercise.items.push({
            kind: "solution",
            items: items as SolutionBlock["items"],
            line: node.line,
          });
        }
      } else if (node.name === "exercise") {
        exerciseCount += 1;
        const number = exerciseCount;
        const items = readSequence(node.children, "inside ::: exercise", []);
        if (items.length === 0) {
          fail(node.line, "empty ::: exercise block: write the question as a ::: zh / ::: en pair");
        } else if (items[0].kind !== "pair") {
          fail(node.line, "::: exercise starts with its question: a ::: zh / ::: en pair");
        }
        blocks.push({
          kind: "exercise",
          number,
          items: items as ExerciseBlock["items"],
          line: node.line,
        });
      }
    }
    return blocks;
  };

  const blocks = readSequence(buildTree(tokens, lines), "at the top level", [
    "exercise",
    "solution",
    "glossary",
  ]) as Block[];
  if (blocks.length === 0 && errors.length === 0) fail(1, "the chapter is empty");
  if (errors.length > 0) throw new SourceErrors(errors);
  return { file, name, blocks, math };
}

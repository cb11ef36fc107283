// The one markdown-it setup that reads chapter sources: `::: name` containers (any name, so an
// unknown one is reported instead of silently becoming text) and `$…$` / `$$…$$` math tokens
// (so KaTeX can check them and `_` inside math is never taken for emphasis).
import MarkdownIt, { type PluginWithParams, type StateBlock, type StateInline } from "markdown-it";
import container, { type ContainerOpts } from "markdown-it-container";

/** Token type of every `::: name` container; the name is the first word of `token.info`. */
export const CONTAINER_OPEN = "container_block_open";
export const CONTAINER_CLOSE = "container_block_close";
export const MATH_INLINE = "math_inline";
export const MATH_BLOCK = "math_block";

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** `$…$` (no space just inside the dollars, so "$5 and $6" stays text) and inline `$$…$$`. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== DOLLAR) return false;
  const display = src.charCodeAt(start + 1) === DOLLAR;
  const marker = display ? "$$" : "$";
  let end = start + marker.length;
  for (;;) {
    end = src.indexOf(marker, end);
    if (end === -1) return false;
    if (src.charCodeAt(end - 1) !== BACKSLASH) break;
    end += 1;
  }
  const content = src.slice(start + marker.length, end);
  if (content.trim() === "") return false;
  if (!display && (/^\s/.test(content) || /\s$/.test(content))) return false;
  if (!silent) {
    const token = state.push(MATH_INLINE, "math", 0);
    token.markup = marker;
    token.content = content;
  }
  state.pos = end + marker.length;
  return true;
}

/** A `$$` line opens display math, closed by a line ending in `$$` (or `$$…$$` on one line). */
function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  const lineText = (line: number) =>
    state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  const first = lineText(startLine);
  if (!first.startsWith("$$") || state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (silent) return true;
  let content: string;
  let lastLine = startLine;
  const rest = first.slice(2);
  if (rest.trimEnd().endsWith("$$")) {
    content = rest.trimEnd().slice(0, -2);
  } else {
    const lines = [rest];
    for (;;) {
      lastLine += 1;
      if (lastLine >= endLine) break; // unclosed: runs to the end of its container
      const text = lineText(lastLine);
      if (text.trimEnd().endsWith("$$")) {
        lines.push(text.trimEnd().slice(0, -2));
        break;
      }
      lines.push(text);
    }
    content = lines.join("\n");
  }
  const token = state.push(MATH_BLOCK, "math", 0);
  token.block = true;
  token.markup = "$$";
  token.content = content.trim();
  token.map = [startLine, lastLine + 1];
  state.line = lastLine + 1;
  return true;
}

/** markdown-it with containers and math, as chapter sources are parsed. */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: true });
  const containerOptions: ContainerOpts = { validate: (params: string) => params.trim() !== "" };
  md.use(container as unknown as PluginWithParams, "block", containerOptions);
  md.inline.ruler.after("escape", MATH_INLINE, mathInline);
  md.block.ruler.before("fence", MATH_BLOCK, mathBlock, {
    alt: ["paragraph", "reference", "blockquote", "list"],
  });
  return md;
}

/** The name of a container token: "zh" for `::: zh`. */
export function containerName(info: string): string {
  return info.trim().split(/\s+/)[0] ?? "";
}

// The only ways text becomes HTML on the course website: escaped, or JSON made safe for <script>.
// Everything a notebook contains (prose, stdout, plot data) passes through one of these.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text as HTML text or attribute value: `<b>` shows as `<b>`, it never becomes an element. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** JSON that cannot end its <script> element early (`</script>`) nor break a JS string. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Terminal colour codes (ESC[…m) removed: tracebacks and coloured logs read as plain text. */
export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is exactly what is removed
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}

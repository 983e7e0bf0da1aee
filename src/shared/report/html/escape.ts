/**
 * Escaping for the HTML report. Everything that comes from a capture (frames, station ids, log
 * lines, finding messages quoting them) passes through `esc` before it reaches the document: a
 * frame can hold `</script>`, quotes, markup or control characters, and the report is opened by
 * someone who did not write it.
 */

// One test per string: the common case (plain JSON text) leaves it untouched without allocating.
// Quotes are harmless in element content and frames are full of them (each `&quot;` would
// triple the appendix's JSON), so text escapes only what can open markup; attributes escape quotes.
// eslint-disable-next-line no-control-regex
const TEXT_WORK = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// eslint-disable-next-line no-control-regex
const ATTR_WORK = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const ATTR_SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// A lone surrogate cannot be written as UTF-8: shown as U+FFFD, as a decoder would.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function replaceSpecial(c: string): string {
  const entity = ENTITIES[c];
  if (entity !== undefined) return entity;
  const code = c.charCodeAt(0);
  // Control characters are invalid in HTML text (NUL is even swallowed); the Unicode control
  // pictures (U+2400...) keep them visible in place, so a reader sees that the frame holds one.
  return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
}

/** Element content (text of HTML elements and of SVG <text>, <title>, <desc>). */
export function esc(text: string): string {
  if (!TEXT_WORK.test(text)) return text;
  return text.replace(TEXT_SPECIAL, replaceSpecial).replace(LONE_SURROGATE, '\uFFFD');
}

/** A quoted attribute value. */
export function escAttr(text: string): string {
  if (!ATTR_WORK.test(text)) return text;
  return text.replace(ATTR_SPECIAL, replaceSpecial).replace(LONE_SURROGATE, '\uFFFD');
}

/** A fragment id made from capture text (a rule id, a station): only [A-Za-z0-9._-] survive. */
export function anchorId(prefix: string, text: string): string {
  return `${prefix}-${text.replace(/[^A-Za-z0-9._-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/**
 * Where a value sits in a JSON text: the character offsets of the node a path (as the schema
 * findings give it, e.g. `[3, 'meterValue', 0, 'unit']`) points at, for editor markers.
 *
 * A scanner rather than a parser: it walks only the containers on the path and skips everything
 * else with a bracket counter, so it needs no recursion (a deeply nested hostile frame cannot
 * overflow the stack), allocates almost nothing, and never throws: text it cannot follow gives
 * `undefined`.
 */

export type JsonLocationPath = readonly (string | number)[];

export interface JsonLocation {
  /** Offset of the value's first character. */
  start: number;
  /** Offset just after the value's last character. */
  end: number;
  /**
   * False when the path ends at a member or element that is not there (a missing required
   * field): then `start`/`end` are those of the deepest container on the path that exists,
   * which is where the missing value belongs.
   */
  found: boolean;
  /** When the value is an object member: the offset of its key's opening quote. */
  keyStart?: number;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipWhitespace(text: string, pos: number): number {
  while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** `pos` is at an opening quote: the offset after the closing one. */
function skipString(text: string, pos: number): number | undefined {
  for (let i = pos + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  return undefined;
}

/** `pos` is at a value: the offset after it. Containers are skipped by counting brackets. */
function skipValue(text: string, pos: number): number | undefined {
  const first = text[pos];
  if (first === undefined) return undefined;
  if (first === '"') return skipString(text, pos);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') {
        const after = skipString(text, i);
        if (after === undefined) return undefined;
        i = after - 1;
      } else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return undefined;
  }
  // A number or a literal: up to the next delimiter.
  let i = pos;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ',' || ch === ']' || ch === '}' || ch === ':' || isWhitespace(ch.charCodeAt(0))) break;
    i++;
  }
  return i > pos ? i : undefined;
}

/** `pos` is at `[`: where element `index` starts. */
function findElement(text: string, pos: number, index: number): number | undefined {
  let i = skipWhitespace(text, pos + 1);
  if (text[i] === ']') return undefined;
  for (let k = 0; ; k++) {
    if (k === index) return i;
    const end = skipValue(text, i);
    if (end === undefined) return undefined;
    i = skipWhitespace(text, end);
    if (text[i] !== ',') return undefined;
    i = skipWhitespace(text, i + 1);
  }
}

function decodeKey(raw: string): string | undefined {
  // Fast path: most keys have no escapes, and JSON.parse would throw on a broken one.
  if (!raw.includes('\\')) return raw.slice(1, -1);
  try {
    const key: unknown = JSON.parse(raw);
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `pos` is at `{`: where the value of member `key` starts, and where its key does. With a
 * duplicate key the last one wins, as with JSON.parse (which is what the validator saw).
 */
function findMember(text: string, pos: number, key: string): { start: number; keyStart: number } | undefined {
  let match: { start: number; keyStart: number } | undefined;
  let i = skipWhitespace(text, pos + 1);
  if (text[i] === '}') return undefined;
  for (;;) {
    if (text[i] !== '"') return match;
    const keyStart = i;
    const keyEnd = skipString(text, i);
    if (keyEnd === undefined) return match;
    i = skipWhitespace(text, keyEnd);
    if (text[i] !== ':') return match;
    const valueStart = skipWhitespace(text, i + 1);
    if (decodeKey(text.slice(keyStart, keyEnd)) === key) match = { start: valueStart, keyStart };
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd === undefined) return match;
    i = skipWhitespace(text, valueEnd);
    if (text[i] !== ',') return match;
    i = skipWhitespace(text, i + 1);
  }
}

/**
 * The offsets of the value at `path` in `text` (see `JsonLocation`), or `undefined` when the text
 * is not JSON the scanner can follow or is empty. Numbers index arrays; a number on an object
 * means the key of that name (schema paths turn numeric keys into numbers).
 */
export function locateJsonPath(text: string, path: JsonLocationPath): JsonLocation | undefined {
  let pos = skipWhitespace(text, 0);
  let keyStart: number | undefined;
  for (const segment of path) {
    // The end of a container is only looked for when it is the answer: skipping each container
    // on the path would scan a deeply nested text once per level.
    const open = text[pos];
    let child: { start: number; keyStart?: number } | undefined;
    if (open === '[') {
      const index = typeof segment === 'number' ? segment : Number(segment);
      const start = Number.isInteger(index) && index >= 0 ? findElement(text, pos, index) : undefined;
      if (start !== undefined) child = { start };
    } else if (open === '{') {
      child = findMember(text, pos, String(segment));
    }
    if (child === undefined) {
      const end = skipValue(text, pos);
      return end === undefined ? undefined : withKey({ start: pos, end, found: false }, keyStart);
    }
    pos = child.start;
    keyStart = child.keyStart;
  }
  const end = skipValue(text, pos);
  if (end === undefined) return undefined;
  return withKey({ start: pos, end, found: true }, keyStart);
}

function withKey(location: JsonLocation, keyStart: number | undefined): JsonLocation {
  if (keyStart !== undefined) location.keyStart = keyStart;
  return location;
}

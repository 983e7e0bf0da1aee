/**
 * Duplicate object keys: JSON.parse silently keeps the last one, so a frame with
 * {"idTag":"A","idTag":"B"} looks clean after parsing while the CSMS or charger may have read "A".
 *
 * Performance: this runs on every frame. The fast path counts key tokens in the raw text in one
 * pass and compares them with the keys of the parsed value; only a mismatch (rare) pays for
 * the exact scan that names the key and its path.
 */

// Every JSON string, in order; group 1 is set when the string is followed by ':' (an object key).
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

// Iterative: a charger (or an attacker) can send a frame nested thousands of levels deep.
function countParsedKeys(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    for (const key in value) {
      count++;
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return count;
}

/** The quote at `quote` is escaped when an odd number of backslashes precede it. */
function escaped(raw: string, quote: number): boolean {
  let odd = false;
  for (let k = quote - 1; raw.charCodeAt(k) === 0x5c; k--) odd = !odd;
  return odd;
}

// indexOf over the quotes, not STRING_TOKEN: a regex match allocates per string, and this ran at
// 2.5x the cost on a 1.3 KB MeterValues (the most common frame of all).
function countRawKeys(raw: string): number {
  let count = 0;
  let position = 0;
  for (;;) {
    const start = raw.indexOf('"', position);
    if (start < 0) return count;
    let end = raw.indexOf('"', start + 1);
    while (end > 0 && escaped(raw, end)) end = raw.indexOf('"', end + 1);
    if (end < 0) return count;
    position = end + 1;
    let next = raw.charCodeAt(position);
    while (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d)
      next = raw.charCodeAt(++position);
    if (next === 0x3a) count++;
  }
}

export interface DuplicateKey {
  key: string;
  /** JSONPath-like location of the object holding the key, e.g. `$[3].meterValue[0]`. */
  path: string;
}

/** `parsed` must be JSON.parse(raw): raw is known to be valid JSON. */
export function findDuplicateKey(raw: string, parsed: unknown): DuplicateKey | undefined {
  if (countRawKeys(raw) === countParsedKeys(parsed)) return undefined;
  return scanForDuplicate(raw);
}

interface Container {
  keys: Set<string> | undefined;
  path: string;
  index: number;
  pendingKey: string | undefined;
}

function childPath(parent: Container): string {
  if (parent.keys === undefined) return `${parent.path}[${parent.index}]`;
  const key = parent.pendingKey ?? '';
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent.path}.${key}` : `${parent.path}[${JSON.stringify(key)}]`;
}

function scanForDuplicate(raw: string): DuplicateKey | undefined {
  const stack: Container[] = [];
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '"') {
      STRING_TOKEN.lastIndex = i;
      const m = STRING_TOKEN.exec(raw);
      if (m === null || m.index !== i) return undefined;
      const top = stack[stack.length - 1];
      if (m[1] !== undefined && top?.keys !== undefined) {
        const key = JSON.parse(m[0].slice(0, m[0].lastIndexOf(':')).trimEnd()) as string;
        if (top.keys.has(key)) return { key, path: top.path };
        top.keys.add(key);
        top.pendingKey = key;
      }
      i += m[0].length;
      continue;
    }
    if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      const path = parent === undefined ? '$' : childPath(parent);
      stack.push({ keys: ch === '{' ? new Set() : undefined, path, index: 0, pendingKey: undefined });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.index++;
    }
    i++;
  }
  return undefined;
}

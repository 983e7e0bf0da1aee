/**
 * Equality of two JSON values as data: object key order does not count (a retried message may be
 * serialised anew). Iterative, like every walk over frame content: a charger (or an attacker) can
 * nest a payload thousands of levels deep.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let k = 0; k < x.length; k++) stack.push([x[k], y[k]]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(yo, key)) return false;
      stack.push([xo[key], yo[key]]);
    }
  }
  return true;
}

/** A value as compact JSON for a message, at most `max` characters. */
export function showJson(value: unknown, max = 120): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return '(a value too deeply nested to show)';
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A walk over the members of a JSON value, for the payload fields replay compares and rewrites. */
import { isJsonObject } from '../json-object';
import type { JsonPath } from '../validation/issues';

/**
 * Visits every member of every object in `root` with its path, depth first and without recursion
 * (a peer may nest a payload thousands of levels deep). `visit` returns true to look inside.
 */
export function walkMembers(
  root: unknown,
  visit: (owner: Record<string, unknown>, key: string, value: unknown, path: JsonPath) => boolean,
): void {
  const stack: { value: unknown; path: JsonPath }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, k) => stack.push({ value: item, path: [...path, k] }));
      continue;
    }
    if (!isJsonObject(value)) continue;
    for (const [key, child] of Object.entries(value)) {
      const at = [...path, key];
      if (visit(value, key, child, at)) stack.push({ value: child, path: at });
    }
  }
}

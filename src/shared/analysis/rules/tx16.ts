import type { Checker, CheckerContext } from '../checker';
import type { Rule } from '../finding';

export const tx16Rules: Rule[] = [];

export function createTx16Checker(_context: CheckerContext): Checker {
  return { frame() {} };
}

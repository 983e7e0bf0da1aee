import type { Checker, CheckerContext } from '../checker';
import type { Rule } from '../finding';

export const tx20Rules: Rule[] = [];

export function createTx20Checker(_context: CheckerContext): Checker {
  return { frame() {} };
}

import type { Checker, CheckerContext } from '../checker';
import type { Rule } from '../finding';

export const sessionRules: Rule[] = [];

export function createSessionChecker(_context: CheckerContext): Checker {
  return { frame() {} };
}

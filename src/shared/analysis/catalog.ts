/**
 * The rule catalog: every rule the analysis can report (listed in the UI and by
 * `ocpp-scope check --rules`), and the stateful rule sets the pipeline runs.
 */
import type { CheckerFactory } from './checker';
import type { Rule } from './finding';
import { frameRules } from './rules/frame';
import { rpcRules } from './rules/rpc';
import { schemaRules } from './rules/schema';
import { createSessionChecker, sessionRules } from './rules/session';
import { createTx16Checker, tx16Rules } from './rules/tx16';
import { createTx20Checker, tx20Rules } from './rules/tx20';

export const RULES: readonly Rule[] = [
  ...frameRules,
  ...rpcRules,
  ...schemaRules,
  ...tx16Rules,
  ...tx20Rules,
  ...sessionRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));

export const CHECKERS: readonly CheckerFactory[] = [
  createTx16Checker,
  createTx20Checker,
  createSessionChecker,
];

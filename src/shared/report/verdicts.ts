/**
 * A verdict per rule of the catalog: failed (findings at or above the fail-on severity), passed,
 * or not applicable when the capture held nothing for the rule to check (no connection of its
 * OCPP versions, none of the messages it looks at), said in words. A report that calls a rule
 * passed must have given it something to check.
 */
import type { ConnectionVersion } from '../analysis/analyzer';
import { SEVERITIES, severityRank, type Finding, type Rule, type Severity } from '../analysis/finding';
import { MESSAGE_TYPE_NAMES, type MessageTypeId } from '../ocpp/frame';
import { OCPP_VERSIONS, type OcppVersion } from '../ocpp/versions';
import type { TimelineRow } from '../timeline/row';
import type { RuleVerdict } from './report-data';

type VersionKey = OcppVersion | 'unknown';

/** What the frames of the connections of one OCPP version (or of an unknown one) held. */
interface Seen {
  actions: Set<string>;
  types: Set<number>;
  /** Actions of CALLs too malformed for any rule to read. */
  malformed: Set<string>;
}

/** What the capture held, per version: one pass over the rows. */
export interface CaptureScope {
  byVersion: Map<VersionKey, Seen>;
}

export function captureScope(
  rows: readonly TimelineRow[],
  versions: readonly ConnectionVersion[],
): CaptureScope {
  const versionOf = new Map<string, VersionKey>();
  for (const v of versions) versionOf.set(v.connectionId, v.version ?? 'unknown');
  const byVersion = new Map<VersionKey, Seen>();
  let lastConnection: string | undefined;
  let seen: Seen | undefined;
  for (const row of rows) {
    if (row.kind !== 'frame') continue;
    // Rows come in runs of one connection: look its version up once per run.
    if (row.connectionId !== lastConnection || seen === undefined) {
      lastConnection = row.connectionId;
      const key = versionOf.get(row.connectionId) ?? 'unknown';
      seen = byVersion.get(key);
      if (seen === undefined) {
        seen = { actions: new Set(), types: new Set(), malformed: new Set() };
        byVersion.set(key, seen);
      }
    }
    if (row.messageType === undefined) continue;
    // A malformed frame reaches no rule that looks at its type or action.
    if (row.problem !== undefined) {
      if (row.messageType === 2 && row.action !== undefined) seen.malformed.add(row.action);
      continue;
    }
    seen.types.add(row.messageType);
    if ((row.messageType === 2 || row.messageType === 6) && row.action !== undefined)
      seen.actions.add(row.action);
  }
  return { byVersion };
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `OCPP 1.6 connections`, `OCPP 2.0.1 connections and connections of unknown OCPP version`. */
function connectionsText(keys: readonly VersionKey[]): string {
  const known = OCPP_VERSIONS.filter((v) => keys.includes(v));
  const parts = known.length > 0 ? [`OCPP ${andList(known)} connections`] : [];
  if (keys.includes('unknown')) parts.push('connections of unknown OCPP version');
  return parts.join(' and ');
}

/** Why the rule had nothing to check, or undefined when it had. */
export function notApplicable(rule: Rule, scope: CaptureScope): string | undefined {
  if (scope.byVersion.size === 0) return 'The capture holds no OCPP frames.';
  const scopeOf = rule.appliesTo ?? {};
  const present = [...scope.byVersion.keys()];
  const relevant = present.filter((k) =>
    k === 'unknown' ? scopeOf.anyVersion === true : scopeOf.anyVersion === true || rule.versions.includes(k),
  );
  if (relevant.length === 0) {
    const ruleVersions = OCPP_VERSIONS.filter((v) => rule.versions.includes(v));
    const had =
      present.length === 1 && present[0] === 'unknown'
        ? 'the OCPP version of the connections is unknown, so their payloads were not checked'
        : `the capture has ${connectionsText(present)} only`;
    return `No connection spoke OCPP ${orList(ruleVersions)}: ${had}.`;
  }
  const where = relevant.length === present.length ? 'in the capture' : `on its ${connectionsText(relevant)}`;
  const { actions, messageTypes } = scopeOf;
  const has = (k: VersionKey, what: 'actions' | 'malformed', a: string) =>
    scope.byVersion.get(k)![what].has(a);
  if (actions !== undefined && !relevant.some((k) => actions.some((a) => has(k, 'actions', a)))) {
    const malformed = actions.filter((a) => relevant.some((k) => has(k, 'malformed', a)));
    if (malformed.length > 0)
      return `Every ${orList(malformed)} ${where} was malformed: nothing for this rule to check.`;
    return `No ${orList([...actions])} ${where}: nothing for this rule to check.`;
  }
  if (
    messageTypes !== undefined &&
    !relevant.some((k) => messageTypes.some((t) => scope.byVersion.get(k)!.types.has(t)))
  ) {
    const names = messageTypes.map((t) => MESSAGE_TYPE_NAMES[t as MessageTypeId] ?? String(t));
    return `No ${orList(names)} ${where}: nothing for this rule to check.`;
  }
  return undefined;
}

function failsAt(failOn: Severity | 'never'): (severity: Severity) => boolean {
  return (severity) => failOn !== 'never' && severityRank(severity) >= severityRank(failOn);
}

export function ruleVerdicts(
  rules: readonly Rule[],
  findings: readonly Finding[],
  scope: CaptureScope,
  failOn: Severity | 'never',
): RuleVerdict[] {
  const counts = new Map<string, Record<Severity, number>>();
  for (const finding of findings) {
    let bySeverity = counts.get(finding.rule);
    if (bySeverity === undefined) {
      bySeverity = zeroes();
      counts.set(finding.rule, bySeverity);
    }
    bySeverity[finding.severity]++;
  }
  const fails = failsAt(failOn);
  return rules.map((rule): RuleVerdict => {
    const bySeverity = counts.get(rule.id) ?? zeroes();
    const total = SEVERITIES.reduce((sum, s) => sum + bySeverity[s], 0);
    const verdict: RuleVerdict = {
      rule,
      category: rule.id.split('.')[0] ?? rule.id,
      verdict: SEVERITIES.some((s) => bySeverity[s] > 0 && fails(s)) ? 'failed' : 'passed',
      findings: total,
      bySeverity,
    };
    // A rule that reported something had something to check, whatever the scope says.
    const reason = total === 0 ? notApplicable(rule, scope) : undefined;
    if (reason !== undefined) {
      verdict.verdict = 'not-applicable';
      verdict.reason = reason;
    }
    return verdict;
  });
}

function zeroes(): Record<Severity, number> {
  return { error: 0, warning: 0, info: 0 };
}

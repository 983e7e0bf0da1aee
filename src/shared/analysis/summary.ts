/**
 * Findings counted by severity and by rule: the CLI's summary and the findings panel's groups.
 */
import { RULES_BY_ID } from './catalog';
import { SEVERITIES, severityRank, worse, type Finding, type Severity } from './finding';

export interface RuleCount {
  rule: string;
  title: string;
  /** The worst severity among its findings. */
  severity: Severity;
  count: number;
}

export interface FindingSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  /** Worst first, then most frequent, then by rule id. */
  byRule: RuleCount[];
}

export function summarize(findings: readonly Finding[]): FindingSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule = new Map<string, RuleCount>();
  for (const finding of findings) {
    bySeverity[finding.severity]++;
    const count = byRule.get(finding.rule);
    if (count === undefined) {
      byRule.set(finding.rule, {
        rule: finding.rule,
        title: RULES_BY_ID.get(finding.rule)?.title ?? finding.rule,
        severity: finding.severity,
        count: 1,
      });
    } else {
      count.count++;
      count.severity = worse(count.severity, finding.severity);
    }
  }
  return {
    total: findings.length,
    bySeverity,
    byRule: [...byRule.values()].sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        b.count - a.count ||
        a.rule.localeCompare(b.rule),
    ),
  };
}

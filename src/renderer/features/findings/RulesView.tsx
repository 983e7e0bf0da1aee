/**
 * The rule catalog: what each rule checks, how serious it is, where the spec says so. A list
 * rather than a table: the explanations are paragraphs and the pane is narrow.
 */
import { useEffect } from 'react';
import type { Rule } from '../../../shared/analysis/finding';
import { SeverityIcon } from '../../components/Severity';
import { loadRules, useRules } from '../../state/analysis';
import { useApp } from '../../state/store';

function severities(rule: Rule): string {
  const other = [
    ...(rule.lenientSeverity ? [`lenient: ${rule.lenientSeverity}`] : []),
    ...Object.entries(rule.severityByVersion ?? {}).map(([version, severity]) => `${version}: ${severity}`),
  ];
  return other.length > 0 ? `${rule.severity} (${other.join(', ')})` : rule.severity;
}

export function RulesView() {
  const rules = useRules((s) => s.rules);
  const counts = useApp((s) => s.summary?.byRule);
  useEffect(loadRules, []);
  if (!rules) return <p className="muted panel-empty">Loading the rules…</p>;
  const countOf = new Map(counts?.map((c) => [c.rule, c.count]));
  return (
    <div className="panel-body">
      <ul className="rules" data-testid="rules">
        {rules.map((rule) => {
          const count = countOf.get(rule.id);
          return (
            <li key={rule.id} className="rule" data-rule={rule.id}>
              <div className="rule-head">
                <SeverityIcon severity={rule.severity} />
                <span className="rule-title">{rule.title}</span>
                <span className="mono muted">{rule.id}</span>
                <span className="spacer" />
                {count !== undefined && (
                  <span className="group-count" title="Findings of this rule in the opened session">
                    {count.toLocaleString()}
                  </span>
                )}
              </div>
              <p className="rule-explanation">{rule.explanation}</p>
              <p className="rule-meta muted">
                <span>severity {severities(rule)}</span>
                <span>OCPP {rule.versions.join(', ')}</span>
                <span>{rule.reference}</span>
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * The findings that involve the selected entry: what was found, why it matters (the rule's
 * explanation), where the spec says so, and the entries involved, each a link to select it.
 */
import { useEffect, useMemo } from 'react';
import type { Finding, Rule } from '../../../shared/analysis/finding';
import { plural, SeverityIcon } from '../../components/Severity';
import { loadRules, useRules } from '../../state/analysis';
import { selectSeq } from '../../state/view';
import type { CodeMarker } from './markers';

/** A finding can involve hundreds of entries (a retried CALL): the first few are linked. */
const SHOWN_SEQS = 8;

/** The findings located in the frame of `seq`, as markers for its code view. */
export function markersFor(findings: readonly Finding[], seq: number): CodeMarker[] {
  return findings.flatMap((finding) =>
    finding.location?.seq === seq
      ? [
          {
            path: finding.location.path,
            severity: finding.severity,
            message: finding.message,
            source: finding.rule,
          },
        ]
      : [],
  );
}

function Involved({ seqs, current }: { seqs: readonly number[]; current: number }) {
  if (seqs.length === 0 || (seqs.length === 1 && seqs[0] === current)) return null;
  const hidden = seqs.length - SHOWN_SEQS;
  return (
    <p className="entry-finding-seqs">
      <span className="muted">Entries</span>
      {seqs.slice(0, SHOWN_SEQS).map((seq, k) =>
        seq === current ? (
          <span key={k} className="mono" aria-current="true" title="This entry">
            #{seq}
          </span>
        ) : (
          <button key={k} type="button" className="link mono" onClick={() => void selectSeq(seq)}>
            #{seq}
          </button>
        ),
      )}
      {hidden > 0 && <span className="muted">and {plural(hidden, 'more')}</span>}
    </p>
  );
}

function FindingCard({ finding, rule, seq }: { finding: Finding; rule?: Rule; seq: number }) {
  return (
    <li className={`entry-finding sev-border-${finding.severity}`} data-rule={finding.rule}>
      <SeverityIcon severity={finding.severity} />
      <div className="entry-finding-body">
        <div className="entry-finding-head">
          {rule && <span className="entry-finding-title">{rule.title}</span>}
          <span className="mono muted">{finding.rule}</span>
        </div>
        <p className="entry-finding-message">{finding.message}</p>
        {rule && (
          <>
            <p className="entry-finding-reference" data-testid="spec-reference">
              <span className="muted">Spec</span> {rule.reference}
            </p>
            {/* Folded: the same paragraph for every finding of a rule would push the frame out of view. */}
            <details className="entry-finding-explanation">
              <summary>Why it matters</summary>
              <p>{rule.explanation}</p>
            </details>
          </>
        )}
        <Involved seqs={finding.seqs} current={seq} />
      </div>
    </li>
  );
}

export function EntryFindings({ findings, seq }: { findings: readonly Finding[]; seq: number }) {
  const rules = useRules((s) => s.rules);
  useEffect(loadRules, []);
  const byId = useMemo(() => new Map(rules?.map((rule) => [rule.id, rule])), [rules]);
  if (findings.length === 0) return null;
  return (
    <section className="entry-findings-section">
      <h3>{plural(findings.length, 'finding')}</h3>
      <ul className="entry-findings" aria-label="Findings" data-testid="entry-findings">
        {findings.map((finding, k) => (
          <FindingCard key={k} finding={finding} rule={byId.get(finding.rule)} seq={seq} />
        ))}
      </ul>
    </section>
  );
}

/** The findings that involve the selected entry, above its text. */
import type { Finding } from '../../../shared/analysis/finding';
import { SeverityIcon } from '../../components/Severity';
import { selectSeq } from '../../state/store';
import type { CodeMarker } from './markers';

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

export function EntryFindings({ findings, seq }: { findings: readonly Finding[]; seq: number }) {
  if (findings.length === 0) return null;
  return (
    <ul className="entry-findings" aria-label="Findings" data-testid="entry-findings">
      {findings.map((finding, k) => {
        const about = finding.seqs[0];
        return (
          <li key={k} className={`entry-finding sev-border-${finding.severity}`}>
            <SeverityIcon severity={finding.severity} />
            <div>
              <div className="entry-finding-head">
                <span className="mono">{finding.rule}</span>
                {about !== undefined && about !== seq && (
                  <button type="button" className="link small" onClick={() => void selectSeq(about)}>
                    about #{about}
                  </button>
                )}
              </div>
              <div className="entry-finding-message">{finding.message}</div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** One finding: a click selects the entry it is about in the timeline, wherever it is. */
import type { Finding } from '../../../shared/analysis/finding';
import { SeverityIcon } from '../../components/Severity';
import { useApp } from '../../state/store';
import { selectSeq } from '../../state/view';

const SHOWN_SEQS = 3;

export function FindingItem({ finding }: { finding: Finding }) {
  const first = finding.seqs[0];
  const selected = useApp((s) => first !== undefined && s.detail?.row.seq === first);
  const seqs = finding.seqs.slice(0, SHOWN_SEQS).map((seq) => `#${seq}`);
  if (finding.seqs.length > SHOWN_SEQS) seqs.push(`+${finding.seqs.length - SHOWN_SEQS}`);
  return (
    <li>
      <button
        type="button"
        className={selected ? 'finding-item selected' : 'finding-item'}
        onClick={() => first !== undefined && void selectSeq(first)}
        disabled={first === undefined}
        title={finding.message}
        data-testid="finding"
        data-seq={first}
      >
        <SeverityIcon severity={finding.severity} />
        <span className="finding-station ellipsis">{finding.stationId}</span>
        <span className="finding-seqs mono">{seqs.join(' ')}</span>
        <span className="finding-message ellipsis">{finding.message}</span>
      </button>
    </li>
  );
}

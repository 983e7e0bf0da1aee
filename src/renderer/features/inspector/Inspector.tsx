/**
 * The selected entry: what it is, its findings, its text (pretty or raw) in Monaco with the
 * findings as markers, and the CALL/answer pair it belongs to, side by side when there is room.
 */
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import { useApp } from '../../state/store';
import { CodeView } from './CodeView';
import { Facts, Interventions, describe } from './EntryFacts';
import { EntryFindings, markersFor } from './EntryFindings';
import { InspectorResizer } from './InspectorResizer';
import { InspectorToolbar } from './InspectorToolbar';
import { OriginalView } from './OriginalView';
import { PairView, isPairMember } from './PairView';
import { SendDialog } from '../send/SendDialog';
import { shownText } from './entry-text';
import { useInspectorPrefs } from './inspector-prefs';
import { usePartnerFindings } from './partner-findings';
import './inspector.css';

function InspectorPane({ children, testId }: { children: ReactNode; testId?: string }) {
  const width = useInspectorPrefs((s) => s.width);
  return (
    <aside
      className="inspector"
      aria-label="Inspector"
      data-testid={testId}
      style={{ '--inspector-width': `${width}px` } as CSSProperties}
    >
      <InspectorResizer />
      <div className="inspector-body">{children}</div>
      {/* Mounted here because the inspector is always on screen; the dialog opens from anywhere. */}
      <SendDialog />
    </aside>
  );
}

export function Inspector() {
  const detail = useApp((s) => s.detail);
  const live = useApp((s) => s.opened?.info.live ?? false);
  const mode = useInspectorPrefs((s) => s.mode);
  const partnerFindings = usePartnerFindings(detail);
  // A new array only when the detail changes: CodeView sets (and reveals) its markers on each.
  const markers = useMemo(() => detail && markersFor(detail.findings, detail.row.seq), [detail]);
  if (!detail) {
    return (
      <InspectorPane>
        <p className="inspector-empty muted">Select a row to inspect it.</p>
      </InspectorPane>
    );
  }
  const { entry, row } = detail;
  const shown = shownText(entry, row, mode);
  return (
    <InspectorPane testId="inspector">
      <h2>{describe(row)}</h2>
      <InspectorToolbar entry={entry} row={row} mode={mode} shown={shown.text} />
      {row.problem && (
        <p className="problem" role="note">
          <strong>{row.problem.kind}</strong>: {row.problem.message}
        </p>
      )}
      <Interventions entry={entry} />
      <OriginalView entry={entry} mode={mode} />
      <Facts row={row} />
      <EntryFindings findings={detail.findings} seq={row.seq} />
      {isPairMember(row) ? (
        <PairView detail={detail} partnerFindings={partnerFindings} mode={mode} live={live} />
      ) : (
        <section className="single">
          {shown.note && <p className="text-note muted">{shown.note}</p>}
          <CodeView
            label={`entry #${row.seq}`}
            testId="code-entry"
            text={shown.text}
            language={shown.language}
            markers={markers}
            raw={mode === 'raw'}
            wrap={!shown.columns}
          />
        </section>
      )}
    </InspectorPane>
  );
}

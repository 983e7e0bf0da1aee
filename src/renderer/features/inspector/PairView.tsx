/**
 * A CALL and its answer side by side (CALL left, answer right, whichever is selected), with the
 * time between them; stacked when the inspector is narrow (a container query in inspector.css).
 * A missing half says why it is missing.
 */
import { useMemo } from 'react';
import type { Finding } from '../../../shared/analysis/finding';
import type { Entry } from '../../../shared/capture/entry';
import type { TimelineRow } from '../../../shared/timeline/row';
import type { EntryDetail } from '../../../shared/timeline/session-model';
import { CopyButton } from '../../components/CopyButton';
import { formatClock, formatDelta } from '../../format';
import { selectSeq } from '../../state/view';
import { CodeView } from './CodeView';
import { describe, directionText } from './EntryFacts';
import { markersFor } from './EntryFindings';
import { captureLine, shownText } from './entry-text';
import type { TextMode } from './inspector-prefs';
import type { CodeMarker } from './markers';

type Side = 'call' | 'answer';

interface Half {
  entry: Entry;
  row: TimelineRow;
  markers: readonly CodeMarker[];
  selected: boolean;
}

/** CALLs and their answers, when the message id could be read (it is what pairs them). */
export function isPairMember(row: TimelineRow): boolean {
  const type = row.messageType;
  return row.messageId !== undefined && (type === 2 || type === 3 || type === 4 || type === 5);
}

function HalfView({ half, side, mode }: { half: Half; side: Side; mode: TextMode }) {
  const { entry, row, markers, selected } = half;
  const shown = shownText(entry, row, mode);
  return (
    <div
      className={selected ? 'pair-half selected' : 'pair-half'}
      data-half={side}
      data-testid={selected ? undefined : 'partner'}
      aria-current={selected || undefined}
    >
      <header className="pair-half-head">
        {selected ? (
          <>
            <span className="pair-selected">selected</span>
            <strong>
              #{row.seq} {describe(row)}
            </strong>
          </>
        ) : (
          <>
            <span className="muted">{side === 'answer' ? 'Answered by' : 'Answers'}</span>
            <button type="button" className="link" onClick={() => void selectSeq(row.seq)}>
              #{row.seq} {describe(row)}
            </button>
          </>
        )}
      </header>
      <p className="pair-facts muted">
        {formatClock(row.ts)} UTC · {directionText(row)}
      </p>
      {shown.note && <p className="text-note muted">{shown.note}</p>}
      <CodeView
        label={`${side === 'call' ? 'CALL' : 'answer'} #${row.seq}`}
        testId={selected ? 'code-entry' : 'code-partner'}
        text={shown.text}
        language={shown.language}
        markers={markers}
        raw={mode === 'raw'}
      />
    </div>
  );
}

function MissingHalf({ side, text }: { side: Side; text: string }) {
  return (
    <div className="pair-half pair-missing" data-half={side} data-testid="pair-missing">
      <header className="pair-half-head muted">{side === 'call' ? 'CALL' : 'Answer'}</header>
      <p>{text}</p>
    </div>
  );
}

export function PairView({
  detail,
  partnerFindings,
  mode,
  live,
}: {
  detail: EntryDetail;
  partnerFindings: readonly Finding[];
  mode: TextMode;
  live: boolean;
}) {
  const { entry, row, partner, findings } = detail;
  // New arrays only when the findings change: CodeView sets (and reveals) its markers on each.
  const own = useMemo(() => markersFor(findings, row.seq), [findings, row.seq]);
  const partnerSeq = partner?.row.seq;
  const theirs = useMemo(
    () => (partnerSeq === undefined ? [] : markersFor(partnerFindings, partnerSeq)),
    [partnerFindings, partnerSeq],
  );
  const selected: Half = { entry, row, markers: own, selected: true };
  const other: Half | undefined = partner && { ...partner, markers: theirs, selected: false };
  const selectedIsCall = row.messageType === 2;
  const call = selectedIsCall ? selected : other;
  const answer = selectedIsCall ? other : selected;
  const latency = call && answer ? (answer.row.latencyMs ?? answer.row.ts - call.row.ts) : undefined;
  const id = JSON.stringify(row.messageId ?? '');

  return (
    <section className="pair" aria-label="CALL and answer" data-testid="pair">
      <div className="pair-head">
        {latency !== undefined ? (
          <span data-testid="pair-latency">
            Answered after <strong>{formatDelta(latency)}</strong>
          </span>
        ) : (
          <span className="muted">{call ? 'Not answered' : 'No CALL to pair with'}</span>
        )}
        <span className="spacer" />
        {call && answer && (
          <CopyButton label="Copy pair" text={`${captureLine(call.entry)}\n${captureLine(answer.entry)}`} />
        )}
      </div>
      <div className="pair-halves">
        {call ? (
          <HalfView half={call} side="call" mode={mode} />
        ) : (
          <MissingHalf
            side="call"
            text={`No CALL in the capture waits for this answer (message id ${id}): the CALL was not captured, or an earlier answer already took it.`}
          />
        )}
        {answer ? (
          <HalfView half={answer} side="answer" mode={mode} />
        ) : (
          <MissingHalf
            side="answer"
            text={live ? 'No answer to this CALL yet.' : 'No answer to this CALL in the capture.'}
          />
        )}
      </div>
    </section>
  );
}

/**
 * The findings of the other half of the selected pair. The selected entry's detail lists only the
 * findings that involve it; a schema error in the answer of a selected CALL is the answer's own,
 * and its marker belongs in the answer's half of the pair.
 */
import { useEffect, useState } from 'react';
import type { Finding } from '../../../shared/analysis/finding';
import type { EntryDetail } from '../../../shared/timeline/session-model';
import { client, useApp } from '../../state/store';

const NONE: readonly Finding[] = [];

export function usePartnerFindings(detail: EntryDetail | undefined): readonly Finding[] {
  const sessionId = useApp((s) => s.opened?.info.id);
  const [fetched, setFetched] = useState<{ seq: number; findings: readonly Finding[] }>();
  const seq = detail?.partner?.row.seq;

  // Fetched again when the detail is (a live answer arrived, another profile changed severities).
  useEffect(() => {
    if (seq === undefined || sessionId === undefined) return;
    let cancelled = false;
    client()
      .call('timeline.entry', { sessionId, seq })
      .then(
        (partner) => {
          if (!cancelled) setFetched({ seq, findings: partner.findings });
        },
        // Only markers are lost: the entry's own findings and text are already on screen.
        () => undefined,
      );
    return () => {
      cancelled = true;
    };
  }, [detail, seq, sessionId]);

  if (seq === undefined) return NONE;
  // Until the partner's own arrive, those it shares with the selected entry.
  return fetched?.seq === seq ? fetched.findings : (detail?.findings ?? NONE);
}

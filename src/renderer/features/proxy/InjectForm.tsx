/**
 * Sends a frame of the engineer's into a live connection, as if from the CSMS or the station.
 * A CALL gets a fresh `scope-…` message id in main, and its answer is recorded but not forwarded.
 */
import { useState, type FormEvent } from 'react';
import type { Direction } from '../../../shared/capture/entry';
import type { ProxiedConnection } from '../../../shared/proxy/config';
import { Segmented } from '../../components/Field';
import { injectFrame } from '../../state/proxy';
import { selectSeq } from '../../state/view';

const DIRECTIONS = [
  { value: 'toStation', text: '← to station', title: 'Sent to the station as if the CSMS sent it' },
  { value: 'toCsms', text: '→ to CSMS', title: 'Sent to the CSMS as if the station sent it' },
] as const satisfies readonly { value: Direction; text: string; title: string }[];

const EXAMPLES: Record<Direction, string> = {
  toStation: '[2, "id", "TriggerMessage", {"requestedMessage": "StatusNotification"}]',
  toCsms: '[2, "id", "Heartbeat", {}]',
};

type Result = { ok: true; seq: number; messageId?: string } | { ok: false; error: string };

export function InjectForm({ proxyId, connection }: { proxyId: string; connection: ProxiedConnection }) {
  const [direction, setDirection] = useState<Direction>('toStation');
  const [raw, setRaw] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();

  const send = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    void injectFrame(proxyId, connection.connectionId, direction, raw).then((outcome) => {
      setBusy(false);
      setResult(outcome.ok ? { ok: true, ...outcome.value } : outcome);
    });
  };

  return (
    <form
      className="inject-form"
      onSubmit={send}
      aria-label={`Inject into ${connection.stationId}`}
      data-testid="inject-form"
    >
      <div className="inject-options">
        <Segmented label="Direction" value={direction} options={DIRECTIONS} onChange={setDirection} />
        <span className="muted small">
          A CALL&apos;s message id is replaced by a fresh scope-… id; its answer is recorded, not forwarded.
        </span>
      </div>
      <textarea
        className="mono"
        value={raw}
        onChange={(e) => setRaw(e.target.value)}
        placeholder={EXAMPLES[direction]}
        rows={3}
        spellCheck={false}
        aria-label="Frame to inject"
      />
      <div className="inject-foot">
        <button type="submit" className="primary" disabled={busy || raw.trim() === ''}>
          {busy ? 'Sending…' : 'Send'}
        </button>
        {result?.ok === true && (
          <span className="inject-result" role="status" data-testid="inject-result">
            Sent as{' '}
            <button type="button" className="link" onClick={() => void selectSeq(result.seq)}>
              #{result.seq}
            </button>
            {result.messageId !== undefined && (
              <>
                {' '}
                · message id <span className="mono">{result.messageId}</span>
              </>
            )}
          </span>
        )}
        {result?.ok === false && (
          <span className="form-error" role="alert" data-testid="inject-error">
            {result.error}
          </span>
        )}
      </div>
    </form>
  );
}

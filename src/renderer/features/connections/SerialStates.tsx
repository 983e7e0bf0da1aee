/**
 * How a serial bridge is doing, in the words a field engineer checks first: is the port open, is
 * the CSMS connection up (with what subprotocol, or when it is tried again), and what last went wrong.
 */
import type { SerialInfo } from '../../../shared/serial/config';
import { useNow } from '../endpoint/use-now';

type Tone = 'ok' | 'warning' | 'error' | 'muted';

/** The bridge at a glance, for its dot and the top bar: the worst of its port and its link. */
export function bridgeTone(bridge: SerialInfo): Exclude<Tone, 'muted'> {
  if (bridge.portState !== 'open') return 'error';
  return bridge.linkState === 'open' ? 'ok' : 'warning';
}

function RetryIn({ at }: { at: number }) {
  const now = useNow(500);
  const left = Math.max(0, Math.ceil((at - now) / 1000));
  return <>{left === 0 ? 'retrying now' : `retry in ${left} s`}</>;
}

function portState(bridge: SerialInfo): { tone: Tone; text: string } {
  if (bridge.portState === 'open') return { tone: 'ok', text: 'open' };
  if (bridge.portState === 'reopening') return { tone: 'error', text: 'lost, reopening…' };
  return { tone: 'muted', text: 'closed' };
}

function LinkState({ bridge }: { bridge: SerialInfo }) {
  switch (bridge.linkState) {
    case 'open':
      return (
        <span className="serial-state tone-ok">
          open{bridge.subprotocol !== undefined && <span className="mono"> {bridge.subprotocol}</span>}
        </span>
      );
    case 'connecting':
      return <span className="serial-state tone-warning">connecting…</span>;
    case 'waiting':
      return (
        <span className="serial-state tone-warning">
          waiting, {bridge.retryAt !== undefined ? <RetryIn at={bridge.retryAt} /> : 'retrying soon'}
        </span>
      );
    case 'closed':
      return (
        <span className="serial-state tone-muted">
          {bridge.portState === 'open' ? 'closed' : 'closed until the port is back'}
        </span>
      );
  }
}

export function SerialStates({ bridge }: { bridge: SerialInfo }) {
  const port = portState(bridge);
  return (
    <div className="serial-states">
      <p className="serial-state-line">
        <span className="muted">Port</span>{' '}
        <span className={`serial-state tone-${port.tone}`} data-testid="serial-port-state">
          {port.text}
        </span>
        <span className="muted"> · CSMS link</span>{' '}
        <span data-testid="serial-link-state">
          <LinkState bridge={bridge} />
        </span>
      </p>
      {bridge.lastError !== undefined && (
        <p className="serial-error" role="status" data-testid="serial-error">
          <span className="serial-error-label">Last error</span> {bridge.lastError}
        </p>
      )}
    </div>
  );
}

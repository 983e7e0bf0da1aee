/**
 * One running serial bridge: the port and its line settings, the station it connects as and where
 * to (its own mock CSMS, one click from that one's card), the port and CSMS link states with the
 * last error, what went through it, how long it has run, its session, and Stop.
 */
import type { SerialInfo } from '../../../shared/serial/config';
import { stopSerial } from '../../state/serial';
import { RunningSince } from '../endpoint/RunningSince';
import { scrollToCard } from './scroll-to-card';
import { SerialCounters } from './SerialCounters';
import { bridgeTone, SerialStates } from './SerialStates';

const TONE_TITLES = {
  ok: 'Running: the port and the CSMS link are open',
  warning: 'Running: the CSMS link is not open',
  error: 'Running: the serial port is lost',
} as const;

function Target({ bridge }: { bridge: SerialInfo }) {
  if (bridge.mockCsmsId === undefined)
    return (
      <span className="mono ellipsis proxy-upstream" title={bridge.upstream} data-testid="serial-target">
        {bridge.upstream}
      </span>
    );
  const csmsId = bridge.mockCsmsId;
  return (
    <>
      <span data-testid="serial-target">
        its mock CSMS <span className="mono">{csmsId}</span>{' '}
        <span className="mono muted" title={bridge.upstream}>
          {bridge.upstream}
        </span>
      </span>
      <button
        type="button"
        className="link"
        onClick={() => scrollToCard(`[data-testid="csms-card"][data-csms="${CSS.escape(csmsId)}"]`)}
      >
        Show its card
      </button>
    </>
  );
}

export function SerialCard({ bridge, opened }: { bridge: SerialInfo; opened: boolean }) {
  const tone = bridgeTone(bridge);
  return (
    <section
      className="proxy-card service-card serial-card"
      aria-label={`Serial bridge ${bridge.port}`}
      data-testid="serial-card"
      data-serial={bridge.id}
    >
      <div className="proxy-head">
        <span className={`live-dot tone-${tone}`} title={TONE_TITLES[tone]} />
        <span className="service-title">Serial bridge</span>
        <span className="mono proxy-url" data-testid="serial-port">
          {bridge.port}
        </span>
        <span className="mono muted" data-testid="serial-settings">
          {bridge.settings}
        </span>
        <span data-testid="serial-station">
          <span className="muted">as</span> <span className="mono">{bridge.stationId}</span>{' '}
          <span className="mono muted">{bridge.protocol}</span>
        </span>
        <span className="muted">to</span>
        <Target bridge={bridge} />
        <span className="service-actions">
          <button type="button" className="danger" onClick={() => void stopSerial(bridge.id)}>
            Stop
          </button>
        </span>
      </div>
      <RunningSince
        startedAt={bridge.startedAt}
        sessionId={bridge.sessionId}
        opened={opened}
        recorded="Frames and log lines are recorded into this session"
        testId="serial-status"
      />
      <SerialStates bridge={bridge} />
      {bridge.warnings.map((warning) => (
        <p key={warning} className="form-warning proxy-note" role="note">
          {warning}
        </p>
      ))}
      <SerialCounters counters={bridge.counters} />
    </section>
  );
}

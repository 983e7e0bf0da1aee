/**
 * One running mock CSMS: where chargers connect (to copy into the charger's configuration), its
 * behaviour in a line with the button that changes it, its stations and the command palette.
 */
import type { CsmsInfo, CsmsState } from '../../../shared/csms/info';
import { CopyButton } from '../../components/CopyButton';
import { showCsmsDialog, stopCsms } from '../../state/csms';
import { openSession } from '../../state/store';
import { CommandPalette } from './CommandPalette';
import { StationsView } from './StationsView';

function summary(c: CsmsInfo['config']): string {
  const overrides = Object.keys(c.actions).length;
  const tokens = Object.keys(c.authorization.tokens).length;
  return [
    c.subprotocols.join(', '),
    `boot ${c.boot.status}`,
    `heartbeat ${c.heartbeatInterval} s`,
    `idempotency ${c.idempotency}`,
    `${tokens === 1 ? '1 token' : `${tokens} tokens`} (others ${c.authorization.unknown})`,
    overrides === 1 ? '1 override' : `${overrides} overrides`,
    c.unknownStations === 'accept' ? 'any identity' : 'listed stations only',
  ].join(' · ');
}

export function CsmsCard({ csms, state, opened }: { csms: CsmsInfo; state?: CsmsState; opened: boolean }) {
  const connected = (state?.stations ?? []).filter((s) => s.connected);
  return (
    <section
      className="proxy-card"
      aria-label={`Mock CSMS ${csms.url}`}
      data-testid="csms-card"
      data-csms={csms.id}
    >
      <div className="proxy-head">
        <span className="live-dot" title={`Running since ${new Date(csms.startedAt).toLocaleString()}`} />
        <span className="proxy-endpoint">
          <span className="muted">chargers connect to</span>{' '}
          <span className="mono proxy-url" data-testid="csms-url">
            {csms.url}
          </span>
          <span className="mono muted">{'<identity>'}</span>
        </span>
        <CopyButton text={csms.url} label="Copy URL" />
        <span className="spacer" />
        {!opened && (
          <button type="button" onClick={() => void openSession(csms.sessionId)}>
            Show session
          </button>
        )}
        <button type="button" onClick={() => showCsmsDialog({ mode: 'edit', csmsId: csms.id })}>
          Behaviour…
        </button>
        <button type="button" className="danger" onClick={() => void stopCsms(csms.id)}>
          Stop
        </button>
      </div>
      <p className="proxy-note muted" data-testid="csms-behaviour">
        {summary(csms.config)}
      </p>
      {csms.warnings.map((warning) => (
        <p key={warning} className="form-warning proxy-note" role="note">
          {warning}
        </p>
      ))}
      {csms.caCertPath && (
        <p className="proxy-note" data-testid="csms-ca">
          <span className="muted">Install this CA certificate on the chargers:</span>{' '}
          <span className="mono">{csms.caCertPath}</span> <CopyButton text={csms.caCertPath} />
        </p>
      )}
      <StationsView csms={csms} state={state} />
      <div className="proxy-section">
        <h3 className="section-title">
          Command palette
          <span className="muted section-note">
            every CSMS-initiated action of the station&apos;s OCPP version, from a schema-valid template
          </span>
        </h3>
        <CommandPalette csms={csms} stations={connected} />
      </div>
    </section>
  );
}

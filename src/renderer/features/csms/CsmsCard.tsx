/**
 * One running mock CSMS: where chargers connect (to copy into the charger's configuration), its
 * behaviour in a line with the button that changes it, its stations and the command palette.
 */
import type { CsmsInfo, CsmsState } from '../../../shared/csms/info';
import { showCsmsDialog, stopCsms } from '../../state/csms';
import { ServiceCard } from '../endpoint/ServiceCard';
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
    <ServiceCard
      kind="csms"
      title="Mock CSMS"
      service={csms}
      opened={opened}
      stop={() => void stopCsms(csms.id)}
      actions={
        <button type="button" onClick={() => showCsmsDialog({ mode: 'edit', csmsId: csms.id })}>
          Behaviour…
        </button>
      }
      note={
        <p className="proxy-note muted" data-testid="csms-behaviour">
          {summary(csms.config)}
        </p>
      }
    >
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
    </ServiceCard>
  );
}

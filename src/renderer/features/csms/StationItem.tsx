/**
 * One station of a mock CSMS: who it is (boot info), how it is connected, its connectors or EVSEs
 * as it last reported them, and its transactions in progress with their latest meter readings.
 */
import type { ConnectorState, MeterReading, StationState, TransactionState } from '../../../shared/csms/info';
import { formatAgo, formatClock } from '../../format';
import type { StationLink } from '../endpoint/station-link';

/** A status as a colour: what an engineer scans for first. */
function tone(status: string): string {
  if (status === 'Available' || status === 'Accepted') return 'ok';
  if (status === 'Charging' || status === 'Occupied') return 'busy';
  if (status === 'Faulted' || status === 'Unavailable' || status === 'Rejected') return 'bad';
  return 'wait';
}

function connectorName(c: ConnectorState): string {
  return c.evseId !== undefined ? `EVSE ${c.evseId}/${c.connectorId}` : `Connector ${c.connectorId}`;
}

function reading(m: MeterReading): string {
  return `${m.measurand}${m.phase ? ` ${m.phase}` : ''} ${m.value.toLocaleString()}${m.unit ? ` ${m.unit}` : ''}`;
}

function TransactionRow({ tx }: { tx: TransactionState }) {
  const where =
    tx.evseId !== undefined ? `EVSE ${tx.evseId}` : tx.connectorId !== undefined ? `#${tx.connectorId}` : '—';
  return (
    <tr data-testid="station-transaction">
      <td className="mono">{tx.transactionId}</td>
      <td>{where}</td>
      <td className="mono">{tx.idTag ?? '—'}</td>
      <td className="num" title={tx.startedAt}>
        {formatClock(Date.parse(tx.startedAt))}
      </td>
      <td className="meter-cell" title={tx.meter.map(reading).join('\n')}>
        {tx.meter.length === 0 ? (
          <span className="muted">
            no meter values yet{tx.meterStart !== undefined ? ` (start ${tx.meterStart} Wh)` : ''}
          </span>
        ) : (
          tx.meter.map(reading).join(' · ')
        )}
      </td>
      <td className="num">{tx.messages}</td>
    </tr>
  );
}

interface Props {
  station: StationState;
  /** Its connection's counters, while connected to a CSMS that keeps them. */
  link: StationLink | undefined;
  now: number;
}

function Counters({ link }: { link: StationLink }) {
  if (!link.frames) return null;
  return (
    <span className="muted" data-testid="station-frames" title="Frames on this connection, each way">
      <span className="dir-toCsms">{link.frames.toCsms.toLocaleString()} → CSMS</span>
      {' · '}
      <span className="dir-toStation">{link.frames.toStation.toLocaleString()} ← station</span>
      {link.pings !== undefined && link.pongs !== undefined && ` · ${link.pings}/${link.pongs} ping/pong`}
    </span>
  );
}

export function StationItem({ station: s, link, now }: Props) {
  const ago = (iso: string) => formatAgo(now - Date.parse(iso));
  return (
    <li
      className={s.connected ? 'station' : 'station station-left'}
      data-testid="csms-station"
      data-station={s.stationId}
    >
      <div className="station-head">
        <span className={s.connected ? 'live-dot' : 'left-dot'} title={s.connected ? 'connected' : 'left'} />
        <span className="station-id mono">{s.stationId}</span>
        <span className="mono muted">{s.subprotocol}</span>
        {s.boot ? (
          <>
            <span
              className="station-boot ellipsis"
              data-testid="station-boot"
              title={`BootNotification at ${s.boot.at}`}
            >
              {s.boot.vendor} {s.boot.model}
              {s.boot.firmwareVersion && <span className="muted"> · fw {s.boot.firmwareVersion}</span>}
              {s.boot.serialNumber && <span className="muted"> · s/n {s.boot.serialNumber}</span>}
              {s.boot.reason && <span className="muted"> · {s.boot.reason}</span>}
            </span>
            <span className={`status-chip tone-${tone(s.boot.status)}`}>boot {s.boot.status}</span>
          </>
        ) : (
          <span className="muted">no BootNotification yet</span>
        )}
        <span className="spacer" />
        {s.connected && link && <Counters link={link} />}
        <span className="muted" data-testid="station-heartbeat" title={s.lastHeartbeat}>
          heartbeat {s.lastHeartbeat ? ago(s.lastHeartbeat) : 'not yet'}
        </span>
        <span className="muted" title={s.disconnectedAt ?? s.connectedAt}>
          {s.connected || !s.disconnectedAt
            ? `connected ${ago(s.connectedAt)}`
            : `left ${ago(s.disconnectedAt)}`}
        </span>
      </div>
      <div className="station-connectors" data-testid="station-connectors">
        {s.connectors.length === 0 ? (
          <span className="muted small">No StatusNotification yet.</span>
        ) : (
          s.connectors.map((c) => (
            <span
              key={`${c.evseId ?? ''}/${c.connectorId}`}
              className={`status-chip tone-${tone(c.status)}`}
              title={`${c.errorCode ? `${c.errorCode} · ` : ''}reported ${c.at}`}
              data-testid="connector-status"
            >
              {connectorName(c)}: {c.status}
              {c.errorCode && ` (${c.errorCode})`}
            </span>
          ))
        )}
      </div>
      {s.transactions.length > 0 && (
        <table className="data-table station-transactions">
          <thead>
            <tr>
              <th>transaction</th>
              <th>on</th>
              <th>idTag</th>
              <th className="num">started (UTC)</th>
              <th>latest meter values</th>
              <th className="num" title="Transaction messages counted (repeats count in naive mode)">
                msgs
              </th>
            </tr>
          </thead>
          <tbody>
            {s.transactions.map((tx) => (
              <TransactionRow key={tx.transactionId} tx={tx} />
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

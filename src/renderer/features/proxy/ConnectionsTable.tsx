/** The chargers connected through a proxy, with their frame counters and an injection form each. */
import { Fragment, useState } from 'react';
import type { ProxyInfo } from '../../../shared/proxy/config';
import { formatClock } from '../../format';
import { Elapsed } from '../endpoint/Elapsed';
import { InjectForm } from './InjectForm';

export function ConnectionsTable({ proxy }: { proxy: ProxyInfo }) {
  const [injecting, setInjecting] = useState<string>();
  return (
    <div className="proxy-section">
      <h3 className="section-title">
        Connected stations <span className="tab-count">{proxy.connections.length}</span>
      </h3>
      {proxy.connections.length === 0 ? (
        <p className="muted section-empty">
          No charger connected yet. Point a charger at the URL above, followed by its identity.
        </p>
      ) : (
        <table className="data-table" data-testid="proxy-connections">
          <thead>
            <tr>
              <th>station</th>
              <th>subprotocol</th>
              <th>connected since (UTC)</th>
              <th className="num" title="Frames from the station to the CSMS">
                → CSMS
              </th>
              <th className="num" title="Frames from the CSMS to the station">
                ← station
              </th>
              <th className="num" title="WebSocket pings and pongs seen">
                ping/pong
              </th>
              <th />
            </tr>
          </thead>
          <tbody>
            {proxy.connections.map((c) => (
              <Fragment key={c.connectionId}>
                <tr data-testid="proxy-connection" data-station={c.stationId}>
                  <td className="ellipsis" title={c.connectionId}>
                    {c.stationId}
                  </td>
                  <td className="mono">{c.subprotocol || '—'}</td>
                  <td className="num">
                    {formatClock(c.openedAt)}{' '}
                    <span className="muted">
                      (<Elapsed since={c.openedAt} />)
                    </span>
                  </td>
                  <td className="num dir-toCsms" data-testid="frames-to-csms">
                    {c.frames.toCsms}
                  </td>
                  <td className="num dir-toStation" data-testid="frames-to-station">
                    {c.frames.toStation}
                  </td>
                  <td className="num" data-testid="pings-pongs">
                    {c.pings}/{c.pongs}
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      aria-expanded={injecting === c.connectionId}
                      onClick={() => setInjecting(injecting === c.connectionId ? undefined : c.connectionId)}
                    >
                      Inject…
                    </button>
                  </td>
                </tr>
                {injecting === c.connectionId && (
                  <tr className="inject-row">
                    <td colSpan={7}>
                      <InjectForm proxyId={proxy.id} connection={c} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

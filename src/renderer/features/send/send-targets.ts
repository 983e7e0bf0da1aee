/**
 * Where a frame can go now: through each live proxy connection, either way, or from each mock CSMS
 * to a connected station; and which of those a captured frame defaults to (where it went).
 */
import type { Direction, Entry } from '../../../shared/capture/entry';
import type { CsmsInfo } from '../../../shared/csms/info';
import { versionFromSubprotocol, type OcppVersion } from '../../../shared/ocpp/versions';
import type { ProxyInfo } from '../../../shared/proxy/config';
import type { SendTarget } from '../../../shared/send/send';

export interface TargetOption {
  key: string;
  target: SendTarget;
  direction: Direction;
  stationId: string;
  /** The session it records into: where the sent frame and its answer show up. */
  sessionId: string;
  version: OcppVersion | undefined;
  label: string;
}

export function targetOptions(proxies: readonly ProxyInfo[], servers: readonly CsmsInfo[]): TargetOption[] {
  const options: TargetOption[] = [];
  for (const proxy of proxies) {
    for (const c of proxy.connections) {
      for (const direction of ['toCsms', 'toStation'] as const) {
        options.push({
          key: `proxy:${proxy.id}:${c.connectionId}:${direction}`,
          target: { kind: 'proxy', proxyId: proxy.id, connectionId: c.connectionId, direction },
          direction,
          stationId: c.stationId,
          sessionId: proxy.sessionId,
          version: versionFromSubprotocol(c.subprotocol),
          label:
            direction === 'toCsms'
              ? `→ CSMS, as ${c.stationId} (proxy ${proxy.url})`
              : `← ${c.stationId}, as the CSMS (proxy ${proxy.url})`,
        });
      }
    }
  }
  for (const server of servers) {
    for (const c of server.connections) {
      options.push({
        key: `csms:${server.id}:${c.stationId}`,
        target: { kind: 'csms', csmsId: server.id, stationId: c.stationId },
        direction: 'toStation',
        stationId: c.stationId,
        sessionId: server.sessionId,
        version: versionFromSubprotocol(c.subprotocol),
        label: `← ${c.stationId}, from the mock CSMS (${server.url})`,
      });
    }
  }
  return options;
}

/**
 * The target a captured frame defaults to: the same connection and direction if it is still live;
 * else the same station and direction elsewhere (it reconnected, or the capture is a file).
 */
export function defaultTarget(
  entry: Entry,
  sessionId: string | undefined,
  options: readonly TargetOption[],
): string | undefined {
  if (entry.kind !== 'frame') return undefined;
  const same = options.find(
    (o) =>
      o.sessionId === sessionId &&
      o.direction === entry.direction &&
      (o.target.kind === 'proxy'
        ? o.target.connectionId === entry.connectionId
        : o.stationId === entry.stationId),
  );
  const alike = options.find((o) => o.stationId === entry.stationId && o.direction === entry.direction);
  return (same ?? alike)?.key;
}

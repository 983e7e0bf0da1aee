/**
 * Where a frame can go now: through each live proxy connection or running serial bridge, either
 * way, or from each mock CSMS to a connected station; and which of those a captured frame defaults
 * to (where it went).
 */
import type { Direction, Entry } from '../../../shared/capture/entry';
import type { CsmsInfo } from '../../../shared/csms/info';
import { versionFromSubprotocol, type OcppVersion } from '../../../shared/ocpp/versions';
import type { ProxyInfo } from '../../../shared/proxy/config';
import type { SendTarget } from '../../../shared/send/send';
import type { SerialInfo } from '../../../shared/serial/config';

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

export function targetOptions(
  proxies: readonly ProxyInfo[],
  servers: readonly CsmsInfo[],
  bridges: readonly SerialInfo[],
): TargetOption[] {
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
  for (const bridge of bridges) {
    // Each side only while it is open: the bridge refuses frames for a side that is not.
    const up = { toCsms: bridge.linkState === 'open', toStation: bridge.portState === 'open' };
    for (const direction of ['toCsms', 'toStation'] as const) {
      if (!up[direction]) continue;
      options.push({
        key: `serial:${bridge.id}:${direction}`,
        target: { kind: 'serial', bridgeId: bridge.id, direction },
        direction,
        stationId: bridge.stationId,
        sessionId: bridge.sessionId,
        // The port side has no handshake: the charger speaks what the bridge offers the CSMS.
        version: versionFromSubprotocol(bridge.subprotocol ?? bridge.protocol),
        label:
          direction === 'toCsms'
            ? `→ CSMS, as ${bridge.stationId} (serial ${bridge.port})`
            : `← ${bridge.stationId} on ${bridge.port}, as the CSMS`,
      });
    }
  }
  return options;
}

/**
 * The target a captured frame defaults to: the same connection and direction if it is still live
 * (for a serial bridge, its session: its CSMS connection is new after every drop); else the same
 * station and direction elsewhere (it reconnected, or the capture is a file).
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

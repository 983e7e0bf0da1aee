/** How the panel tells which OCPP version each connection was analysed with, and why. */
import type { ConnectionVersion } from '../../../shared/analysis/analyzer';

const SOURCES: Record<ConnectionVersion['source'], string> = {
  subprotocol: 'negotiated subprotocol',
  option: 'given as an option',
  header: 'from the capture header',
  detected: 'detected',
  unknown: 'not known',
};

export function describeVersion(version: ConnectionVersion): string {
  const source =
    version.source === 'detected' && version.reason ? `detected ${version.reason}` : SOURCES[version.source];
  return `${version.version ?? 'unknown'} (${source})`;
}

/** Connections analysed the same way, together: a capture of 50 stations is one line, not 50. */
export function groupVersions(
  versions: readonly ConnectionVersion[],
): { text: string; connections: ConnectionVersion[] }[] {
  const groups = new Map<string, ConnectionVersion[]>();
  for (const version of versions) {
    const text = describeVersion(version);
    const list = groups.get(text);
    if (list) list.push(version);
    else groups.set(text, [version]);
  }
  return [...groups].map(([text, connections]) => ({ text, connections }));
}

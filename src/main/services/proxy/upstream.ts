/**
 * The upstream side of a proxied connection: which CSMS URL a charger's request goes to, and the
 * handshake headers that travel with it (end-to-end ones only; RFC 9110 section 7.6.1).
 */
import type { IncomingHttpHeaders } from 'node:http';

// Hop-by-hop, or rebuilt by the WebSocket client for its own handshake.
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'upgrade',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'content-length',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);

export type AuthMode = 'passthrough' | { user: string; password: string };

/** The station identity: the last path segment of the charger's URL, as sent (percent-encoded). */
export function identitySegment(path: string): string {
  const pathname = path.split('?')[0] ?? '';
  const segments = pathname.split('/').filter((s) => s !== '');
  return segments[segments.length - 1] ?? '';
}

/** The identity for people: percent-decoded when that is valid. */
export function decodeIdentity(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The CSMS URL for a charger's request: the template with `{id}` replaced, or the base URL plus
 * `/` and the identity. The identity keeps its percent-encoding byte for byte, and the charger's
 * query string is kept.
 */
export function upstreamUrl(template: string, requestPath: string): string {
  const segment = identitySegment(requestPath);
  const query = requestPath.includes('?') ? requestPath.slice(requestPath.indexOf('?')) : '';
  const url = template.includes('{id}')
    ? template.split('{id}').join(segment)
    : `${template.replace(/\/+$/, '')}/${segment}`;
  return url + query;
}

/** The headers to send upstream. */
export function upstreamHeaders(headers: IncomingHttpHeaders, auth: AuthMode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    if (name === 'authorization' && auth !== 'passthrough') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (auth !== 'passthrough') {
    out['authorization'] = `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
  }
  return out;
}

/**
 * The handshake headers as the capture keeps them: the Basic-auth password never leaves the
 * machine in an export (ocpp-notes, "Secrets"), but the user (the station identity) is kept.
 */
export function capturedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = name === 'authorization' || name === 'proxy-authorization' ? redactAuthorization(text) : text;
  }
  return out;
}

function redactAuthorization(value: string): string {
  const match = /^Basic\s+(\S+)$/i.exec(value);
  if (match === null) return `${value.split(/\s+/)[0] ?? ''} (redacted)`;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? 'Basic (redacted)'
    : `Basic user ${JSON.stringify(decoded.slice(0, colon))}, password redacted`;
}

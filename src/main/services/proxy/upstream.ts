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
  const query = requestPath.includes('?') ? requestPath.slice(requestPath.indexOf('?') + 1) : '';
  const [base = '', own] = splitQuery(template);
  const url = base.includes('{id}')
    ? base.split('{id}').join(segment)
    : `${base.replace(/\/+$/, '')}/${segment}`;
  // Both the template and the charger may carry a query (a tenant, the charger's own parameters):
  // the CSMS gets both, the template's first, rather than `?a=1?b=2`.
  const params = [own, query].filter((q): q is string => q !== undefined && q !== '');
  return params.length === 0 ? url : `${url}?${params.join('&')}`;
}

function splitQuery(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  return at < 0 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
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
 * OCPP identities may contain `:`, so when the credentials start with `<identity>:` the user is
 * the identity (as ocpp-rpc and CSMSs read it), not the text before the first colon.
 */
export function capturedHeaders(headers: IncomingHttpHeaders, identity?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] =
      name === 'authorization' || name === 'proxy-authorization' ? redactAuthorization(text, identity) : text;
  }
  return out;
}

function redactAuthorization(value: string, identity: string | undefined): string {
  const match = /^\s*Basic\s+(\S+)\s*$/i.exec(value);
  if (match === null) return `${value.trim().split(/\s+/)[0] ?? ''} (redacted)`;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  if (identity !== undefined && decoded.startsWith(`${identity}:`)) {
    return `Basic user ${JSON.stringify(identity)}, password redacted`;
  }
  const colon = decoded.indexOf(':');
  return colon < 0
    ? 'Basic (redacted)'
    : `Basic user ${JSON.stringify(decoded.slice(0, colon))}, password redacted`;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Why the CSMS connection failed, in words that say what to do: OpenSSL's own text is long and
 * a refused client certificate often shows only as "socket hang up".
 */
export function describeUpstreamError(error: Error, tls: boolean, hasClientCert: boolean): string {
  const { code, reason } = error as NodeJS.ErrnoException & { reason?: string };
  const detail = reason ?? error.message;
  if (code !== undefined && UNTRUSTED.has(code)) {
    return `the CSMS's TLS certificate is not trusted (${code}: ${error.message}): give its CA (--upstream-ca) or, for a lab CSMS only, --insecure`;
  }
  if (tls && code !== undefined && /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/.test(code) && !hasClientCert) {
    return `the CSMS requires a client certificate (security profile 3): give --client-cert and --client-key (${detail})`;
  }
  if (
    tls &&
    hasClientCert &&
    (code === 'ECONNRESET' || /UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE/.test(code ?? ''))
  ) {
    return `the CSMS ended the TLS handshake: it probably refused the client certificate (${detail})`;
  }
  return code !== undefined && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

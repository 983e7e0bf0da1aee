/**
 * The WebSocket opening handshake as it crossed the wire (RFC 6455 section 4): the charger's
 * upgrade request (its path names the station, its headers offer subprotocols and extensions) and
 * the CSMS's answer (101 with the chosen subprotocol and the permessage-deflate parameters of
 * RFC 7692, or a refusal).
 */

/** More than this without the blank line that ends a head: not HTTP (or not a head worth reading). */
export const MAX_HEAD = 64 * 1024;

export interface HttpHead {
  /** Request: method, target, version. Response: version, status, reason. */
  start: [string, string, string];
  /** Lower-case names as Node gives them; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Bytes of the head, its blank line included. */
  length: number;
}

/** The end of the head in the bytes so far (latin1 text), or -1. */
export function headEnd(text: string): number {
  const at = text.indexOf('\r\n\r\n');
  return at < 0 ? -1 : at + 4;
}

export function parseHead(bytes: Uint8Array, length: number): HttpHead | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('utf8');
  const lines = text.split('\r\n');
  const first = (lines[0] ?? '').split(' ');
  if (first.length < 3) return undefined;
  const start: [string, string, string] = [first[0]!, first[1]!, first.slice(2).join(' ')];
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] !== undefined ? `${headers[name]}, ${value}` : value;
  }
  return { start, headers, length };
}

export function isRequestStart(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 8));
  return /^[A-Z]{3,7} /.test(head);
}

/** A TLS handshake record carrying a ClientHello (RFC 8446 section 5.1 and 4.1.2). */
export function isTlsClientHello(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 6 && bytes[0] === 0x16 && bytes[1] === 0x03 && bytes[2]! <= 0x04 && bytes[5] === 0x01
  );
}

export function isWebSocketUpgrade(request: HttpHead): boolean {
  return /(^|,)\s*websocket\s*(,|$)/i.test(request.headers['upgrade'] ?? '');
}

export function listHeader(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export interface Deflate {
  /** The sender compresses every message on its own (no LZ77 window kept between messages). */
  clientNoContextTakeover: boolean;
  serverNoContextTakeover: boolean;
  /** What the 101 said, for the summary: `permessage-deflate; client_no_context_takeover`. */
  offer: string;
}

/** The permessage-deflate parameters the server accepted, if it did; other extensions named. */
export function acceptedExtensions(value: string | undefined): { deflate?: Deflate; others: string[] } {
  const others: string[] = [];
  let deflate: Deflate | undefined;
  for (const extension of listHeader(value)) {
    const [name = '', ...params] = extension.split(';').map((p) => p.trim());
    if (name.toLowerCase() !== 'permessage-deflate') {
      others.push(name);
      continue;
    }
    const names = params.map((p) => (p.split('=')[0] ?? '').trim().toLowerCase());
    deflate = {
      clientNoContextTakeover: names.includes('client_no_context_takeover'),
      serverNoContextTakeover: names.includes('server_no_context_takeover'),
      offer: extension,
    };
  }
  return deflate !== undefined ? { deflate, others } : { others };
}

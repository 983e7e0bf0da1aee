/**
 * Serve mode: the engine's renderer and RPC in a browser. HTTP serves the built renderer; the RPC
 * runs over a WebSocket at /rpc. A random token guards the WebSocket and every HTTP route except
 * the static shell (index.html and its assets, which hold no data), so another local user or a web
 * page in the same browser cannot drive the engine.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeRequest, type ServerEnvelope } from '../../shared/rpc/envelope';
import { toWireError, type Router } from '../../shared/rpc/router';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { readStatic } from './static-files';

export const RPC_PATH = '/rpc';
/** Captures of millions of frames are imported over the socket as one message. */
const MAX_MESSAGE_BYTES = 1024 * 1024 * 1024;

export interface ServeOptions {
  router: Router;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host: string;
  port: number;
  /** Fixed token (tests); random otherwise. */
  token?: string;
}

export interface ServeHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function tokenMatches(expected: Buffer, given: string | null): boolean {
  if (given === null) return false;
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function requestToken(request: IncomingMessage): string | null {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return fromQuery;
  const auth = request.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};

function isStaticShell(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || pathname.startsWith('/assets/');
}

export async function startServeHost(options: ServeOptions): Promise<ServeHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
        return;
      }
      if (!isStaticShell(url.pathname) && !tokenMatches(expected, requestToken(request))) {
        response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        response.end('401: this route needs the token printed by `ocpp-scope serve` (?token=...)\n');
        return;
      }
      const file = await readStatic(options.rendererDir, url.pathname);
      if (!file) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        response.end('404: not found\n');
        return;
      }
      response.writeHead(200, {
        'Content-Type': file.contentType,
        'Cache-Control': url.pathname.startsWith('/assets/')
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
        ...SECURITY_HEADERS,
      });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.end(`500: ${String(error)}\n`);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== RPC_PATH || !tokenMatches(expected, requestToken(request))) {
      const status = url.pathname !== RPC_PATH ? '404 Not Found' : '401 Unauthorized';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => attach(ws, options.router));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    token,
    port,
    url: `http://${hostForUrl}:${port}/?token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function attach(ws: WebSocket, router: Router): void {
  const send = (message: ServerEnvelope) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const subscription = router.onEvent((event, payload) => send({ t: 'evt', event, payload }));
  ws.on('close', () => subscription.dispose());
  ws.on('error', () => subscription.dispose());
  ws.on('message', (data, isBinary) => {
    const request = isBinary ? undefined : decodeRequest(rawDataToText(data));
    if (!request) {
      send({
        t: 'res',
        id: -1,
        ok: false,
        error: { code: 'bad-request', message: 'not a well-formed RPC request' },
      });
      return;
    }
    router.call(request.method, request.params).then(
      (result) => send({ t: 'res', id: request.id, ok: true, result }),
      (error: unknown) => send({ t: 'res', id: request.id, ok: false, error: toWireError(error) }),
    );
  });
}

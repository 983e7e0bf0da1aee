/**
 * The client end of the WebSocket transport (serve mode). Uses the WebSocket API that browsers and
 * Node >= 22 share; tests on Node 20 pass `ws`'s class in.
 */
import type { RpcChannel } from './client';
import type { EventName } from './contract';
import { decodeServerMessage, type RequestEnvelope } from './envelope';
import { RpcError } from './errors';

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: (event: unknown) => void): void;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

export interface WebSocketChannel extends RpcChannel {
  /** Resolves once the socket is open; rejects if it could not be opened. */
  ready: Promise<void>;
  close(): void;
}

export function createWebSocketChannel(url: string, createSocket: SocketFactory): WebSocketChannel {
  const socket = createSocket(url);
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const subscriptions = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closed = false;

  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () =>
      reject(new RpcError('closed', `could not connect to ${url.replace(/token=[^&]+/, 'token=…')}`)),
    );
  });
  // A rejection nobody awaited must not surface as an unhandled one.
  ready.catch(() => undefined);

  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    const message = decodeServerMessage(event.data);
    if (message === undefined) return;
    if (message.t === 'evt') {
      for (const listener of subscriptions.get(message.event) ?? []) listener(message.payload);
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new RpcError(message.error.code, message.error.message));
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const waiter of pending.values())
      waiter.reject(new RpcError('closed', 'the connection to OCPP Scope was lost; reload the page'));
    pending.clear();
  });

  return {
    ready,
    async invoke(method, params) {
      await ready;
      if (closed || socket.readyState !== OPEN) {
        throw new RpcError('closed', 'the connection to OCPP Scope is closed; reload the page');
      }
      const id = nextId++;
      const request: RequestEnvelope = { t: 'req', id, method, params };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify(request));
      });
    },
    subscribe(event: EventName, listener) {
      let listeners = subscriptions.get(event);
      if (!listeners) subscriptions.set(event, (listeners = new Set()));
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      socket.close();
    },
  };
}

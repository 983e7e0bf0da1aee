/**
 * Real peers for the specs that drive the proxy: an ocpp-rpc CSMS that remembers what reached it, an
 * ocpp-rpc charger, and the app's own RPC (as the page uses it) to start a proxy between them.
 */
import type { Page } from '@playwright/test';
import { RPCClient, RPCServer } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import type ServerClient from 'ocpp-rpc/lib/server-client';
import { WebSocket } from 'ws';
import type { ProxyInfo } from '../../src/shared/proxy/config';
import { createClient, type RpcClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel } from '../../src/shared/rpc/websocket-client';

export interface Received {
  action: string;
  params: unknown;
}

/** An ocpp-rpc CSMS (1.6, strict: it refuses what breaks the schema) that records each CALL. */
export async function startCsms(): Promise<{ server: RPCServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  server.on('client', (client: ServerClient) => {
    const remember = (action: string, answer: () => Record<string, unknown>) =>
      client.handle(action, ({ params }: { params?: unknown }) => {
        received.push({ action, params });
        return Promise.resolve(answer());
      });
    remember('BootNotification', () => ({
      status: 'Accepted',
      currentTime: new Date().toISOString(),
      interval: 300,
    }));
    remember('Heartbeat', () => ({ currentTime: new Date().toISOString() }));
    remember('StatusNotification', () => ({}));
  });
  const http = await server.listen(0, '127.0.0.1');
  const address = http.address();
  if (typeof address !== 'object' || address === null) throw new Error('the CSMS has no port');
  return { server, port: address.port, received };
}

export async function appRpc(serveUrl: string): Promise<{ rpc: RpcClient; close: () => void }> {
  const url = new URL(serveUrl);
  const channel = createWebSocketChannel(
    `ws://${url.host}/rpc?token=${url.searchParams.get('token') ?? ''}`,
    (address) => new WebSocket(address),
  );
  await channel.ready;
  return { rpc: createClient(channel), close: () => channel.close() };
}

export async function connectCharger(proxyUrl: string, identity: string): Promise<RPCClient> {
  const charger = new RPCClient({
    endpoint: proxyUrl.replace(/\/$/, ''),
    identity,
    protocols: ['ocpp1.6'],
    reconnect: false,
    pingIntervalMs: 0,
    strictMode: true,
  } as RPC_ClientOptions);
  await charger.connect();
  return charger;
}

export interface ProxiedPeers {
  csms: Awaited<ReturnType<typeof startCsms>>;
  rpc: RpcClient;
  proxy: ProxyInfo;
  charger: RPCClient;
}

/**
 * The setup of the specs that watch a real conversation: an ocpp-rpc CSMS, a proxy to it started
 * over the app's RPC (its live session opened in the page), an ocpp-rpc charger connected through
 * it. `use` runs with them; everything is closed after, however it ended.
 */
export async function throughProxy(
  page: Page,
  serveUrl: string,
  { session, identity }: { session: string; identity: string },
  use: (peers: ProxiedPeers) => Promise<void>,
): Promise<void> {
  const csms = await startCsms();
  const { rpc, close } = await appRpc(serveUrl);
  let charger: RPCClient | undefined;
  try {
    const proxy = await rpc.call('proxy.start', {
      listen: '127.0.0.1:0',
      upstream: `ws://127.0.0.1:${csms.port}/ocpp`,
      name: session,
    });
    await page.goto(serveUrl);
    await page.locator('.session-open').filter({ hasText: session }).click();
    charger = await connectCharger(proxy.url, identity);
    await use({ csms, rpc, proxy, charger });
  } finally {
    await charger?.close({ force: true });
    close();
    await csms.server.close({ force: true });
  }
}

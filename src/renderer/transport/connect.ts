/**
 * Picks the transport for this face: the preload bridge in the Electron window, or the WebSocket
 * of serve mode (token from the page URL). Everything above this file sees one RpcClient.
 */
import { createClient, type RpcChannel, type RpcClient } from '../../shared/rpc/client';
import { RpcError } from '../../shared/rpc/errors';
import type { PreloadBridge } from '../../shared/rpc/ipc-channels';
import { createWebSocketChannel } from '../../shared/rpc/websocket-client';

declare global {
  interface Window {
    ocppScope?: PreloadBridge;
  }
}

function ipcChannel(bridge: PreloadBridge): RpcChannel {
  return {
    async invoke(method, params) {
      const reply = await bridge.invoke(method, params);
      if (reply.ok) return reply.result;
      throw new RpcError(reply.error.code, reply.error.message);
    },
    subscribe: (event, listener) => bridge.subscribe(event, listener),
  };
}

export async function connect(): Promise<RpcClient> {
  if (window.ocppScope) return createClient(ipcChannel(window.ocppScope));
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) {
    throw new Error(
      'This page needs the token that `ocpp-scope serve` printed: open the full URL it shows (…/?token=…).',
    );
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${window.location.host}/rpc?token=${encodeURIComponent(token)}`;
  const channel = createWebSocketChannel(url, (u) => new WebSocket(u));
  try {
    await channel.ready;
  } catch {
    throw new Error(
      'Could not connect to OCPP Scope: is `ocpp-scope serve` still running, and is the token in the URL the one it printed?',
    );
  }
  return createClient(channel);
}

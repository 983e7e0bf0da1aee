/**
 * In-memory transport for tests: the same router, with every value passed through JSON as a real
 * transport would, so a result that does not survive serialization fails here too.
 */
import type { RpcChannel } from './client';
import type { EventName } from './contract';
import { RpcError } from './errors';
import type { Router } from './router';
import { toWireError } from './router';

function roundTrip<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function createMemoryChannel(router: Router): RpcChannel & { close(): void } {
  const subscriptions = new Map<EventName, Set<(payload: unknown) => void>>();
  const subscription = router.onEvent((event, payload) => {
    const listeners = subscriptions.get(event);
    if (!listeners) return;
    const copy = roundTrip(payload);
    for (const listener of listeners) listener(copy);
  });
  return {
    async invoke(method, params) {
      try {
        return roundTrip(await router.call(method, roundTrip(params)));
      } catch (error) {
        const wire = toWireError(error);
        throw new RpcError(wire.code, wire.message);
      }
    },
    subscribe(event, listener) {
      let listeners = subscriptions.get(event);
      if (!listeners) subscriptions.set(event, (listeners = new Set()));
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      subscription.dispose();
      subscriptions.clear();
    },
  };
}

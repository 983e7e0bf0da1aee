/**
 * The typed client. A channel is what a transport gives: invoke a method by name, subscribe to
 * an event by name. The renderer and tests use the same client whatever the transport.
 */
import type { EventName, Events, MethodName, ParamsOf, ResultOf } from './contract';

export interface RpcChannel {
  invoke(method: MethodName, params: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export interface RpcClient {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export function createClient(channel: RpcChannel): RpcClient {
  return {
    async call(method, params) {
      // The contract is the one place both ends agree on result shapes.
      return (await channel.invoke(method, params)) as never;
    },
    on(event, listener) {
      return channel.subscribe(event, listener as (payload: unknown) => void);
    },
  };
}

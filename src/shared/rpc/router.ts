/**
 * The server side of the RPC: one handler per method of the contract, params checked before the
 * handler runs, events fanned out to every attached transport. Hosts (Electron IPC, the serve-mode
 * WebSocket, tests) adapt their transport to `call` and `onEvent`.
 */
import type { EventName, Events, MethodName, Methods, ParamsOf, ResultOf } from './contract';
import { isMethodName } from './contract';
import { RpcError } from './errors';
import { checkParams } from './params';

export type Handlers = { [M in MethodName]: (params: ParamsOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface Disposable {
  dispose(): void;
}

export class Router {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly handlers: Handlers) {}

  /** Runs a method by name with untrusted params. Throws RpcError for anything the caller did wrong. */
  async call(method: unknown, params: unknown): Promise<unknown> {
    if (!isMethodName(method))
      throw new RpcError('unknown-method', `unknown method ${JSON.stringify(method)}`);
    return this.run(method, checkParams(method, params ?? {}));
  }

  private async run<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const handler = this.handlers[method] as (p: ParamsOf<M>) => Promise<ResultOf<M>> | ResultOf<M>;
    return handler(params);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  onEvent(listener: EventListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** What a transport sends back for a failed call: user-facing text, internals kept out. */
export function toWireError(error: unknown): { code: RpcError['code']; message: string } {
  if (error instanceof RpcError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export type { Methods };

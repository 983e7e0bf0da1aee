/** The Electron IPC transport: channel names and the reply shape (errors keep their code). */
import type { RpcErrorCode } from './errors';

export const IPC_INVOKE = 'ocpp-scope:invoke';
export const IPC_EVENT = 'ocpp-scope:event';

export type IpcReply =
  { ok: true; result: unknown } | { ok: false; error: { code: RpcErrorCode; message: string } };

/** What the preload puts on `window.ocppScope`. */
export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<IpcReply>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

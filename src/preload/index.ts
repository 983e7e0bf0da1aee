/**
 * The only bridge between the sandboxed renderer and main: exactly invoke + subscribe, with
 * method and event names checked against the contract before anything crosses.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventName, isMethodName } from '../shared/rpc/contract';
import { IPC_EVENT, IPC_INVOKE, type IpcReply } from '../shared/rpc/ipc-channels';

contextBridge.exposeInMainWorld('ocppScope', {
  async invoke(method: unknown, params: unknown): Promise<IpcReply> {
    if (!isMethodName(method))
      return { ok: false, error: { code: 'unknown-method', message: `unknown method ${String(method)}` } };
    return (await ipcRenderer.invoke(IPC_INVOKE, method, params)) as IpcReply;
  },
  subscribe(event: unknown, listener: unknown): () => void {
    if (!isEventName(event) || typeof listener !== 'function')
      throw new Error(`cannot subscribe to ${String(event)}`);
    const handler = (_: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
});

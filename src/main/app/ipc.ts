/** Electron IPC transport: the router behind ipcMain, events pushed to the window. */
import { ipcMain, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type IpcReply } from '../../shared/rpc/ipc-channels';
import { toWireError, type Disposable, type Router } from '../../shared/rpc/router';
import { isTrustedUrl } from './trust';

export function attachIpc(router: Router, contents: WebContents, devServerUrl?: string): Disposable {
  ipcMain.handle(IPC_INVOKE, async (event, method: unknown, params: unknown): Promise<IpcReply> => {
    // Only our own page in our own window may drive the engine.
    if (event.sender !== contents || !isTrustedUrl(event.senderFrame?.url ?? '', devServerUrl)) {
      return {
        ok: false,
        error: { code: 'bad-request', message: 'IPC from an untrusted frame was refused' },
      };
    }
    try {
      return { ok: true, result: await router.call(method, params) };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  });
  const subscription = router.onEvent((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT, event, payload);
  });
  return {
    dispose() {
      ipcMain.removeHandler(IPC_INVOKE);
      subscription.dispose();
    },
  };
}

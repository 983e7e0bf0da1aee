/**
 * The desktop shell: one window over the same engine serve mode runs. Kept thin on purpose:
 * everything the window does goes through the RPC router, so serve-mode tests cover it.
 * Hardening: sandbox + contextIsolation, no node integration, a strict CSP, navigation and new
 * windows denied, permission requests denied, IPC senders checked (see ipc.ts).
 */
import { app, BrowserWindow, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../data-dir';
import { createEngine, type Engine } from '../engine';
import { readStatic } from '../host/static-files';
import { VERSION } from '../version';
import { attachIpc } from './ipc';
import { printHtmlToPdf } from './pdf';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isTrustedUrl } from './trust';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let engine: Engine | undefined;

app.on('web-contents-created', (_, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the spec or docs open in the user's browser, never in the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

async function createWindow(): Promise<void> {
  if (!engine) throw new Error('engine not started');
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'OCPP Scope',
    backgroundColor: '#15171c',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const ipc = attachIpc(engine.router, window.webContents, devServerUrl);
  window.on('closed', () => ipc.dispose());
  window.once('ready-to-show', () => window.show());
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

app
  .whenReady()
  .then(async () => {
    session.defaultSession.setPermissionRequestHandler((_, __, callback) => callback(false));
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const file = url.host === APP_HOST ? await readStatic(rendererDir, url.pathname) : undefined;
      if (!file) return new Response('not found', { status: 404 });
      return new Response(new Uint8Array(file.body), {
        headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
      });
    });
    engine = await createEngine({
      dataDir: defaultDataDir(),
      mode: 'desktop',
      version: VERSION,
      printToPdf: printHtmlToPdf,
    });
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  })
  .catch((error: unknown) => {
    console.error('OCPP Scope could not start:', error);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  // Live captures are flushed to disk before the process goes.
  if (quitting || !engine) return;
  event.preventDefault();
  quitting = true;
  void engine.dispose().finally(() => app.quit());
});

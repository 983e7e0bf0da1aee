/**
 * Which pages the Electron shell trusts. Kept free of the `electron` import so it is unit-tested.
 * The renderer is served from our own privileged scheme; in development, from electron-vite's dev
 * server URL (ELECTRON_RENDERER_URL) only.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ocpp-scope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isTrustedUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  if (devServerUrl) {
    try {
      const origin = new URL(devServerUrl).origin;
      return origin !== 'null' && parsed.origin === origin;
    } catch {
      return false;
    }
  }
  return false;
}

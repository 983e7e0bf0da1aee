/**
 * Where sessions live when no --data-dir is given. The same folder Electron's `userData` path
 * names for this app, so the desktop window and serve mode see the same sessions.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'ocpp-scope';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env['OCPP_SCOPE_DATA_DIR']) return env['OCPP_SCOPE_DATA_DIR'];
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), APP_DIR_NAME);
}

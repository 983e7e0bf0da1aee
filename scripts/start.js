#!/usr/bin/env node
// `npm start`: builds, then opens the desktop window. The Electron binary is fetched by the
// electron package on first use; where that cannot happen (no network, CI), this fails fast and
// points to serve mode, which runs the same app in a browser.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let electronPath;
try {
  electronPath = require('electron');
} catch (error) {
  process.stderr.write(
    [
      '',
      'OCPP Scope: the Electron binary is not available on this machine, so the desktop window cannot open.',
      `  (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      '',
      'Run the same app in your browser instead:',
      '  npm run serve',
      'and open the URL it prints (http://127.0.0.1:PORT/?token=...).',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const run = (command, args) =>
  spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
const built = run('npm', ['run', 'build']);
if (built !== 0) process.exit(built);
process.exit(run(electronPath, ['.']));

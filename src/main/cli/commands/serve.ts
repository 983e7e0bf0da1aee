import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { defaultDataDir } from '../../data-dir';
import { createEngine } from '../../engine';
import { startServeHost } from '../../host/serve';
import { VERSION } from '../../version';
import { parseCommandArgs, UsageError, type Command } from '../command';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the app in your browser (same engine and UI as the desktop window)',
  usage: `ocpp-scope serve [--host 127.0.0.1] [--port 0] [--data-dir DIR]

  --host HOST      address to listen on (default 127.0.0.1; anything else exposes the app to the network)
  --port PORT      TCP port, 0 for a free one (default 0)
  --data-dir DIR   where sessions are kept (default: the desktop app's folder, or $OCPP_SCOPE_DATA_DIR)`,
  async run(argv, context) {
    const { values } = parseCommandArgs(argv, {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
    });
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    const host = values.host;
    if (host !== 'localhost' && isIP(host) === 0)
      throw new UsageError(`--host ${JSON.stringify(host)} is not an IP address`);
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new UsageError(`--port must be a number from 0 to 65535, not ${JSON.stringify(values.port)}`);
    if (!existsSync(join(context.rendererDir, 'index.html'))) {
      context.stderr(
        `ocpp-scope serve: the UI is not built (no ${context.rendererDir}/index.html). Run \`npm run build\` first.\n`,
      );
      return 1;
    }
    if (!LOOPBACK.has(host)) {
      context.stderr(
        `warning: listening on ${host}: anyone who can reach this machine and learns the token can read your captures. Use the default 127.0.0.1 unless you mean it.\n`,
      );
    }
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const engine = await createEngine({ dataDir, mode: 'serve', version: VERSION });
    let host_;
    try {
      host_ = await startServeHost({ router: engine.router, rendererDir: context.rendererDir, host, port });
    } catch (error) {
      await engine.dispose();
      const code = (error as NodeJS.ErrnoException).code;
      context.stderr(
        `ocpp-scope serve: cannot listen on ${host}:${port} (${code === 'EADDRINUSE' ? 'the port is in use; pick another or use --port 0' : String(error)})\n`,
      );
      return 1;
    }
    context.stdout(`OCPP Scope serving at ${host_.url}\n`);
    context.stderr(`data dir: ${dataDir}; press Ctrl-C to stop\n`);
    await context.stopSignal;
    await host_.close();
    await engine.dispose();
    return 0;
  },
};

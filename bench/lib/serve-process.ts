/**
 * The built app in serve mode, as a user starts it (`ocpp-scope serve --port 0 --data-dir DIR`),
 * in a process of its own so that its CPU is not the benchmark's; plus an RPC client on its
 * WebSocket, authenticated with the token from the printed URL, as the renderer connects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { createClient, type RpcClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel } from '../../src/shared/rpc/websocket-client';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = ['out/main/cli.js', 'out/renderer/index.html'];
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface BuildInfo {
  /** When out/ was built. */
  builtAt: Date;
  /** Source files changed since: the figures may not be those of the code in the tree. */
  newerSources: number;
}

function newestAfter(dir: string, since: number): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) count += newestAfter(path, since);
    else if (statSync(path).mtimeMs > since) count++;
  }
  return count;
}

/** Throws, saying what to do, when the app is not built; tells how fresh the build is. */
export function checkBuild(): BuildInfo {
  const missing = BUILT.filter((path) => !existsSync(join(ROOT, path)));
  if (missing.length > 0) {
    throw new Error(
      `this benchmark drives the built app (${missing.join(', ')} missing): run \`npm run build\` first`,
    );
  }
  const builtAt = statSync(join(ROOT, 'out/renderer/index.html')).mtime;
  return { builtAt, newerSources: newestAfter(join(ROOT, 'src'), builtAt.getTime()) };
}

export interface ServeProcess {
  /** The page URL with its token, as printed. */
  url: string;
  child: ChildProcess;
  /** Stops the process (Ctrl-C, as a user would), then kills it if it does not exit. */
  stop(): Promise<void>;
}

export async function startServe(dataDir: string): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/ocpp-scope.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      // Read to the end: a full stdout pipe would stall the server.
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = /^OCPP Scope serving at (http:\/\/\S+)$/.exec(line);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`ocpp-scope serve exited with ${code}: ${stderr.trim()}`)),
      );
      setTimeout(
        () => reject(new Error(`ocpp-scope serve printed no URL within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      ).unref();
    });
    return { url, child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An RPC client on the served app's WebSocket, with the token of the page URL. */
export async function connectRpc(pageUrl: string): Promise<{ rpc: RpcClient; close(): void }> {
  const page = new URL(pageUrl);
  const token = page.searchParams.get('token');
  if (token === null) throw new Error(`the served URL carries no token: ${pageUrl}`);
  const url = `ws://${page.host}/rpc?token=${encodeURIComponent(token)}`;
  const channel = createWebSocketChannel(url, (u) => new WebSocket(u, { perMessageDeflate: false }));
  await channel.ready;
  return { rpc: createClient(channel), close: () => channel.close() };
}

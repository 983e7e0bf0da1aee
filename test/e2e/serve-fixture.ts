/**
 * Starts the real CLI (`ocpp-scope serve --port 0`) with a temp data dir for each test, and
 * reads the URL line it prints; collects the page's uncaught errors (`pageErrors`). Requires `npm run build` (npm test runs it first).
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServeInstance {
  url: string;
  dataDir: string;
}

async function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['bin/ocpp-scope.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /^OCPP Scope serving at (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`ocpp-scope serve exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

export const test = base.extend<{ serve: ServeInstance; pageErrors: string[] }>({
  serve: [
    // Playwright reads a fixture's dependencies from this (empty) destructuring pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'ocpp-scope-e2e-'));
      const { child, url } = await startServe(dataDir);
      await use({ url, dataDir });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
    // One server and data dir per test: no test sees another's sessions.
    { scope: 'test' },
  ],
  /** The page's uncaught errors, collected from the start: a test ends by expecting none. */
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

export { expect } from '@playwright/test';

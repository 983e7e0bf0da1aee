/** A socat pty pair for the serial e2e tests: the bridge's end and the charger's, as links in a folder. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from './serve-fixture';

/** socat making a pty pair behind two links that stay put across restarts. */
export class PtyPair {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  /** A pair in a fresh temp folder, started. */
  static async open(name: string): Promise<PtyPair> {
    const pair = new PtyPair(await mkdtemp(join(tmpdir(), `ocpp-scope-${name}-`)));
    await pair.start();
    return pair;
  }

  /** socat gone and the folder removed. */
  async dispose(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  get bridge(): string {
    return join(this.dir, 'bridge');
  }

  get charger(): string {
    return join(this.dir, 'charger');
  }

  /** Resolves once socat says it moves bytes and both links exist. */
  async start(): Promise<void> {
    const child = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${this.bridge}`, `pty,raw,echo=0,link=${this.charger}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    let log = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        if (log.includes('starting data transfer loop')) resolve();
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`socat exited with ${String(code)}: ${log}`)));
    });
    expect(existsSync(this.bridge) && existsSync(this.charger), `socat made its links: ${log}`).toBe(true);
  }

  /** Both ptys vanish: the bridge's port is lost under it. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    child?.kill('SIGTERM');
    await this.exited;
  }
}

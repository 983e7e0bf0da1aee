/**
 * Runs `ocpp-scope <command>` in-process as a user would (argv in, stdout/stderr out, Ctrl-C as a
 * promise), for the CLI integration tests of the proxy and the mock CSMS.
 */
import { join } from 'node:path';
import type { CliContext } from '../../src/main/cli/command';
import { main } from '../../src/main/cli/main';
import { ROOT } from '../unit/support';

export interface RunningCli {
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout text matching. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): void;
  exit: Promise<number>;
}

export function runCli(argv: string[]): RunningCli {
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let stop!: () => void;
  const context: CliContext = {
    rendererDir: join(ROOT, 'out/renderer'),
    stdout: (text) => {
      out += text;
      for (const w of [...waiters]) {
        const match = w.pattern.exec(out);
        if (match) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(match);
        }
      }
    },
    stderr: (text) => (err += text),
    stopSignal: new Promise<void>((resolve) => (stop = resolve)),
  };
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern) =>
      new Promise((resolve) => {
        const match = pattern.exec(out);
        if (match) resolve(match);
        else waiters.push({ pattern, resolve });
      }),
    stop: () => stop(),
    exit: main(argv, context),
  };
}

/**
 * Runs `ocpp-scope <command>` in-process as a user would (argv in, stdout/stderr out, Ctrl-C as a
 * promise), for the CLI integration tests of the proxy and the mock CSMS.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCaptureText, type ReadResult } from '../../src/main/services/capture/read';
import { ocaSchemaRegistry } from '../../src/main/services/validation/oca-schemas';
import type { CliContext } from '../../src/main/cli/command';
import { main } from '../../src/main/cli/main';
import { ROOT } from '../unit/support';

export interface RunningCli {
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout text matching. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): void;
  /** A line typed on stdin. */
  type(line: string): void;
  exit: Promise<number>;
}

/** Lines typed by the test, read by the command as it would read stdin. */
function typedLines(): { type(line: string): void; input: ReturnType<NonNullable<CliContext['readLines']>> } {
  const queued: string[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  async function* lines(): AsyncGenerator<string> {
    while (!closed) {
      const line = queued.shift();
      if (line !== undefined) yield line;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return {
    type(line) {
      queued.push(line);
      wake?.();
    },
    input: {
      lines: lines(),
      close() {
        closed = true;
        wake?.();
      },
    },
  };
}

export function runCli(argv: string[]): RunningCli {
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let stop!: () => void;
  const stdin = typedLines();
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
    readLines: () => stdin.input,
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
    type: (line) => stdin.type(line),
    exit: main(argv, context),
  };
}

/** A capture file the CLI wrote, read back, and its entries as `toCsms Action` / `opened` lines. */
export async function captureLines(
  path: string,
): Promise<{ read: ReadResult; lines: (string | undefined)[] }> {
  const read = readCaptureText(path, await readFile(path, 'utf8'), { registry: ocaSchemaRegistry() });
  return {
    read,
    lines: read.model.allRows().map((r) => (r.kind === 'frame' ? `${r.direction} ${r.action}` : r.event)),
  };
}

/** The `ocpp-scope` executable (bundled to out/main/cli.js, beside out/renderer). */
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { main } from './main';

const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

main(process.argv.slice(2), {
  rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopSignal,
  readLines: () => {
    const lines = createInterface({ input: process.stdin, terminal: false });
    return { lines, close: () => lines.close() };
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ocpp-scope: ${String(error)}\n`);
    process.exitCode = 1;
  },
);

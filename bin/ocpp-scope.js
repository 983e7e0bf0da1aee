#!/usr/bin/env node
// The package's executable: runs the built CLI (npm ci builds it through the `prepare` script).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('ocpp-scope is not built yet: run `npm run build` in the project folder first.\n');
  process.exit(1);
}
await import(cli.href);

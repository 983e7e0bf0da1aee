#!/usr/bin/env node
// Runs node's test runner (TypeScript through tsx) on test/<suite>/**/*.test.ts. Node 20 does not
// expand globs for --test, so the files are listed here: the same command works on Node 20 and 22+.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const suite = process.argv[2];
if (!suite || !['unit', 'integration'].includes(suite)) {
  process.stderr.write('usage: node scripts/test.js unit|integration [node --test options]\n');
  process.exit(2);
}
const root = join('test', suite);
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => join(root, name))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no test files under ${root}\n`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...process.argv.slice(3), ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);

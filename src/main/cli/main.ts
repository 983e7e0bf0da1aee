/**
 * `ocpp-scope`: the command-line face of the engine (headless use, CI pipelines, serve mode).
 * One module per subcommand; arguments parsed with node:util parseArgs.
 */
import type { Command, CliContext } from './command';
import { UsageError } from './command';
import { checkCommand } from './commands/check';
import { reportCommand } from './commands/report';
import { importCommand } from './commands/import';
import { exportCommand } from './commands/export';
import { proxyCommand } from './commands/proxy';
import { replayCommand } from './commands/replay';
import { csmsCommand } from './commands/csms';
import { serveCommand } from './commands/serve';
import { serialCommand } from './commands/serial';
import { versionCommand } from './commands/version';

const COMMANDS: Command[] = [
  serveCommand,
  proxyCommand,
  csmsCommand,
  serialCommand,
  replayCommand,
  checkCommand,
  reportCommand,
  importCommand,
  exportCommand,
  versionCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'OCPP Scope: OCPP testbench and protocol analyzer',
    '',
    'Usage: ocpp-scope <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ocpp-scope <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

export async function main(argv: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') return versionCommand.run([], context);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    context.stderr(`ocpp-scope: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr(`ocpp-scope ${command.name}: ${error.message}\n\nUsage: ${command.usage}\n`);
      return 2;
    }
    context.stderr(`ocpp-scope ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

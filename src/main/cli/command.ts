/** What every subcommand module provides, and the one way they parse arguments. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs returns for these options (help always added). */
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{
    options: O & { help: { type: 'boolean'; short: 'h' } };
    allowPositionals: boolean;
    strict: true;
  }>
>;

export interface CliContext {
  /** The built renderer, for serve mode. */
  rendererDir: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the user asks to stop (Ctrl-C); long-running commands wait on it. */
  stopSignal: Promise<void>;
  /** Lines typed on standard input, for commands that take orders while they run. */
  readLines?: () => { lines: AsyncIterable<string>; close(): void };
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the exit code. */
  run(argv: string[], context: CliContext): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  { positionals = 0 }: { positionals?: number } = {},
): ParsedArgs<O> {
  let parsed: ParsedArgs<O>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals > 0,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error),
    );
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[positionals])}`);
  }
  return parsed;
}

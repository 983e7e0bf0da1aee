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

/** The flags that say how a service reaches a CSMS over TLS as a station (proxy, serial bridge). */
export const UPSTREAM_TLS_OPTIONS = {
  'upstream-ca': { type: 'string' },
  insecure: { type: 'boolean', default: false },
  'client-cert': { type: 'string' },
  'client-key': { type: 'string' },
} as const;

/** Those flags read into a start config's fields; a client certificate needs its key and back. */
export function upstreamTlsFlags(values: {
  'upstream-ca'?: string | undefined;
  insecure?: boolean | undefined;
  'client-cert'?: string | undefined;
  'client-key'?: string | undefined;
}): { upstreamCaFile?: string; insecure?: true; clientCertFile?: string; clientKeyFile?: string } {
  if ((values['client-cert'] === undefined) !== (values['client-key'] === undefined))
    throw new UsageError('--client-cert and --client-key go together');
  return {
    ...(values['upstream-ca'] !== undefined ? { upstreamCaFile: values['upstream-ca'] } : {}),
    ...(values.insecure === true ? { insecure: true as const } : {}),
    ...(values['client-cert'] !== undefined ? { clientCertFile: values['client-cert'] } : {}),
    ...(values['client-key'] !== undefined ? { clientKeyFile: values['client-key'] } : {}),
  };
}

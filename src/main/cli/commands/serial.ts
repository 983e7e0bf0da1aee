import { defaultDataDir } from '../../data-dir';
import type { CsmsInfo } from '../../../shared/csms/info';
import { parseAuth } from '../../../shared/proxy/config';
import {
  DATA_BITS,
  lineSettings,
  PARITIES,
  parseSerialProtocol,
  STOP_BITS,
  type SerialConfig,
  type SerialInfo,
} from '../../../shared/serial/config';
import {
  parseCommandArgs,
  UPSTREAM_TLS_OPTIONS,
  upstreamTlsFlags,
  UsageError,
  type Command,
} from '../command';
import { CONSOLE_HELP, csmsConsole } from '../csms-console';
import { runLiveService } from '../live-service';
import { listSystemPorts } from '../../services/serial/port-link';

export const serialCommand: Command = {
  name: 'serial',
  summary: 'bridge a charger on a serial line to a CSMS or a mock CSMS; capture its frames and its logs',
  usage: `ocpp-scope serial --port PATH (--to-csms URL | --mock-csms) [--baud 115200] [--data-bits 8]
                  [--parity none] [--stop-bits 1] [--rtscts] [--delimiter '\\n'] [--max-line BYTES]
                  [--station ID] [--protocol ocpp1.6|ocpp2.0.1|ocpp2.1] [--auth USER:PASS]
                  [--upstream-ca FILE] [--insecure] [--client-cert FILE --client-key FILE]
                  [--capture FILE] [--name NAME] [--serve] [--data-dir DIR]
ocpp-scope serial --list

  --port         the serial device: /dev/ttyUSB0, /dev/ttyACM0, COM3 (--list shows what the system sees)
  --to-csms      the CSMS: ws(s)://host/path (the station identity is appended) or a template with {id}
  --mock-csms    bridge to a mock CSMS started for the bridge (on 127.0.0.1); it takes commands on stdin
  --baud         baud rate (default 115200); --data-bits 5|6|7|8 (8), --parity none|even|odd|mark|space
                 (none), --stop-bits 1|1.5|2 (1), --rtscts: hardware flow control
  --delimiter    what ends each frame or log line, with escapes: \\n (default; a \\r before it is dropped),
                 \\r\\n, \\0, \\x1e
  --max-line     lines longer than this many bytes are dropped, with an entry (default 1048576)
  --station      the identity to connect as (default: the port's name, e.g. ttyUSB0)
  --protocol     the subprotocol to offer (default ocpp1.6)
  --auth         USER:PASS for Basic auth toward the CSMS (the user is normally the station identity)
  --upstream-ca  trust this CA for the CSMS's certificate; --insecure: do not verify it (lab CSMSs only)
  --client-cert/--client-key  the client certificate to present to the CSMS (security profile 3)
  --capture      record into this file (never overwritten) instead of the data dir
  --serve        also serve the UI (like ocpp-scope serve) to watch the session live
  --list         print the serial ports the system reports, and exit

  Lines from the charger that start like an OCPP-J message ([2, [3, [4, ...) go to the CSMS; every
  other line (firmware logs) is kept in the capture as a console entry, in order. A lost port or CSMS
  connection is reopened with backoff. Prints connections and findings as they happen; Ctrl-C stops.
  With --mock-csms it takes ${CONSOLE_HELP}
  Exit code: 0 after a clean stop, 1 when the port cannot be opened, 2 on usage errors.`,
  async run(argv, context) {
    const { values } = parseCommandArgs(argv, {
      port: { type: 'string' },
      'to-csms': { type: 'string' },
      'mock-csms': { type: 'boolean', default: false },
      baud: { type: 'string' },
      'data-bits': { type: 'string' },
      parity: { type: 'string' },
      'stop-bits': { type: 'string' },
      rtscts: { type: 'boolean', default: false },
      delimiter: { type: 'string' },
      'max-line': { type: 'string' },
      station: { type: 'string' },
      protocol: { type: 'string' },
      auth: { type: 'string' },
      ...UPSTREAM_TLS_OPTIONS,
      capture: { type: 'string' },
      name: { type: 'string' },
      serve: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      list: { type: 'boolean', default: false },
    });
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    if (values.list) return listPorts(context);
    if (values.port === undefined) throw new UsageError('--port is required, e.g. --port /dev/ttyUSB0');
    if ((values['to-csms'] === undefined) === !values['mock-csms'])
      throw new UsageError('give exactly one of --to-csms URL and --mock-csms');
    const config: SerialConfig = { port: values.port };
    if (values['to-csms'] !== undefined) config.upstream = values['to-csms'];
    if (values['mock-csms']) config.mockCsms = true;
    if (values.baud !== undefined) config.baudRate = number('--baud', values.baud);
    if (values['data-bits'] !== undefined)
      config.dataBits = choice('--data-bits', values['data-bits'], DATA_BITS);
    if (values.parity !== undefined) {
      const parity = PARITIES.find((p) => p === values.parity);
      if (parity === undefined) throw new UsageError(`--parity must be one of ${PARITIES.join(', ')}`);
      config.parity = parity;
    }
    if (values['stop-bits'] !== undefined)
      config.stopBits = choice('--stop-bits', values['stop-bits'], STOP_BITS);
    if (values.rtscts) config.rtscts = true;
    if (values.delimiter !== undefined) config.delimiter = values.delimiter;
    if (values['max-line'] !== undefined) config.maxLineBytes = number('--max-line', values['max-line']);
    if (values.station !== undefined) config.stationId = values.station;
    if (values.auth !== undefined) config.auth = values.auth;
    Object.assign(config, upstreamTlsFlags(values));
    if (values.capture !== undefined) config.captureFile = values.capture;
    if (values.name !== undefined) config.name = values.name;
    try {
      if (values.protocol !== undefined) config.protocol = parseSerialProtocol(values.protocol);
      lineSettings(config);
      if (config.auth !== undefined) parseAuth(config.auth);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }

    let csms: CsmsInfo | undefined;
    return runLiveService<SerialInfo>(context, {
      command: 'serial',
      dataDir: values['data-dir'] ?? defaultDataDir(),
      serve: values.serve === true,
      captureFile: config.captureFile,
      async start(client) {
        const bridge = await client.call('serial.start', config);
        csms = (await client.call('csms.list', {})).find((c) => c.id === bridge.mockCsmsId);
        return bridge;
      },
      banner: (bridge) =>
        `OCPP Scope serial bridge: ${bridge.port} (${bridge.settings}) as ${bridge.stationId} (${bridge.protocol}) to ${bridge.mockCsmsId !== undefined ? `a mock CSMS at ${bridge.upstream}` : bridge.upstream}`,
      stop: (client, bridge) => client.call('serial.stop', { bridgeId: bridge.id }),
      whileRunning: (client) => (csms === undefined ? () => undefined : csmsConsole(context, client, csms)),
    });
  },
};

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${flag} must be a number, not ${JSON.stringify(text)}`);
  return value;
}

function choice<T extends number>(flag: string, text: string, values: readonly T[]): T {
  const found = values.find((v) => String(v) === text.trim());
  if (found === undefined) throw new UsageError(`${flag} must be one of ${values.join(', ')}`);
  return found;
}

async function listPorts(context: Parameters<Command['run']>[1]): Promise<number> {
  let ports;
  try {
    ports = await listSystemPorts();
  } catch (error) {
    context.stderr(
      `ocpp-scope serial: the system could not list its serial ports: ${(error as Error).message}\n`,
    );
    return 1;
  }
  if (ports.length === 0)
    context.stdout('no serial ports found (a pty or another path can still be given with --port)\n');
  for (const port of ports) {
    const about = [
      port.manufacturer,
      port.vendorId && port.productId ? `${port.vendorId}:${port.productId}` : undefined,
      port.serialNumber ? `serial ${port.serialNumber}` : undefined,
    ]
      .filter((part) => part !== undefined && part !== '')
      .join(', ');
    context.stdout(`${port.path}${about !== '' ? `  ${about}` : ''}\n`);
  }
  return 0;
}

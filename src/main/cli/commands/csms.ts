import { readFile } from 'node:fs/promises';
import { defaultDataDir } from '../../data-dir';
import { IDEMPOTENCY_MODES, parseCsmsConfigText, type CsmsConfig } from '../../../shared/csms/config';
import type { CsmsStartParams } from '../../../shared/csms/info';
import { parseListen } from '../../../shared/proxy/config';
import { parseCommandArgs, UsageError, type Command } from '../command';
import { csmsConsole, CONSOLE_HELP } from '../csms-console';
import { runLiveService } from '../live-service';

export const csmsCommand: Command = {
  name: 'csms',
  summary: 'a mock CSMS for 1.6, 2.0.1 and 2.1 chargers that behaves well or badly on purpose',
  usage: `ocpp-scope csms --listen HOST:PORT [--config FILE] [--capture FILE] [--name NAME]
                [--tls-cert FILE --tls-key FILE | --tls-auto] [--idempotency correct|naive]
                [--serve] [--data-dir DIR]

  --listen       where chargers connect, e.g. 0.0.0.0:9000; point a charger at ws://<this machine>:9000/<identity>
  --config       a JSON file with the CSMS's behaviour (boot status, authorization list, overrides, ...;
                 see "Mock CSMS" in the README and fixtures/csms/config.example.json)
  --capture      record into this file (never overwritten) instead of the data dir
  --tls-cert/--tls-key  serve wss:// with this certificate
  --tls-auto     serve wss:// with a certificate from a local CA kept in the data dir (install the CA,
                 whose path is printed, on the charger)
  --idempotency  correct (default): a re-sent StartTransaction gets the same transactionId, a repeated
                 TransactionEvent is not counted twice; naive: the bug, for the analysis to flag
                 (overrides the config file's "idempotency")
  --serve        also serve the UI (like ocpp-scope serve) to watch the session and send commands
  --data-dir     where sessions and the local CA are kept

  Prints each charger that connects or leaves and each finding as it happens; Ctrl-C stops.
  While it runs, it takes ${CONSOLE_HELP}
  Exit code: 0 after a clean stop, 1 when the CSMS cannot start, 2 on usage errors (a bad flag or
  config file).`,
  async run(argv, context) {
    const { values } = parseCommandArgs(argv, {
      listen: { type: 'string' },
      config: { type: 'string' },
      capture: { type: 'string' },
      name: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-auto': { type: 'boolean', default: false },
      idempotency: { type: 'string' },
      serve: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    });
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    if (values.listen === undefined) throw new UsageError('--listen is required, e.g. --listen 0.0.0.0:9000');
    try {
      parseListen(values.listen);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    let config: CsmsConfig | undefined;
    if (values.config !== undefined) {
      let text: string;
      try {
        text = await readFile(values.config, 'utf8');
      } catch (error) {
        throw new UsageError(
          `--config ${values.config}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        );
      }
      try {
        config = parseCsmsConfigText(text, values.config);
      } catch (error) {
        throw new UsageError(`--config ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (values.idempotency !== undefined) {
      const mode = IDEMPOTENCY_MODES.find((m) => m === values.idempotency);
      if (mode === undefined)
        throw new UsageError(
          `--idempotency must be correct or naive, not ${JSON.stringify(values.idempotency)}`,
        );
      config = { ...(config ?? parseCsmsConfigText('{}', 'defaults')), idempotency: mode };
    }
    const params: CsmsStartParams = { listen: values.listen };
    if (config !== undefined) params.config = config;
    if (values.name !== undefined) params.name = values.name;
    if (values.capture !== undefined) params.captureFile = values.capture;
    if (values['tls-auto']) {
      if (values['tls-cert'] !== undefined || values['tls-key'] !== undefined)
        throw new UsageError('--tls-auto and --tls-cert/--tls-key exclude each other');
      params.tls = 'auto';
    } else if (values['tls-cert'] !== undefined || values['tls-key'] !== undefined) {
      if (values['tls-cert'] === undefined || values['tls-key'] === undefined)
        throw new UsageError('--tls-cert and --tls-key go together');
      params.tls = { certFile: values['tls-cert'], keyFile: values['tls-key'] };
    }

    return runLiveService(context, {
      command: 'csms',
      dataDir: values['data-dir'] ?? defaultDataDir(),
      serve: values.serve === true,
      captureFile: params.captureFile,
      start: (client) => client.call('csms.start', params),
      banner: (csms) =>
        `OCPP Scope mock CSMS (${csms.config.subprotocols.join(', ')}; idempotency ${csms.config.idempotency}): chargers connect to ${csms.url}<station identity>`,
      stop: (client, csms) => client.call('csms.stop', { csmsId: csms.id }),
      whileRunning: (client, csms) => csmsConsole(context, client, csms),
    });
  },
};

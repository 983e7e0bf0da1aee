import { readFile } from 'node:fs/promises';
import { defaultDataDir } from '../../data-dir';
import { exportCaCertificate } from '../../services/proxy/certificates';
import { checkFaultRules } from '../../../shared/proxy/faults';
import { parseAuth, parseListen, type ProxyConfig } from '../../../shared/proxy/config';
import {
  parseCommandArgs,
  UPSTREAM_TLS_OPTIONS,
  upstreamTlsFlags,
  UsageError,
  type Command,
} from '../command';
import { runLiveService } from '../live-service';

export const proxyCommand: Command = {
  name: 'proxy',
  summary: 'stand between chargers and their CSMS: forward every frame, capture and analyse it live',
  usage: `ocpp-scope proxy --listen HOST:PORT --upstream URL [--capture FILE] [--name NAME]
                 [--tls-cert FILE --tls-key FILE | --tls-auto] [--upstream-ca FILE] [--insecure]
                 [--client-cert FILE --client-key FILE] [--auth passthrough|USER:PASS]
                 [--faults FILE.json] [--serve] [--data-dir DIR]
ocpp-scope proxy --print-ca [--data-dir DIR]

  --listen       where chargers connect, e.g. 0.0.0.0:8080; point a charger at ws://<this machine>:8080/
  --upstream     the real CSMS: ws(s)://host/path (the station identity is appended) or a template
                 with {id}, e.g. wss://csms.example.com/ocpp/{id}
  --capture      record into this file (never overwritten) instead of the data dir
  --tls-cert/--tls-key  serve wss:// to chargers with this certificate
  --tls-auto     serve wss:// with a certificate from a local CA kept in the data dir (install the CA,
                 whose path is printed, on the charger)
  --upstream-ca  trust this CA for the CSMS's certificate (besides the system CAs)
  --insecure     do not verify the CSMS's certificate (lab CSMSs only)
  --client-cert/--client-key  the client certificate to present to the CSMS (security profile 3)
  --auth         passthrough (default): forward the charger's Basic auth; USER:PASS: send this instead
  --faults       a JSON file with fault rules: [{"name","stationId"?,"action"?,"direction"?,
                 "effect":{"kind":"delay","ms":3000}|{"kind":"drop"}|{"kind":"duplicate"}|{"kind":"close"},"times"?}]
  --serve        also serve the UI (like ocpp-scope serve) to watch the session live
  --data-dir     where sessions and the local CA are kept
  --print-ca     print the local CA certificate (PEM) that --tls-auto uses, creating it if needed,
                 to install on chargers before the first run

  Prints each charger that connects or leaves and each finding as it happens; Ctrl-C stops.
  Exit code: 0 after a clean stop, 1 when the proxy cannot start, 2 on usage errors.`,
  async run(argv, context) {
    const { values } = parseCommandArgs(argv, {
      listen: { type: 'string' },
      upstream: { type: 'string' },
      capture: { type: 'string' },
      name: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-auto': { type: 'boolean', default: false },
      ...UPSTREAM_TLS_OPTIONS,
      auth: { type: 'string' },
      faults: { type: 'string' },
      serve: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'print-ca': { type: 'boolean', default: false },
    });
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return 0;
    }
    if (values['print-ca']) {
      const ca = await exportCaCertificate(values['data-dir'] ?? defaultDataDir());
      context.stdout(ca.pem);
      context.stderr(`${ca.created ? 'created ' : ''}${ca.path}\n`);
      return 0;
    }
    if (values.listen === undefined) throw new UsageError('--listen is required, e.g. --listen 0.0.0.0:8080');
    if (values.upstream === undefined)
      throw new UsageError('--upstream is required, e.g. --upstream wss://csms.example.com/ocpp');
    try {
      parseListen(values.listen);
      parseAuth(values.auth);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const config: ProxyConfig = { listen: values.listen, upstream: values.upstream };
    if (values.name !== undefined) config.name = values.name;
    if (values.capture !== undefined) config.captureFile = values.capture;
    if (values.auth !== undefined) config.auth = values.auth;
    if (values['tls-auto']) {
      if (values['tls-cert'] !== undefined || values['tls-key'] !== undefined)
        throw new UsageError('--tls-auto and --tls-cert/--tls-key exclude each other');
      config.tls = 'auto';
    } else if (values['tls-cert'] !== undefined || values['tls-key'] !== undefined) {
      if (values['tls-cert'] === undefined || values['tls-key'] === undefined)
        throw new UsageError('--tls-cert and --tls-key go together');
      config.tls = { certFile: values['tls-cert'], keyFile: values['tls-key'] };
    }
    Object.assign(config, upstreamTlsFlags(values));
    if (values.faults !== undefined) {
      try {
        config.faults = checkFaultRules(JSON.parse(await readFile(values.faults, 'utf8')));
      } catch (error) {
        throw new UsageError(
          `--faults ${values.faults}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }

    return runLiveService(context, {
      command: 'proxy',
      dataDir: values['data-dir'] ?? defaultDataDir(),
      serve: values.serve === true,
      captureFile: config.captureFile,
      start: (client) => client.call('proxy.start', config),
      banner: (proxy) =>
        `OCPP Scope proxy: chargers connect to ${proxy.url}<station identity>; forwarding to ${proxy.upstream}`,
      stop: (client, proxy) => client.call('proxy.stop', { proxyId: proxy.id }),
    });
  },
};

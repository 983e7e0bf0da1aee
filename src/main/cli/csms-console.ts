/**
 * `ocpp-scope csms` takes commands on stdin while it runs: the CLI face of the command palette.
 * Each line is one order (`send CP-1 Reset {"type":"Hard"}`); the answer is printed when it comes.
 * Same RPC calls as the UI's palette, so the templates, correlation and recording are the same.
 */
import type { CsmsInfo } from '../../shared/csms/info';
import type { RpcClient } from '../../shared/rpc/client';
import { RpcError } from '../../shared/rpc/errors';
import type { CliContext } from './command';

export const CONSOLE_HELP = `commands on stdin (a station id with spaces goes in "quotes"):
  stations                          the stations connected now, with their OCPP version
  actions STATION                   what the CSMS can send to that station
  template STATION ACTION           the payload the palette starts from
  send STATION ACTION [JSON]        send it (the template when no JSON is given) and print the answer;
                                    a payload its schema refuses is not sent: the errors are printed
  send! STATION ACTION JSON         send it even if its schema refuses it (to test the station)
  help                              this list
`;

/** `verb`, then a station (bare or a JSON string), then an action, then the rest (a JSON payload). */
const LINE = /^\s*(\S+)(?:\s+("(?:[^"\\]|\\.)*"|\S+))?(?:\s+(\S+))?(?:\s+(.*\S))?\s*$/s;

interface Order {
  verb: string;
  station?: string;
  action?: string;
  rest?: string;
}

function parseOrder(line: string): Order | undefined {
  const match = LINE.exec(line);
  if (match === null) return undefined;
  const [, verb, station, action, rest] = match;
  const order: Order = { verb: verb!.toLowerCase() };
  if (station !== undefined)
    order.station = station.startsWith('"') ? (JSON.parse(station) as string) : station;
  if (action !== undefined) order.action = action;
  if (rest !== undefined) order.rest = rest;
  return order;
}

function need<T>(value: T | undefined, usage: string): T {
  if (value === undefined) throw new RpcError('bad-params', `usage: ${usage}`);
  return value;
}

async function execute(order: Order, client: RpcClient, csmsId: string): Promise<string> {
  switch (order.verb) {
    case 'help':
      return CONSOLE_HELP;
    case 'stations': {
      const { stations } = await client.call('csms.state', { csmsId });
      const connected = stations.filter((s) => s.connected);
      if (connected.length === 0) return 'no station is connected\n';
      return connected.map((s) => `${s.stationId}  ${s.subprotocol}\n`).join('');
    }
    case 'actions': {
      const stationId = need(order.station, 'actions STATION');
      const palette = await client.call('csms.palette', { csmsId, stationId });
      return `${stationId} (OCPP ${palette.version}): ${palette.actions.map((a) => a.action).join(' ')}\n`;
    }
    case 'template':
    case 'send':
    case 'send!': {
      const sending = order.verb !== 'template';
      const usage = sending ? `${order.verb} STATION ACTION [JSON]` : 'template STATION ACTION';
      const stationId = need(order.station, usage);
      const action = need(order.action, usage);
      let payload: unknown;
      if (sending && order.rest !== undefined) {
        try {
          payload = JSON.parse(order.rest);
        } catch (error) {
          throw new RpcError('bad-params', `the payload is not JSON: ${(error as Error).message}`);
        }
      } else {
        const palette = await client.call('csms.palette', { csmsId, stationId });
        const entry = palette.actions.find((a) => a.action === action);
        if (entry === undefined)
          throw new RpcError(
            'bad-params',
            `${stationId} (OCPP ${palette.version}) has no command ${action}: see actions ${stationId}`,
          );
        payload = entry.template;
      }
      if (order.verb === 'template') return `${JSON.stringify(payload)}\n`;
      const force = order.verb === 'send!';
      const answer = await client.call('csms.send', { csmsId, stationId, action, payload, force });
      const head = `${stationId} ${action} (CALL seq ${answer.callSeq})`;
      switch (answer.outcome) {
        case 'result':
          return `${head} -> CALLRESULT in ${answer.elapsedMs} ms: ${JSON.stringify(answer.payload)}\n`;
        case 'error':
          return `${head} -> CALLERROR ${answer.code} in ${answer.elapsedMs} ms: ${answer.description} ${JSON.stringify(answer.details)}\n`;
        case 'timeout':
          return `${head} -> no answer within ${answer.elapsedMs} ms\n`;
        case 'closed':
          return `${head} -> the connection closed before an answer\n`;
      }
      break;
    }
  }
  throw new RpcError('bad-params', `unknown command "${order.verb}": type help`);
}

/** Reads orders from stdin until `end()`; prints each answer (or what was wrong) as it comes. */
export function csmsConsole(context: CliContext, client: RpcClient, csms: CsmsInfo): () => void {
  const input = context.readLines?.();
  if (input === undefined) return () => {};
  context.stderr('type help for commands to send to the stations\n');
  void (async () => {
    for await (const line of input.lines) {
      if (line.trim() === '') continue;
      const order = parseOrder(line);
      try {
        if (order === undefined) throw new RpcError('bad-params', 'type help');
        context.stdout(await execute(order, client, csms.id));
      } catch (error) {
        if (!(error instanceof RpcError)) throw error;
        context.stderr(`${error.message}\n`);
      }
    }
  })();
  return () => input.close();
}

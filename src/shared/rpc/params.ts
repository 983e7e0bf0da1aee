/**
 * RPC params arrive untrusted (from a browser tab or a renderer): each method's params are checked
 * here before a handler sees them, and a bad call gets an error that names the field.
 */
import { PROFILES, SEVERITIES } from '../analysis/finding';
import { REPORT_FORMATS } from '../report/formats';
import { MAX_FILTER_LENGTH } from '../filter/filter';
import { parseCsmsConfig } from '../csms/config';
import { checkFaultRules } from '../proxy/faults';
import { checkBreakpointRules, checkInterceptTimeout } from '../proxy/intercept';
import { parseOcppVersion } from '../ocpp/versions';
import { REPLAY_SIDES } from '../replay/types';
import { DATA_BITS, MAX_LINE_BYTES_LIMIT, PARITIES, SERIAL_PROTOCOLS, STOP_BITS } from '../serial/config';
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../interop/formats';
import type { MethodName, ParamsOf } from './contract';
import { RpcError } from './errors';

type Check = (p: Record<string, unknown>) => void;

function str(field: string, { max = 4096, nonEmpty = true } = {}): Check {
  return (p) => {
    const v = p[field];
    if (typeof v !== 'string' || (nonEmpty && v.length === 0) || v.length > max) {
      throw new RpcError(
        'bad-params',
        `"${field}" must be a ${nonEmpty ? 'non-empty ' : ''}string of at most ${max} characters`,
      );
    }
  };
}

function int(field: string, min: number, max: number): Check {
  return (p) => {
    const v = p[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new RpcError('bad-params', `"${field}" must be an integer from ${min} to ${max}`);
    }
  };
}

/** A WebSocket message the proxy relays is at most 100 MiB. */
const MAX_FRAME_CHARS = 100 * 1024 * 1024;
/** 1 GiB of text: a capture of millions of frames still fits; anything larger is a mistake. */
const MAX_IMPORT_CHARS = 1024 * 1024 * 1024;
export const MAX_ROWS_PER_CALL = 5000;
/** An upload's size: a pcap of a day on a busy site, not more. */
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;
/** One upload chunk, base64: 4 MiB of the file. */
export const MAX_UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_CHUNK_CHARS = Math.ceil(MAX_UPLOAD_CHUNK_BYTES / 3) * 4;

function optional(field: string, check: Check): Check {
  return (p) => {
    if (p[field] !== undefined) check(p);
  };
}

/** A number from a fixed set (data bits, stop bits). */
function oneOfValues(field: string, values: readonly number[]): Check {
  return (p) => {
    if (typeof p[field] !== 'number' || !values.includes(p[field])) {
      throw new RpcError('bad-params', `"${field}" must be one of ${values.join(', ')}`);
    }
  };
}

function oneOf(field: string, values: readonly string[]): Check {
  return (p) => {
    if (typeof p[field] !== 'string' || !values.includes(p[field])) {
      throw new RpcError('bad-params', `"${field}" must be one of ${values.join(', ')}`);
    }
  };
}

/** What a report of a stored session is made with, whatever its format. */
const REPORT_OPTIONS: Check[] = [
  str('sessionId', { max: 200 }),
  optional('profile', oneOf('profile', PROFILES)),
  optional('failOn', oneOf('failOn', [...SEVERITIES, 'never'])),
  optional('redact', bool('redact')),
  optional('anonymize', bool('anonymize')),
];

const CHECKS: Record<MethodName, Check[]> = {
  'app.info': [],
  'sessions.list': [],
  'sessions.create': [str('name', { max: 200 })],
  'sessions.open': [str('sessionId', { max: 200 })],
  'sessions.close': [str('sessionId', { max: 200 })],
  'sessions.rename': [str('sessionId', { max: 200 }), str('name', { max: 200 })],
  'sessions.delete': [str('sessionId', { max: 200 })],
  'sessions.import': [
    str('fileName', { max: 1024 }),
    str('content', { max: MAX_IMPORT_CHARS, nonEmpty: false }),
  ],
  'imports.begin': [
    str('fileName', { max: 1024 }),
    int('size', 0, MAX_UPLOAD_BYTES),
    optional('format', oneOf('format', ['auto', ...IMPORT_FORMATS])),
  ],
  'imports.chunk': [str('importId', { max: 100 }), str('data', { max: MAX_CHUNK_CHARS })],
  'imports.finish': [str('importId', { max: 100 })],
  'imports.cancel': [str('importId', { max: 100 })],
  'sessions.export': [
    str('sessionId', { max: 200 }),
    optional('redact', bool('redact')),
    optional('anonymize', bool('anonymize')),
    optional('format', oneOf('format', EXPORT_FORMATS)),
  ],
  'report.render': [oneOf('format', REPORT_FORMATS), ...REPORT_OPTIONS],
  'report.pdf': REPORT_OPTIONS,
  'timeline.rows': [
    str('sessionId', { max: 200 }),
    int('offset', 0, Number.MAX_SAFE_INTEGER),
    int('limit', 0, MAX_ROWS_PER_CALL),
  ],
  'timeline.filter': [
    str('sessionId', { max: 200 }),
    str('filter', { max: MAX_FILTER_LENGTH, nonEmpty: false }),
    int('offset', 0, Number.MAX_SAFE_INTEGER),
    int('limit', 0, MAX_ROWS_PER_CALL),
  ],
  'timeline.locate': [
    str('sessionId', { max: 200 }),
    int('seq', 1, Number.MAX_SAFE_INTEGER),
    optional('filter', str('filter', { max: MAX_FILTER_LENGTH, nonEmpty: false })),
  ],
  'timeline.entry': [str('sessionId', { max: 200 }), int('seq', 1, Number.MAX_SAFE_INTEGER)],
  'analysis.rules': [],
  'analysis.summary': [str('sessionId', { max: 200 })],
  'analysis.findings': [
    str('sessionId', { max: 200 }),
    optional('rule', str('rule', { max: 200 })),
    int('offset', 0, Number.MAX_SAFE_INTEGER),
    int('limit', 0, MAX_ROWS_PER_CALL),
  ],
  'analysis.setProfile': [oneOf('profile', PROFILES)],
  'proxy.start': [
    str('listen', { max: 300 }),
    str('upstream', { max: 2048 }),
    optional('name', str('name', { max: 200 })),
    optional('captureFile', str('captureFile')),
    optional('tls', tlsChoice),
    ...['upstreamCaFile', 'clientCertFile', 'clientKeyFile'].map((f) => optional(f, str(f))),
    optional('insecure', bool('insecure')),
    optional('auth', str('auth', { max: 1024 })),
    optional('faults', faults('faults')),
    optional('breakpoints', breakpoints('breakpoints')),
    optional('interceptTimeoutMs', interceptTimeout('interceptTimeoutMs')),
  ],
  'proxy.stop': [str('proxyId', { max: 100 })],
  'proxy.list': [],
  'proxy.inject': [
    str('proxyId', { max: 100 }),
    str('connectionId', { max: 100 }),
    oneOf('direction', ['toCsms', 'toStation']),
    str('raw', { max: MAX_FRAME_CHARS, nonEmpty: false }),
    optional('messageId', str('messageId', { max: 200 })),
  ],
  'proxy.setFaults': [str('proxyId', { max: 100 }), faults('rules')],
  'proxy.setBreakpoints': [
    str('proxyId', { max: 100 }),
    breakpoints('rules'),
    optional('timeoutMs', interceptTimeout('timeoutMs')),
  ],
  'proxy.paused': [str('proxyId', { max: 100 })],
  'proxy.release': [
    str('proxyId', { max: 100 }),
    str('pauseId', { max: 100 }),
    oneOf('decision', ['forward', 'drop']),
    optional('raw', str('raw', { max: MAX_FRAME_CHARS, nonEmpty: false })),
    optional('force', bool('force')),
  ],
  'send.frame': [
    sendTarget,
    str('raw', { max: MAX_FRAME_CHARS, nonEmpty: false }),
    // A pinned id may break the 36-character rule on purpose: the checks report it, force sends it.
    optional('messageId', str('messageId', { max: 200 })),
    optional('answers', str('answers', { max: 100 })),
    optional('force', bool('force')),
    optional('timeoutMs', int('timeoutMs', 1, 10 * 60_000)),
  ],
  'replay.start': [
    optional('file', str('file')),
    optional('sessionId', str('sessionId', { max: 200 })),
    (p) => {
      if ((p['file'] === undefined) === (p['sessionId'] === undefined))
        throw new RpcError(
          'bad-params',
          'give exactly one of "file" (a capture file) and "sessionId" (a stored session)',
        );
    },
    optional('seqs', seqList('seqs')),
    optional('connectionId', str('connectionId', { max: 100 })),
    oneOf('as', REPLAY_SIDES),
    optional('target', str('target', { max: 2048 })),
    optional('listen', str('listen', { max: 300 })),
    optional('speed', (p) => {
      const speed = p['speed'];
      if (
        speed !== 'max' &&
        !(typeof speed === 'number' && Number.isFinite(speed) && speed > 0 && speed <= 1e6)
      )
        throw new RpcError('bad-params', '"speed" must be a number above 0 (1 as recorded) or "max"');
    }),
    optional('timeoutMs', int('timeoutMs', 1, 10 * 60_000)),
    optional('unmatched', oneOf('unmatched', ['error', 'default'])),
    optional('auth', str('auth', { max: 1024 })),
    optional('insecure', bool('insecure')),
    optional('name', str('name', { max: 200 })),
    optional('captureFile', str('captureFile')),
  ],
  'replay.stop': [str('replayId', { max: 100 })],
  'replay.status': [str('replayId', { max: 100 })],
  'replay.list': [],
  'send.template': [
    ocppVersion('version'),
    str('action', { max: 100 }),
    oneOf('direction', ['toCsms', 'toStation']),
    optional('kind', oneOf('kind', ['request', 'response'])),
  ],
  'send.schema': [
    ocppVersion('version'),
    str('action', { max: 100 }),
    oneOf('kind', ['request', 'response']),
  ],
  'serial.ports': [],
  'serial.start': [
    str('port', { max: 1024 }),
    optional('baudRate', int('baudRate', 50, 20_000_000)),
    optional('dataBits', oneOfValues('dataBits', DATA_BITS)),
    optional('parity', oneOf('parity', PARITIES)),
    optional('stopBits', oneOfValues('stopBits', STOP_BITS)),
    optional('rtscts', bool('rtscts')),
    optional('delimiter', str('delimiter', { max: 64 })),
    optional('maxLineBytes', int('maxLineBytes', 64, MAX_LINE_BYTES_LIMIT)),
    optional('upstream', str('upstream', { max: 2048 })),
    optional('mockCsms', bool('mockCsms')),
    (p) => {
      if ((p['upstream'] === undefined) === (p['mockCsms'] !== true))
        throw new RpcError('bad-params', 'give exactly one of "upstream" (a CSMS URL) and "mockCsms": true');
    },
    optional('stationId', str('stationId', { max: 255 })),
    optional('protocol', oneOf('protocol', SERIAL_PROTOCOLS)),
    optional('auth', str('auth', { max: 1024 })),
    ...['upstreamCaFile', 'clientCertFile', 'clientKeyFile'].map((f) => optional(f, str(f))),
    optional('insecure', bool('insecure')),
    optional('name', str('name', { max: 200 })),
    optional('captureFile', str('captureFile')),
  ],
  'serial.stop': [str('bridgeId', { max: 100 })],
  'serial.list': [],
  'csms.start': [
    str('listen', { max: 300 }),
    optional('config', csmsConfig('config')),
    optional('name', str('name', { max: 200 })),
    optional('captureFile', str('captureFile')),
    optional('tls', tlsChoice),
  ],
  'csms.stop': [str('csmsId', { max: 100 })],
  'csms.list': [],
  'csms.state': [str('csmsId', { max: 100 })],
  'csms.setConfig': [str('csmsId', { max: 100 }), csmsConfig('config')],
  'csms.palette': [str('csmsId', { max: 100 }), str('stationId', { max: 255 })],
  'csms.send': [
    str('csmsId', { max: 100 }),
    str('stationId', { max: 255 }),
    str('action', { max: 100 }),
    (p) => {
      if (typeof p['payload'] !== 'object' || p['payload'] === null || Array.isArray(p['payload']))
        throw new RpcError('bad-params', '"payload" must be a JSON object (use {} for an empty payload)');
    },
    optional('timeoutMs', int('timeoutMs', 1, 10 * 60_000)),
    optional('messageId', str('messageId', { max: 200 })),
    optional('force', bool('force')),
  ],
};

/** Replaces the config with the parsed one (defaults filled in); the message names the field path. */
function csmsConfig(field: string): Check {
  return (p) => {
    try {
      p[field] = parseCsmsConfig(p[field]);
    } catch (error) {
      throw new RpcError(
        'bad-params',
        `"${field}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function bool(field: string): Check {
  return (p) => {
    if (typeof p[field] !== 'boolean') throw new RpcError('bad-params', `"${field}" must be true or false`);
  };
}

function faults(field: string): Check {
  return (p) => {
    try {
      p[field] = checkFaultRules(p[field]);
    } catch (error) {
      throw new RpcError(
        'bad-params',
        `"${field}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function seqList(field: string): Check {
  return (p) => {
    const v = p[field];
    if (
      !Array.isArray(v) ||
      v.length === 0 ||
      v.length > 10_000_000 ||
      !v.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s >= 1)
    )
      throw new RpcError(
        'bad-params',
        `"${field}" must be a non-empty list of entry seqs (positive integers)`,
      );
  };
}

function breakpoints(field: string): Check {
  return (p) => {
    try {
      p[field] = checkBreakpointRules(p[field]);
    } catch (error) {
      throw new RpcError(
        'bad-params',
        `"${field}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function interceptTimeout(field: string): Check {
  return (p) => {
    try {
      checkInterceptTimeout(p[field]);
    } catch (error) {
      throw new RpcError(
        'bad-params',
        `"${field}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

/** `1.6`, `2.0.1`, `2.1` (also spelled `ocpp1.6`, `1.6J`): replaced by the canonical form. */
function ocppVersion(field: string): Check {
  return (p) => {
    const version = typeof p[field] === 'string' ? parseOcppVersion(p[field]) : undefined;
    if (version === undefined) throw new RpcError('bad-params', `"${field}" must be 1.6, 2.0.1 or 2.1`);
    p[field] = version;
  };
}

function sendTarget(p: Record<string, unknown>): void {
  const t = p['target'];
  const target = (typeof t === 'object' && t !== null && !Array.isArray(t) ? t : {}) as Record<
    string,
    unknown
  >;
  const text = (field: string, max: number) => {
    const v = target[field];
    if (typeof v !== 'string' || v.length === 0 || v.length > max)
      throw new RpcError(
        'bad-params',
        `"target.${field}" must be a non-empty string of at most ${max} characters`,
      );
  };
  if (target['kind'] === 'proxy') {
    text('proxyId', 100);
    text('connectionId', 100);
    if (target['direction'] !== 'toCsms' && target['direction'] !== 'toStation')
      throw new RpcError('bad-params', '"target.direction" must be toCsms or toStation');
  } else if (target['kind'] === 'csms') {
    text('csmsId', 100);
    text('stationId', 255);
  } else if (target['kind'] === 'serial') {
    text('bridgeId', 100);
    if (target['direction'] !== 'toCsms' && target['direction'] !== 'toStation')
      throw new RpcError(
        'bad-params',
        '"target.direction" must be toCsms (as the charger, to the CSMS) or toStation (as the CSMS, to the serial port)',
      );
  } else {
    throw new RpcError(
      'bad-params',
      '"target" must be { kind: "proxy", proxyId, connectionId, direction }, { kind: "csms", csmsId, stationId } ' +
        'or { kind: "serial", bridgeId, direction }',
    );
  }
}

function tlsChoice(p: Record<string, unknown>): void {
  const tls = p['tls'];
  if (tls === 'auto') return;
  const files = (typeof tls === 'object' && tls !== null ? tls : {}) as Record<string, unknown>;
  if (typeof files['certFile'] !== 'string' || typeof files['keyFile'] !== 'string') {
    throw new RpcError('bad-params', '"tls" must be "auto" or { certFile, keyFile }');
  }
}

export function checkParams<M extends MethodName>(method: M, params: unknown): ParamsOf<M> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new RpcError('bad-params', `${method}: params must be an object`);
  }
  const record = params as Record<string, unknown>;
  for (const check of CHECKS[method]) {
    try {
      check(record);
    } catch (error) {
      if (error instanceof RpcError) throw new RpcError(error.code, `${method}: ${error.message}`);
      throw error;
    }
  }
  return record as ParamsOf<M>;
}

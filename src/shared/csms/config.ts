/**
 * The mock CSMS's behaviour: what the config file (`ocpp-scope csms --config FILE`) and the UI's
 * settings both set. A config arrives untrusted (a file, an RPC call) and is read by
 * parseCsmsConfig, which fills in the defaults and refuses mistakes with a message naming the field
 * path, so an engineer can fix the file without reading code.
 */
import { isJsonObject } from '../json-object';
import { ERROR_CODES } from '../ocpp/versions';

export type CsmsSubprotocol = 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';
export const CSMS_SUBPROTOCOLS: readonly CsmsSubprotocol[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';
export const BOOT_STATUSES: readonly BootStatus[] = ['Accepted', 'Pending', 'Rejected'];

/** The statuses 1.6 IdTagInfo and 2.x IdTokenInfo have in common. */
export type TokenStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
export const TOKEN_STATUSES: readonly TokenStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];

/**
 * `correct`: a re-sent StartTransaction gets the transactionId and idTagInfo it got the first time,
 * a repeated TransactionEvent (same transactionId and seqNo) is acknowledged and not counted again.
 * `naive`: a new transactionId every time, repeats counted (the bug the analysis must flag).
 */
export type Idempotency = 'correct' | 'naive';
export const IDEMPOTENCY_MODES: readonly Idempotency[] = ['correct', 'naive'];

export type UnknownStationPolicy = 'accept' | 'reject';

/** How the CSMS answers one station-initiated action instead of its normal answer. */
export interface ActionOverride {
  /** Answer with this CALLRESULT payload, as it is (not checked against the schema: on purpose). */
  payload?: Record<string, unknown>;
  /** Answer with a CALLERROR with this code (any version's spelling: on purpose too). */
  callError?: { code: string; description?: string; details?: Record<string, unknown> };
  /** Wait this long before answering (the normal answer, the payload or the CALLERROR). */
  delayMs?: number;
  /** Never answer: the charger's timeout and retry are what is being tested. */
  noAnswer?: boolean;
  /** Apply to the first N CALLs of this action (per CSMS run) only; absent: to every one. */
  times?: number;
}

export interface StationSettings {
  /** HTTP Basic-auth password (user = the identity); absent: no credentials asked. */
  password?: string;
}

export interface CsmsConfig {
  /** The subprotocols the CSMS speaks; the charger's first offered one that is listed is chosen. */
  subprotocols: CsmsSubprotocol[];
  /** Identities not in `stations`: accepted, or refused with HTTP 404 before the upgrade. */
  unknownStations: UnknownStationPolicy;
  stations: Record<string, StationSettings>;
  boot: {
    status: BootStatus;
    /** Seconds: the BootNotification interval when Pending or Rejected (when to try again). */
    retryInterval: number;
  };
  /** Seconds: the heartbeat interval, given in an Accepted BootNotification answer. */
  heartbeatInterval: number;
  authorization: {
    /** idTag (1.6) / idToken (2.x) -> its status. */
    tokens: Record<string, TokenStatus>;
    /** The status of a token not in `tokens`. */
    unknown: TokenStatus;
  };
  /** 1.6: the first transactionId the CSMS hands out; the next ones count up from it. */
  transactionIdStart: number;
  idempotency: Idempotency;
  /** Per station-initiated action (e.g. `Authorize`): answer differently. */
  actions: Record<string, ActionOverride>;
  /** How long a command sent to a station waits for its answer. */
  commandTimeoutMs: number;
}

export const DEFAULT_CSMS_CONFIG: CsmsConfig = {
  subprotocols: [...CSMS_SUBPROTOCOLS],
  unknownStations: 'accept',
  stations: {},
  boot: { status: 'Accepted', retryInterval: 30 },
  heartbeatInterval: 300,
  authorization: { tokens: {}, unknown: 'Accepted' },
  transactionIdStart: 1,
  idempotency: 'correct',
  actions: {},
  commandTimeoutMs: 30_000,
};

/** What a config file or the UI may send: any field may be left out (its default is used). */
export type CsmsConfigInput = {
  [K in keyof CsmsConfig]?: CsmsConfig[K] extends unknown[]
    ? CsmsConfig[K]
    : CsmsConfig[K] extends Record<string, unknown>
      ? Partial<CsmsConfig[K]>
      : CsmsConfig[K];
};

const MAX_INTERVAL_S = 7 * 24 * 3600;
const MAX_DELAY_MS = 10 * 60_000;
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const ALL_ERROR_CODES = new Set(Object.values(ERROR_CODES).flat());

/** Where a field is: `['actions', 'Authorize', 'delayMs']`, `['subprotocols', 1]`. */
export type ConfigPath = readonly (string | number)[];

/** The path as the messages write it: `actions.Authorize.delayMs`, `subprotocols[1]`. */
export function formatConfigPath(path: ConfigPath): string {
  return path
    .map((part, k) => (typeof part === 'number' ? `[${part}]` : k === 0 ? part : `.${part}`))
    .join('');
}

/**
 * A config refused by parseCsmsConfig. The message starts with the field path for people (the CLI
 * prints it); `path` is the same path for code, a segment per key. Read back from the message, it
 * would break at a station identity or token that contains ": " or ".".
 */
export class CsmsConfigError extends Error {
  /** Empty when the config as a whole is wrong. */
  readonly path: ConfigPath;

  constructor(message: string, path: ConfigPath = []) {
    super(path.length === 0 ? message : `${formatConfigPath(path)}: ${message}`);
    this.path = path;
  }
}

function fail(path: ConfigPath, problem: string): never {
  throw new CsmsConfigError(problem, path);
}

function objectAt(value: unknown, path: ConfigPath): Record<string, unknown> {
  if (!isJsonObject(value)) fail(path, 'must be an object');
  return value;
}

function knownKeys(value: Record<string, unknown>, path: ConfigPath, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      fail([...path, key], `unknown field (expected one of ${keys.join(', ')}); check its spelling`);
    }
  }
}

function integer(value: unknown, path: ConfigPath, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(
      path,
      min === 0 && max >= Number.MAX_SAFE_INTEGER
        ? 'must be a non-negative integer'
        : `must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

function oneOf<T extends string>(value: unknown, path: ConfigPath, values: readonly T[]): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    fail(path, `must be one of ${values.join(', ')}${typeof value === 'string' ? `, not "${value}"` : ''}`);
  }
  return value as T;
}

function text(value: unknown, path: ConfigPath, max: number): string {
  if (typeof value !== 'string' || value.length > max)
    fail(path, `must be a string of at most ${max} characters`);
  return value;
}

function field<T>(
  input: Record<string, unknown>,
  key: string,
  path: ConfigPath,
  fallback: T,
  read: (value: unknown, path: ConfigPath) => T,
): T {
  const value = input[key];
  return value === undefined ? fallback : read(value, [...path, key]);
}

function readSubprotocols(value: unknown, path: ConfigPath): CsmsSubprotocol[] {
  if (!Array.isArray(value) || value.length === 0)
    fail(path, `must be a non-empty array of ${CSMS_SUBPROTOCOLS.join(', ')}`);
  const list = value.map((item: unknown, k) => oneOf(item, [...path, k], CSMS_SUBPROTOCOLS));
  if (new Set(list).size !== list.length) fail(path, 'lists a subprotocol twice');
  return list;
}

function readStations(value: unknown, path: ConfigPath): Record<string, StationSettings> {
  const input = objectAt(value, path);
  const stations: Record<string, StationSettings> = {};
  for (const [identity, raw] of Object.entries(input)) {
    const where = [...path, identity];
    if (identity.length === 0 || identity.length > 255)
      fail(where, 'a station identity must be 1 to 255 characters');
    const settings = objectAt(raw, where);
    knownKeys(settings, where, ['password']);
    stations[identity] =
      settings.password === undefined
        ? {}
        : { password: text(settings.password, [...where, 'password'], 1024) };
  }
  return stations;
}

function readOverride(value: unknown, path: ConfigPath): ActionOverride {
  const input = objectAt(value, path);
  knownKeys(input, path, ['payload', 'callError', 'delayMs', 'noAnswer', 'times']);
  const override: ActionOverride = {};
  if (input.payload !== undefined) override.payload = objectAt(input.payload, [...path, 'payload']);
  if (input.callError !== undefined) {
    const where = [...path, 'callError'];
    const error = objectAt(input.callError, where);
    knownKeys(error, where, ['code', 'description', 'details']);
    if (typeof error.code !== 'string' || !ALL_ERROR_CODES.has(error.code)) {
      fail([...where, 'code'], `must be an OCPP error code (${[...ALL_ERROR_CODES].join(', ')})`);
    }
    override.callError = { code: error.code };
    if (error.description !== undefined)
      override.callError.description = text(error.description, [...where, 'description'], 255);
    if (error.details !== undefined)
      override.callError.details = objectAt(error.details, [...where, 'details']);
  }
  if (input.delayMs !== undefined) {
    const delay = input.delayMs;
    if (typeof delay !== 'number' || !Number.isSafeInteger(delay) || delay < 0) {
      fail([...path, 'delayMs'], 'must be a non-negative integer');
    }
    override.delayMs = integer(delay, [...path, 'delayMs'], 0, MAX_DELAY_MS);
  }
  if (input.noAnswer !== undefined) {
    if (typeof input.noAnswer !== 'boolean') fail([...path, 'noAnswer'], 'must be true or false');
    override.noAnswer = input.noAnswer;
  }
  if (input.times !== undefined) override.times = integer(input.times, [...path, 'times'], 1, 1_000_000);
  if (override.payload !== undefined && override.callError !== undefined) {
    fail(path, 'has both payload and callError: choose one answer');
  }
  if (override.noAnswer === true && (override.payload !== undefined || override.callError !== undefined)) {
    fail(path, 'has noAnswer with an answer (payload or callError): choose one');
  }
  return override;
}

function readActions(value: unknown, path: ConfigPath): Record<string, ActionOverride> {
  const input = objectAt(value, path);
  const actions: Record<string, ActionOverride> = {};
  for (const [action, raw] of Object.entries(input)) {
    if (!ACTION_NAME.test(action)) fail([...path, action], 'is not an OCPP action name (e.g. Authorize)');
    actions[action] = readOverride(raw, [...path, action]);
  }
  return actions;
}

function readTokens(value: unknown, path: ConfigPath): Record<string, TokenStatus> {
  const input = objectAt(value, path);
  const tokens: Record<string, TokenStatus> = {};
  for (const [token, status] of Object.entries(input)) {
    if (token.length === 0 || token.length > 255)
      fail([...path, token], 'a token must be 1 to 255 characters');
    tokens[token] = oneOf(status, [...path, token], TOKEN_STATUSES);
  }
  return tokens;
}

const TOP_LEVEL: readonly (keyof CsmsConfig)[] = [
  'subprotocols',
  'unknownStations',
  'stations',
  'boot',
  'heartbeatInterval',
  'authorization',
  'transactionIdStart',
  'idempotency',
  'actions',
  'commandTimeoutMs',
];

/**
 * Reads a config (a parsed JSON file, the UI's settings) over the defaults. Throws a
 * CsmsConfigError whose `path` is the field path and whose message starts with it, e.g.
 * `actions.Authorize.delayMs: must be a non-negative integer`.
 */
export function parseCsmsConfig(value: unknown, base: CsmsConfig = DEFAULT_CSMS_CONFIG): CsmsConfig {
  if (!isJsonObject(value)) throw new CsmsConfigError('the CSMS config must be a JSON object');
  knownKeys(value, [], TOP_LEVEL);
  const boot = value.boot === undefined ? {} : objectAt(value.boot, ['boot']);
  knownKeys(boot, ['boot'], ['status', 'retryInterval']);
  const authorization =
    value.authorization === undefined ? {} : objectAt(value.authorization, ['authorization']);
  knownKeys(authorization, ['authorization'], ['tokens', 'unknown']);
  return {
    subprotocols: field(value, 'subprotocols', [], base.subprotocols, readSubprotocols),
    unknownStations: field(value, 'unknownStations', [], base.unknownStations, (v, p) =>
      oneOf(v, p, ['accept', 'reject'] as const),
    ),
    stations: field(value, 'stations', [], base.stations, readStations),
    boot: {
      status: field(boot, 'status', ['boot'], base.boot.status, (v, p) => oneOf(v, p, BOOT_STATUSES)),
      retryInterval: field(boot, 'retryInterval', ['boot'], base.boot.retryInterval, (v, p) =>
        integer(v, p, 0, MAX_INTERVAL_S),
      ),
    },
    heartbeatInterval: field(value, 'heartbeatInterval', [], base.heartbeatInterval, (v, p) =>
      integer(v, p, 0, MAX_INTERVAL_S),
    ),
    authorization: {
      tokens: field(authorization, 'tokens', ['authorization'], base.authorization.tokens, readTokens),
      unknown: field(authorization, 'unknown', ['authorization'], base.authorization.unknown, (v, p) =>
        oneOf(v, p, TOKEN_STATUSES),
      ),
    },
    // 1.6 transactionId is an `integer` (a 32-bit one for most chargers): keep it in that range.
    transactionIdStart: field(value, 'transactionIdStart', [], base.transactionIdStart, (v, p) =>
      integer(v, p, 1, 2_147_483_647),
    ),
    idempotency: field(value, 'idempotency', [], base.idempotency, (v, p) => oneOf(v, p, IDEMPOTENCY_MODES)),
    actions: field(value, 'actions', [], base.actions, readActions),
    commandTimeoutMs: field(value, 'commandTimeoutMs', [], base.commandTimeoutMs, (v, p) =>
      integer(v, p, 1, MAX_DELAY_MS),
    ),
  };
}

/** Parses a config file's text; errors say which file and which field. */
export function parseCsmsConfigText(text: string, fileName: string): CsmsConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${fileName} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  try {
    return parseCsmsConfig(value);
  } catch (error) {
    throw new Error(`${fileName}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

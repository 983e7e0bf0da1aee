/**
 * The mock CSMS's behaviour as the settings editor holds it: a form draft (every number a string
 * the user is typing) or the JSON text of the CLI's --config file. Turning a draft into a config
 * does not judge it: parseCsmsConfig, the same check main and the CLI run, refuses it and names the
 * field path, which the editor shows next to that field (or as a marker in the JSON).
 */
import {
  CsmsConfigError,
  DEFAULT_CSMS_CONFIG,
  formatConfigPath,
  parseCsmsConfig,
  type BootStatus,
  type ConfigPath,
  type CsmsConfig,
  type CsmsSubprotocol,
  type Idempotency,
  type TokenStatus,
  type UnknownStationPolicy,
} from '../../../shared/csms/config';

export type AnswerKind = 'normal' | 'payload' | 'callError' | 'noAnswer';

export interface OverrideDraft {
  key: number;
  action: string;
  answer: AnswerKind;
  /** JSON text of the CALLRESULT payload. */
  payload: string;
  code: string;
  description: string;
  /** Not editable in the form; kept so that a config from JSON keeps it. */
  details?: Record<string, unknown>;
  delayMs: string;
  times: string;
}

export interface StationDraft {
  key: number;
  identity: string;
  password: string;
}

export interface TokenDraft {
  key: number;
  token: string;
  status: TokenStatus;
}

export interface ConfigDraft {
  subprotocols: CsmsSubprotocol[];
  unknownStations: UnknownStationPolicy;
  stations: StationDraft[];
  bootStatus: BootStatus;
  retryInterval: string;
  heartbeatInterval: string;
  tokens: TokenDraft[];
  unknownToken: TokenStatus;
  transactionIdStart: string;
  idempotency: Idempotency;
  actions: OverrideDraft[];
  commandTimeoutMs: string;
}

export interface BehaviourState {
  mode: 'form' | 'json';
  draft: ConfigDraft;
  text: string;
}

/** What is wrong, and where: a field path (`['actions', 'Authorize', 'delayMs']`) or a JSON text offset. */
export interface ConfigProblem {
  message: string;
  path?: ConfigPath;
  offset?: number;
}

let keys = 0;
export const nextKey = (): number => ++keys;

export function newOverride(): OverrideDraft {
  return {
    key: nextKey(),
    action: '',
    answer: 'callError',
    payload: '{}',
    code: 'InternalError',
    description: '',
    delayMs: '',
    times: '',
  };
}

export function fromConfig(c: CsmsConfig): ConfigDraft {
  return {
    subprotocols: [...c.subprotocols],
    unknownStations: c.unknownStations,
    stations: Object.entries(c.stations).map(([identity, s]) => ({
      key: nextKey(),
      identity,
      password: s.password ?? '',
    })),
    bootStatus: c.boot.status,
    retryInterval: String(c.boot.retryInterval),
    heartbeatInterval: String(c.heartbeatInterval),
    tokens: Object.entries(c.authorization.tokens).map(([token, status]) => ({
      key: nextKey(),
      token,
      status,
    })),
    unknownToken: c.authorization.unknown,
    transactionIdStart: String(c.transactionIdStart),
    idempotency: c.idempotency,
    actions: Object.entries(c.actions).map(([action, o]) => ({
      ...newOverride(),
      action,
      answer: o.noAnswer === true ? 'noAnswer' : o.payload ? 'payload' : o.callError ? 'callError' : 'normal',
      payload: JSON.stringify(o.payload ?? {}),
      code: o.callError?.code ?? 'InternalError',
      description: o.callError?.description ?? '',
      ...(o.callError?.details !== undefined ? { details: o.callError.details } : {}),
      delayMs: o.delayMs !== undefined ? String(o.delayMs) : '',
      times: o.times !== undefined ? String(o.times) : '',
    })),
    commandTimeoutMs: String(c.commandTimeoutMs),
  };
}

/** A number as typed; empty is left out (the default applies), anything else goes as it is. */
function numberOf(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function overrideOf(o: OverrideDraft): Record<string, unknown> {
  const callError = {
    code: o.code,
    ...(o.description.trim() !== '' ? { description: o.description.trim() } : {}),
    ...(o.details !== undefined ? { details: o.details } : {}),
  };
  return {
    ...(o.answer === 'payload' ? { payload: jsonOf(o.payload) } : {}),
    ...(o.answer === 'callError' ? { callError } : {}),
    ...(o.answer === 'noAnswer' ? { noAnswer: true } : {}),
    delayMs: numberOf(o.delayMs),
    times: numberOf(o.times),
  };
}

/** The config the form says, in the config file's format (unchecked). */
export function toConfigValue(d: ConfigDraft): Record<string, unknown> {
  return {
    subprotocols: d.subprotocols,
    unknownStations: d.unknownStations,
    stations: Object.fromEntries(
      d.stations.map((s) => [s.identity.trim(), s.password === '' ? {} : { password: s.password }]),
    ),
    boot: { status: d.bootStatus, retryInterval: numberOf(d.retryInterval) },
    heartbeatInterval: numberOf(d.heartbeatInterval),
    authorization: {
      tokens: Object.fromEntries(d.tokens.map((t) => [t.token.trim(), t.status])),
      unknown: d.unknownToken,
    },
    transactionIdStart: numberOf(d.transactionIdStart),
    idempotency: d.idempotency,
    actions: Object.fromEntries(d.actions.map((o) => [o.action.trim(), overrideOf(o)])),
    commandTimeoutMs: numberOf(d.commandTimeoutMs),
  };
}

/** A key typed twice in a table would silently keep only the last row: say so instead. */
function duplicate(d: ConfigDraft): ConfigProblem | undefined {
  const tables = [
    [['stations'], d.stations.map((s) => s.identity.trim())],
    [['authorization', 'tokens'], d.tokens.map((t) => t.token.trim())],
    [['actions'], d.actions.map((o) => o.action.trim())],
  ] as const;
  for (const [table, names] of tables) {
    const twice = names.find((name, k) => names.indexOf(name) !== k);
    if (twice === undefined) continue;
    const path = [...table, twice];
    return { path, message: `${formatConfigPath(path)}: is listed twice; keep one row` };
  }
  return undefined;
}

function check(value: unknown): { config: CsmsConfig } | { problem: ConfigProblem } {
  try {
    return { config: parseCsmsConfig(value) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // An empty path (the config as a whole) has no field to show the problem at.
    const path = error instanceof CsmsConfigError && error.path.length > 0 ? error.path : undefined;
    return { problem: { message, path } };
  }
}

export function readBehaviour(state: BehaviourState): { config: CsmsConfig } | { problem: ConfigProblem } {
  if (state.mode === 'form') {
    const twice = duplicate(state.draft);
    return twice ? { problem: twice } : check(toConfigValue(state.draft));
  }
  try {
    return check(JSON.parse(state.text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    return {
      problem: {
        message: `The config is not valid JSON: ${message}`,
        ...(offset !== undefined ? { offset: Number(offset) } : {}),
      },
    };
  }
}

export function behaviourOf(config: CsmsConfig = DEFAULT_CSMS_CONFIG): BehaviourState {
  const draft = fromConfig(config);
  return { mode: 'form', draft, text: JSON.stringify(toConfigValue(draft), null, 2) };
}

/** Switches between the form and the JSON; the JSON must be a valid config to go back to the form. */
export function switchMode(
  state: BehaviourState,
  mode: BehaviourState['mode'],
): { state: BehaviourState } | { problem: ConfigProblem } {
  if (mode === state.mode) return { state };
  if (mode === 'json')
    return { state: { ...state, mode, text: JSON.stringify(toConfigValue(state.draft), null, 2) } };
  const read = readBehaviour(state);
  return 'problem' in read ? read : { state: { ...state, mode, draft: fromConfig(read.config) } };
}

/** The error for a field (its path or one under it), to show next to it. */
export function problemAt(problem: ConfigProblem | undefined, ...path: ConfigPath): string | undefined {
  const at = problem?.path;
  if (at === undefined || at.length < path.length) return undefined;
  return path.every((part, k) => at[k] === part) ? problem?.message : undefined;
}

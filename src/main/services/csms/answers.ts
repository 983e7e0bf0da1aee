/**
 * What the mock CSMS answers to a station's CALL: the configured behaviour for the actions that
 * carry it (boot, heartbeat, authorization, transactions), a schema-valid default for every other
 * station-initiated action, and CALLERRORs for what is not a CALL it can answer. Pure: the caller
 * owns the connection, the clock and the state.
 */
import type { CsmsConfig, TokenStatus } from '../../../shared/csms/config';
import { initiatorOf } from '../../../shared/ocpp/actions';
import type { Payload } from '../../../shared/ocpp/frame';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import type { SchemaIssue } from '../../../shared/validation/issues';
import { formatPath } from '../../../shared/validation/issues';
import { isJsonObject } from '../../../shared/json-object';
import type { TransactionLedger } from './ledger';

export type Answer =
  | { kind: 'result'; payload: Payload }
  | { kind: 'error'; code: string; description: string; details: Payload };

export interface AnswerContext {
  version: OcppVersion;
  stationId: string;
  config: CsmsConfig;
  ledger: TransactionLedger;
  now: Date;
  /** A schema-valid default answer for the actions without configured behaviour. */
  defaultAnswer(version: OcppVersion, action: string, now: Date): Payload | undefined;
}

/** What the answer meant for the station's state (transactions it opened, repeats not counted). */
export interface AnswerEffect {
  /** 1.6 StartTransaction: the id handed out (or handed out again). */
  transactionId?: number;
  /** A recognised repeat (`correct` mode): acknowledged, not counted. */
  repeat?: boolean;
  /** BootNotification: the status answered. */
  bootStatus?: string;
}

/**
 * The version's spelling of a code: 1.6 section 4.2.3 says FormationViolation and (sic)
 * OccurenceConstraintViolation, 2.0.1 / 2.1 Part 4 section 4.3 FormatViolation and
 * OccurrenceConstraintViolation.
 */
export function errorCode(
  version: OcppVersion,
  code:
    | 'Format'
    | 'Occurrence'
    | 'PropertyConstraintViolation'
    | 'TypeConstraintViolation'
    | 'NotImplemented'
    | 'NotSupported'
    | 'ProtocolError'
    | 'InternalError'
    | 'MessageTypeNotSupported',
): string {
  const v16 = version === '1.6';
  if (code === 'Format') return v16 ? 'FormationViolation' : 'FormatViolation';
  if (code === 'Occurrence') return v16 ? 'OccurenceConstraintViolation' : 'OccurrenceConstraintViolation';
  return code;
}

/**
 * The CALLERROR for a payload the schema refuses, by the first issue (1.6 section 4.2.3; 2.0.1 Part
 * 4 section 4.3): a missing field or a wrong count is an occurrence constraint, a wrong JSON type a
 * type constraint, a value outside its enum, length, range, pattern or format, or a field the
 * schema does not allow, a property constraint; anything else the payload's format.
 */
export function schemaErrorAnswer(
  version: OcppVersion,
  action: string,
  issues: readonly SchemaIssue[],
): Answer {
  const first = issues[0];
  const keyword = first?.keyword ?? '';
  const code = OCCURRENCE.has(keyword)
    ? errorCode(version, 'Occurrence')
    : keyword === 'type'
      ? 'TypeConstraintViolation'
      : PROPERTY.has(keyword)
        ? 'PropertyConstraintViolation'
        : errorCode(version, 'Format');
  const description = first === undefined ? `${action} payload is not valid` : first.message;
  const details: Payload = first === undefined ? {} : { path: formatPath(first.path), keyword };
  return { kind: 'error', code, description: description.slice(0, 255), details };
}

const OCCURRENCE = new Set([
  'required',
  'minItems',
  'maxItems',
  'additionalItems',
  'minProperties',
  'maxProperties',
]);
const PROPERTY = new Set([
  'enum',
  'const',
  'pattern',
  'format',
  'maxLength',
  'minLength',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'additionalProperties',
  'propertyNames',
]);

/**
 * Why the CSMS cannot answer an action at all: NotImplemented for an action the version does not
 * know, NotSupported for one it knows that only a CSMS sends (1.6 section 4.2.3; 2.0.1 Part 4
 * section 4.3: "recognized but not supported by the receiver").
 */
export function unanswerable(version: OcppVersion, action: string): Answer | undefined {
  const initiator = initiatorOf(version, action);
  if (initiator === undefined) {
    return {
      kind: 'error',
      code: 'NotImplemented',
      description: `${action} is not an OCPP ${version} action`,
      details: {},
    };
  }
  if (initiator === 'csms') {
    return {
      kind: 'error',
      code: 'NotSupported',
      description: `${action} is sent by a CSMS, not to it`,
      details: {},
    };
  }
  return undefined;
}

function tokenStatus(config: CsmsConfig, token: unknown): TokenStatus {
  if (typeof token !== 'string') return config.authorization.unknown;
  return config.authorization.tokens[token] ?? config.authorization.unknown;
}

/** 2.x IdTokenType is `{ idToken, type }`. */
function idTokenOf(payload: Payload): unknown {
  const token = payload.idToken;
  return isJsonObject(token) ? token.idToken : undefined;
}

function bootAnswer(context: AnswerContext): Answer {
  const { status, retryInterval } = context.config.boot;
  // 1.6 section 4.2 / 2.0.1 B01-B03: when Accepted the interval is the heartbeat interval,
  // otherwise how long to wait before the next BootNotification.
  const interval = status === 'Accepted' ? context.config.heartbeatInterval : retryInterval;
  return { kind: 'result', payload: { currentTime: context.now.toISOString(), interval, status } };
}

/** The answer to a schema-valid CALL of a station-initiated action, and what it meant. */
export function answerCall(
  context: AnswerContext,
  action: string,
  payload: Payload,
): { answer: Answer; effect: AnswerEffect } {
  const { version, config, now } = context;
  const v16 = version === '1.6';
  switch (action) {
    case 'BootNotification':
      return { answer: bootAnswer(context), effect: { bootStatus: config.boot.status } };
    case 'Heartbeat':
      return { answer: { kind: 'result', payload: { currentTime: now.toISOString() } }, effect: {} };
    case 'Authorize': {
      const status = tokenStatus(config, v16 ? payload.idTag : idTokenOf(payload));
      const payloadOut = v16 ? { idTagInfo: { status } } : { idTokenInfo: { status } };
      return { answer: { kind: 'result', payload: payloadOut }, effect: {} };
    }
    case 'StartTransaction':
      if (v16) {
        const outcome = context.ledger.start16(
          context.stationId,
          {
            connectorId: payload.connectorId,
            idTag: payload.idTag,
            meterStart: payload.meterStart,
            timestamp: payload.timestamp,
          },
          { status: tokenStatus(config, payload.idTag) },
        );
        return {
          answer: {
            kind: 'result',
            payload: { transactionId: outcome.transactionId, idTagInfo: outcome.idTagInfo },
          },
          effect: { transactionId: outcome.transactionId, repeat: outcome.repeat },
        };
      }
      break;
    case 'StopTransaction':
      if (v16) {
        // idTagInfo only when the stop quotes an idTag (1.6 section 6.49: optional, about that tag).
        const out: Payload =
          payload.idTag === undefined ? {} : { idTagInfo: { status: tokenStatus(config, payload.idTag) } };
        return { answer: { kind: 'result', payload: out }, effect: {} };
      }
      break;
    case 'TransactionEvent':
      if (!v16) {
        const info = isJsonObject(payload.transactionInfo) ? payload.transactionInfo : {};
        const arrival =
          typeof info.transactionId === 'string' && typeof payload.seqNo === 'number'
            ? context.ledger.event20(context.stationId, info.transactionId, payload.seqNo)
            : 'new';
        const repeat = arrival === 'repeat';
        // 2.0.1 E01 and E05: idTokenInfo answers the idToken the event carries, if any. A naive
        // CSMS that counts a retried event again finds the token already in a transaction (its
        // own first count) and says ConcurrentTx: how double counting shows on the wire.
        const token = idTokenOf(payload);
        const status = arrival === 'recounted' ? 'ConcurrentTx' : tokenStatus(config, token);
        const out: Payload = token === undefined ? {} : { idTokenInfo: { status } };
        return { answer: { kind: 'result', payload: out }, effect: { repeat } };
      }
      break;
  }
  const fallback = context.defaultAnswer(version, action, now);
  if (fallback === undefined) {
    return {
      answer: {
        kind: 'error',
        code: 'InternalError',
        description: `OCPP Scope has no answer for ${action} in OCPP ${version}`,
        details: {},
      },
      effect: {},
    };
  }
  return { answer: { kind: 'result', payload: fallback }, effect: {} };
}

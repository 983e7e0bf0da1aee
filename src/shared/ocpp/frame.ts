/**
 * OCPP-J frame codec: raw WebSocket text -> typed frame, or a precise problem. Never throws.
 * Message layout: OCPP-J RPC framework (1.6J section 4, 2.0.1/2.1 Part 4 section 4).
 */
import { findDuplicateKey } from './json-keys';
import { isJsonObject } from '../json-object';

export const MessageType = {
  CALL: 2,
  CALLRESULT: 3,
  CALLERROR: 4,
  /** 2.1 only. */
  CALLRESULTERROR: 5,
  /** 2.1 only: never answered. */
  SEND: 6,
} as const;
export type MessageTypeId = (typeof MessageType)[keyof typeof MessageType];

export const MESSAGE_TYPE_NAMES: Record<MessageTypeId, string> = {
  2: 'CALL',
  3: 'CALLRESULT',
  4: 'CALLERROR',
  5: 'CALLRESULTERROR',
  6: 'SEND',
};

/** The spec caps message ids at 36 characters (a UUID). */
export const MAX_MESSAGE_ID_LENGTH = 36;

export type Payload = Record<string, unknown>;

export interface CallFrame {
  type: 2;
  id: string;
  action: string;
  payload: Payload;
}
export interface CallResultFrame {
  type: 3;
  id: string;
  payload: Payload;
}
export interface CallErrorFrame {
  type: 4 | 5;
  id: string;
  errorCode: string;
  errorDescription: string;
  errorDetails: Payload;
}
export interface SendFrame {
  type: 6;
  id: string;
  action: string;
  payload: Payload;
}
export type Frame = CallFrame | CallResultFrame | CallErrorFrame | SendFrame;

export type FrameProblemKind =
  | 'invalid-json'
  | 'not-array'
  | 'wrong-arity'
  | 'unknown-type'
  | 'bad-id'
  | 'id-too-long'
  | 'bad-action'
  | 'bad-payload'
  | 'bad-error-code'
  | 'bad-error-description'
  | 'bad-error-details'
  | 'duplicate-key';

export const FRAME_PROBLEM_KINDS: readonly FrameProblemKind[] = [
  'invalid-json',
  'not-array',
  'wrong-arity',
  'unknown-type',
  'bad-id',
  'id-too-long',
  'bad-action',
  'bad-payload',
  'bad-error-code',
  'bad-error-description',
  'bad-error-details',
  'duplicate-key',
];

export interface FrameProblem {
  kind: FrameProblemKind;
  /** One sentence for a field engineer: what is wrong and where. */
  message: string;
  /** The message id when it could still be read (to answer or correlate the bad frame). */
  id?: string;
  /** The message type when it could still be read. */
  type?: number;
  /** The action of a CALL or SEND when it could still be read. */
  action?: string;
}

export type ParseResult = { ok: true; frame: Frame } | { ok: false; problem: FrameProblem };

const ARITY: Record<MessageTypeId, number> = { 2: 4, 3: 3, 4: 5, 5: 5, 6: 4 };

function fail(kind: FrameProblemKind, message: string, id?: string, type?: number): ParseResult {
  const problem: FrameProblem = { kind, message };
  if (id !== undefined) problem.id = id;
  if (type !== undefined) problem.type = type;
  return { ok: false, problem };
}

function withAction(result: ParseResult, action: string): ParseResult {
  if (!result.ok) result.problem.action = action;
  return result;
}

function badPayload(payload: unknown, id: string, type: number): ParseResult {
  return fail('bad-payload', `The payload must be a JSON object, but it is ${describe(payload)}.`, id, type);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

function isMessageType(value: unknown): value is MessageTypeId {
  return value === 2 || value === 3 || value === 4 || value === 5 || value === 6;
}

export function parseFrame(raw: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail('invalid-json', `Not valid JSON (${detail}).`);
  }
  if (!Array.isArray(value)) {
    return fail('not-array', `An OCPP-J message must be a JSON array, but this is ${describe(value)}.`);
  }
  const type: unknown = value[0];
  if (!isMessageType(type)) {
    if (value.length === 0) return fail('wrong-arity', 'The message is an empty array.');
    const rawId: unknown = value[1];
    return fail(
      'unknown-type',
      `Unknown message type ${describe(type)}: expected 2 (CALL), 3 (CALLRESULT), 4 (CALLERROR), 5 (CALLRESULTERROR) or 6 (SEND).`,
      typeof rawId === 'string' ? rawId : undefined,
    );
  }
  const name = MESSAGE_TYPE_NAMES[type];
  const id: unknown = value[1];
  const readableId = typeof id === 'string' ? id : undefined;
  if (value.length !== ARITY[type]) {
    return fail(
      'wrong-arity',
      `A ${name} has ${ARITY[type]} elements, but this message has ${value.length}.`,
      readableId,
      type,
    );
  }
  if (typeof id !== 'string' || id.length === 0) {
    return fail(
      'bad-id',
      `The message id must be a non-empty string, but it is ${describe(id)}.`,
      undefined,
      type,
    );
  }
  if (id.length > MAX_MESSAGE_ID_LENGTH) {
    return fail(
      'id-too-long',
      `The message id is ${id.length} characters long; at most ${MAX_MESSAGE_ID_LENGTH} are allowed.`,
      id,
      type,
    );
  }

  let frame: Frame;
  if (type === 2 || type === 6) {
    const action: unknown = value[2];
    if (typeof action !== 'string' || action.length === 0) {
      return fail(
        'bad-action',
        `The action must be a non-empty string, but it is ${describe(action)}.`,
        id,
        type,
      );
    }
    const payload: unknown = value[3];
    if (!isJsonObject(payload)) return withAction(badPayload(payload, id, type), action);
    frame = { type, id, action, payload };
  } else if (type === 3) {
    const payload: unknown = value[2];
    if (!isJsonObject(payload)) return badPayload(payload, id, type);
    frame = { type, id, payload };
  } else {
    const [, , errorCode, errorDescription, errorDetails] = value as unknown[];
    if (typeof errorCode !== 'string' || errorCode.length === 0) {
      return fail(
        'bad-error-code',
        `The error code must be a non-empty string, but it is ${describe(errorCode)}.`,
        id,
        type,
      );
    }
    if (typeof errorDescription !== 'string') {
      return fail(
        'bad-error-description',
        `The error description must be a string, but it is ${describe(errorDescription)}.`,
        id,
        type,
      );
    }
    if (!isJsonObject(errorDetails)) {
      return fail(
        'bad-error-details',
        `The error details must be a JSON object, but they are ${describe(errorDetails)}.`,
        id,
        type,
      );
    }
    frame = { type, id, errorCode, errorDescription, errorDetails };
  }

  // Checked last: the whole frame is otherwise well formed, and JSON.parse kept only the last value.
  const duplicate = findDuplicateKey(raw, value);
  if (duplicate) {
    const result = fail(
      'duplicate-key',
      `The key ${JSON.stringify(duplicate.key)} appears twice in ${duplicate.path}; JSON parsers disagree on which value wins.`,
      id,
      type,
    );
    return frame.type === 2 || frame.type === 6 ? withAction(result, frame.action) : result;
  }
  return { ok: true, frame };
}

/** The action of a CALL or SEND, if the frame has one. */
export function frameAction(frame: Frame): string | undefined {
  return frame.type === 2 || frame.type === 6 ? frame.action : undefined;
}

/**
 * The engineer's send path, whatever the target (a live proxy connection or a running serial
 * bridge, in either direction, or the mock CSMS to a connected station): what is checked before a frame leaves, and what comes
 * back. A frame that breaks the schema of its action and direction is refused unless the engineer
 * forces it (sending an invalid frame on purpose is a test in itself); the refusal lists the
 * issues so a face can show them and ask.
 */
import type { Direction } from '../capture/entry';
import type { CommandAnswer } from '../csms/info';
import { initiatorOf, isSendAction } from '../ocpp/actions';
import { MESSAGE_TYPE_NAMES, parseFrame, type Frame } from '../ocpp/frame';
import { ERROR_CODE_SPELLINGS, ERROR_CODES, versionHasMessageType, type OcppVersion } from '../ocpp/versions';
import type { SchemaIssue } from '../validation/issues';
import type { SchemaRegistry } from '../validation/registry';

export type SendTarget =
  | {
      kind: 'proxy';
      proxyId: string;
      connectionId: string;
      /** `toCsms`: as if from the station; `toStation`: as if from the CSMS. */
      direction: Direction;
    }
  | { kind: 'csms'; csmsId: string; stationId: string }
  | {
      kind: 'serial';
      bridgeId: string;
      /**
       * `toStation`: as if from the CSMS, written to the serial port as one line; `toCsms`: as if
       * from the charger, sent on the bridge's CSMS connection.
       */
      direction: Direction;
    };

export interface SendFrameParams {
  target: SendTarget;
  /** The OCPP-J text. A CALL's message id is replaced by a fresh one unless `messageId` pins it. */
  raw: string;
  /** Send the CALL with exactly this id (e.g. to test how a peer handles a duplicate id). */
  messageId?: string;
  /** For a CALLRESULT: the action of the CALL it answers, to check it against its Response schema. */
  answers?: string;
  /** Send even when the checks find issues. */
  force?: boolean;
  /** How long a CALL waits for its answer (default 30 s). */
  timeoutMs?: number;
}

export type SendResult =
  | {
      status: 'invalid';
      /** Why the frame was not sent: fix them, or send again with `force`. */
      issues: SchemaIssue[];
    }
  | {
      status: 'sent';
      /** The frame's entry in the session the target records into. */
      seq: number;
      sessionId: string;
      /** The id the CALL went out with. */
      messageId?: string;
      /** The issues it was sent with anyway (forced). */
      issues: SchemaIssue[];
      /** Why it could not be checked (an answer to a CALL of unknown action). */
      unchecked?: string;
      /** For a CALL: its answer, or that none came in time or the connection closed. */
      answer?: CommandAnswer;
    };

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

export interface OutgoingCheck {
  /** The frame as parsed, when the text is one. */
  frame?: Frame;
  issues: SchemaIssue[];
  unchecked?: string;
}

const issue = (keyword: string, message: string): SchemaIssue => ({ path: [], keyword, message });

/** Who sends in a direction, in words. */
function sender(direction: Direction): 'station' | 'csms' {
  return direction === 'toCsms' ? 'station' : 'csms';
}

/**
 * What is wrong with a frame about to be sent in `direction` on a connection of `version`: the
 * OCPP-J frame itself, message types the version lacks, an action the version does not know or
 * the other side initiates, a SEND sent as a CALL (or the reverse), the payload against the
 * schema of the action and direction, and a CALLERROR code the version does not define.
 */
export function checkOutgoing(
  registry: SchemaRegistry,
  version: OcppVersion,
  direction: Direction,
  raw: string,
  answers?: string,
): OutgoingCheck {
  const parsed = parseFrame(raw);
  if (!parsed.ok) return { issues: [issue('frame', parsed.problem.message)] };
  const frame = parsed.frame;
  const issues: SchemaIssue[] = [];
  if (!versionHasMessageType(version, frame.type)) {
    issues.push(
      issue(
        'messageType',
        `${MESSAGE_TYPE_NAMES[frame.type]} (type ${frame.type}) does not exist in OCPP ${version}`,
      ),
    );
  }
  if (frame.type === 2 || frame.type === 6) {
    const initiator = initiatorOf(version, frame.action);
    if (initiator === undefined) {
      issues.push(issue('action', `${frame.action} is not an OCPP ${version} action`));
      return { frame, issues };
    }
    const from = sender(direction);
    if (initiator !== 'both' && initiator !== from) {
      issues.push(
        issue(
          'direction',
          `${frame.action} is sent by the ${initiator === 'csms' ? 'CSMS' : 'station'}, not by the ${from === 'csms' ? 'CSMS' : 'station'} (${direction})`,
        ),
      );
    }
    const send = isSendAction(version, frame.action);
    if (send && frame.type === 2)
      issues.push(issue('messageType', `${frame.action} is a SEND (type 6), never a CALL`));
    if (!send && frame.type === 6)
      issues.push(issue('messageType', `${frame.action} is answered: send it as a CALL (type 2)`));
    issues.push(...(registry.validate(version, frame.action, 'request', frame.payload) ?? []));
    return { frame, issues };
  }
  if (frame.type === 3) {
    if (answers === undefined)
      return { frame, issues, unchecked: 'the action of the CALL it answers is not known' };
    const found = registry.validate(version, answers, 'response', frame.payload);
    if (found === undefined)
      return { frame, issues, unchecked: `OCPP ${version} has no ${answers} response` };
    issues.push(...found);
    return { frame, issues };
  }
  if (frame.type === 4 || frame.type === 5) {
    const codes = ERROR_CODES[version];
    if (!codes.includes(frame.errorCode)) {
      const spelled = ERROR_CODE_SPELLINGS[frame.errorCode];
      issues.push(
        issue(
          'errorCode',
          spelled !== undefined && codes.includes(spelled)
            ? `OCPP ${version} spells it ${spelled}, not ${frame.errorCode}`
            : `${frame.errorCode} is not an OCPP ${version} error code (${codes.join(', ')})`,
        ),
      );
    }
  }
  return { frame, issues };
}

/**
 * The text with the CALL's (or SEND's) message id replaced; other frames and text that is no
 * OCPP-J array are returned as they are. The payload's own formatting is not kept: the frame is
 * written again as compact JSON, as peers send it.
 */
export function withMessageId(raw: string, messageId: string): { raw: string; replaced: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { raw, replaced: false };
  }
  if (!Array.isArray(value) || (value[0] !== 2 && value[0] !== 6) || value.length !== 4)
    return { raw, replaced: false };
  value[1] = messageId;
  return { raw: JSON.stringify(value), replaced: true };
}

export interface PreparedFrame {
  /** The text to send: a CALL's id replaced by `messageId`. */
  raw: string;
  /** The id the CALL goes out with (absent for other frames). */
  messageId?: string;
  issues: SchemaIssue[];
  unchecked?: string;
}

/**
 * The frame as it will leave, and what is wrong with it: checked after its id is set, so a pinned
 * id that breaks the rules (too long, say) is reported too.
 */
export function prepareOutgoing(
  registry: SchemaRegistry,
  version: OcppVersion | undefined,
  direction: Direction,
  raw: string,
  messageId: string,
  answers?: string,
): PreparedFrame {
  const call = withMessageId(raw, messageId);
  const prepared: PreparedFrame = { raw: call.raw, issues: [] };
  if (call.replaced) prepared.messageId = messageId;
  if (version === undefined) {
    prepared.unchecked = 'the connection negotiated no OCPP version';
    return prepared;
  }
  const check = checkOutgoing(registry, version, direction, call.raw, answers);
  prepared.issues = check.issues;
  if (check.unchecked !== undefined) prepared.unchecked = check.unchecked;
  return prepared;
}

/** The refusal as one sentence (for the CLI and for methods that answer with an error). */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => i.message).join('; ');
}

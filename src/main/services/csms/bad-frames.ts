/**
 * How the mock CSMS meets a frame it cannot read as an OCPP-J message: the CALLERROR the version
 * prescribes, or silence where the spec says so. The connection stays open either way: one bad
 * frame is the charger's bug to see in the capture, not a reason to drop it.
 */
import { parseFrame, type Frame, type FrameProblem, type ParseResult } from '../../../shared/ocpp/frame';
import { isJsonObject } from '../../../shared/json-object';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { errorCode, type Answer } from './answers';

/**
 * When the message id cannot be read, the answer goes to id "-1" (docs/ocpp-notes.md, "OCPP-J
 * frames"; 2.0.1 Part 4 section 4.2.3): the charger can still log it, and the capture shows it.
 */
export const UNKNOWN_MESSAGE_ID = '-1';

/**
 * Parses a frame the way a tolerant CSMS does: a duplicate key is a finding for the analysis, but
 * the frame is otherwise valid and JSON.parse's reading (the last value wins) is answered.
 */
export function readFrame(raw: string): ParseResult {
  const result = parseFrame(raw);
  if (result.ok || result.problem.kind !== 'duplicate-key') return result;
  const value = JSON.parse(raw) as unknown[];
  const [type, id, third, fourth, fifth] = value;
  if (typeof id !== 'string') return result;
  let frame: Frame | undefined;
  if ((type === 2 || type === 6) && typeof third === 'string' && isJsonObject(fourth))
    frame = { type, id, action: third, payload: fourth };
  else if (type === 3 && isJsonObject(third)) frame = { type, id, payload: third };
  else if (
    (type === 4 || type === 5) &&
    typeof third === 'string' &&
    typeof fourth === 'string' &&
    isJsonObject(fifth)
  )
    frame = { type, id, errorCode: third, errorDescription: fourth, errorDetails: fifth };
  return frame === undefined ? result : { ok: true, frame };
}

/**
 * The answer to a frame that did not parse, or `undefined` when it must not be answered:
 * - a CALL that is not valid JSON, not an array, has the wrong number of elements, a bad id, a bad
 *   action or a payload that is not an object: FormationViolation (1.6 section 4.2.3) /
 *   FormatViolation (2.0.1 and 2.1 Part 4 section 4.3);
 * - an unknown message type: 2.0.1 answers MessageTypeNotSupported (Part 4 section 4.2.4); 1.6 and
 *   2.1 ignore it (1.6 section 4.1.3: "ignore"; 2.1 Part 4 section 4.2.4);
 * - a broken CALLRESULT, CALLERROR or SEND: never answered (an answer is never answered, and a SEND
 *   has no answer, 2.1 Part 4 section 4.2.5).
 */
export function answerBadFrame(
  version: OcppVersion,
  problem: FrameProblem,
): { id: string; answer: Answer } | undefined {
  const id = problem.id ?? UNKNOWN_MESSAGE_ID;
  const format = (description: string): { id: string; answer: Answer } => ({
    id,
    answer: {
      kind: 'error',
      code: errorCode(version, 'Format'),
      description: description.slice(0, 255),
      details: {},
    },
  });
  const type = problem.type;
  if (type === 5 || type === 6) {
    if (version === '2.1') return undefined;
    return version === '2.0.1' ? notSupported(id, type) : undefined;
  }
  if (type === 3 || type === 4) return undefined;
  switch (problem.kind) {
    case 'unknown-type':
      return version === '2.0.1' ? notSupported(id, undefined) : undefined;
    case 'invalid-json':
    case 'not-array':
    case 'wrong-arity':
    case 'bad-id':
    case 'id-too-long':
    case 'bad-action':
    case 'bad-payload':
      return format(problem.message);
    default:
      return undefined;
  }
}

function notSupported(id: string, type: number | undefined): { id: string; answer: Answer } {
  return {
    id,
    answer: {
      kind: 'error',
      code: 'MessageTypeNotSupported',
      description: `message type ${type ?? 'unknown'} is not supported by OCPP 2.0.1`,
      details: {},
    },
  };
}

/** A CALLERROR or CALLRESULT as wire text. */
export function answerText(id: string, answer: Answer): string {
  return answer.kind === 'result'
    ? JSON.stringify([3, id, answer.payload])
    : JSON.stringify([4, id, answer.code, answer.description, answer.details]);
}

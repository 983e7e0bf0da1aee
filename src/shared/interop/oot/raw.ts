/**
 * A record's frame text: `raw` when the producer kept it (the bytes on the wire, which OCPP Scope
 * treats as the source of truth), else composed from the decomposed fields. And the check the
 * spec's producer rule 2 asks for: `raw` decodes to the frame the record decomposes.
 */
import { sameJson } from '../../ocpp/json-equal';
import type { OotRecord } from './record';

const TYPE_IDS = { CALL: 2, CALLRESULT: 3, CALLERROR: 4 } as const;
const TYPE_NAMES: Record<number, string> = { 2: 'CALL', 3: 'CALLRESULT', 4: 'CALLERROR' };

/**
 * The OCPP-J text of a record without `raw`, with the defaults OCPP-J requires for what the
 * record leaves out: `{}` for a payload or error details, `""` for an id, error code or
 * description (an empty id or code is then reported by the analysis, as on the wire).
 */
export function composeRaw(record: OotRecord): string {
  const id = record.messageId ?? '';
  switch (record.messageType) {
    case 'CALL':
      return JSON.stringify([2, id, record.action ?? '', record.payload ?? {}]);
    case 'CALLRESULT':
      return JSON.stringify([3, id, record.payload ?? {}]);
    case 'CALLERROR': {
      const error = record.error ?? {};
      return JSON.stringify([4, id, error.code ?? '', error.description ?? '', error.details ?? {}]);
    }
  }
}

/**
 * The fields of the record that `raw` contradicts (messageType, messageId, action, payload,
 * error.code: those the spec's fidelity rule compares, each only when the record sets it), or why
 * `raw` is no OCPP-J frame at all. Undefined when they agree.
 */
export function rawDisagreement(record: OotRecord, raw: string): string | undefined {
  // Fast path: `raw` is usually exactly the compact JSON of the fields (every record this project
  // exports, most producers), and comparing text is cheaper than parsing it again. Equal text
  // implies equal fields, since the defaults stand only for fields the rule does not compare.
  if (raw === composeRaw(record)) return undefined;
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return '`raw` is not valid JSON, so it cannot be checked against the record';
  }
  if (!Array.isArray(frame))
    return '`raw` is not an OCPP-J array, so it cannot be checked against the record';
  const fields: string[] = [];
  const type: unknown = frame[0];
  if (type !== TYPE_IDS[record.messageType]) fields.push('messageType');
  if (record.messageId !== undefined && frame[1] !== record.messageId) fields.push('messageId');
  if (record.messageType === 'CALL') {
    if (frame[2] !== record.action) fields.push('action');
    if (record.payload !== undefined && !sameJson(frame[3], record.payload)) fields.push('payload');
  } else if (record.messageType === 'CALLRESULT') {
    if (record.payload !== undefined && !sameJson(frame[2], record.payload)) fields.push('payload');
  } else if (record.error?.code !== undefined && frame[2] !== record.error.code) {
    fields.push('error.code');
  }
  if (fields.length === 0) return undefined;
  const what = typeof type === 'number' && TYPE_NAMES[type] !== undefined ? ` (a ${TYPE_NAMES[type]})` : '';
  return `\`raw\`${what} disagrees with the record's ${fields.join(', ')}`;
}

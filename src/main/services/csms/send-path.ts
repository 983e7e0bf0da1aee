/**
 * The engineer's frames from the mock CSMS to a connected station: a command from the palette
 * (`csms.send`, an action and its payload) or a whole frame written in the editor (`send.frame`).
 * Both are checked against the schema of the action first and refused unless forced
 * (src/shared/send/send.ts); a CALL waits its turn (one outstanding per direction) and its answer.
 */
import { randomUUID } from 'node:crypto';
import type { CommandAnswer } from '../../../shared/csms/info';
import type { Payload } from '../../../shared/ocpp/frame';
import { RpcError } from '../../../shared/rpc/errors';
import {
  describeIssues,
  prepareOutgoing,
  type SendFrameParams,
  type SendResult,
} from '../../../shared/send/send';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import type { RunningCsms } from './launch';

export async function sendFromCsms(
  csms: RunningCsms,
  params: Omit<SendFrameParams, 'target'> & { stationId: string },
  registry: SchemaRegistry,
): Promise<SendResult> {
  const station = csms.server.station(params.stationId);
  const prepared = prepareOutgoing(
    registry,
    station.version,
    'toStation',
    params.raw,
    params.messageId ?? randomUUID(),
    params.answers,
  );
  if (prepared.issues.length > 0 && params.force !== true)
    return { status: 'invalid', issues: prepared.issues };
  const sent = await station.sendFrame(prepared.raw, {
    ...(prepared.messageId !== undefined ? { messageId: prepared.messageId } : {}),
    timeoutMs: params.timeoutMs ?? csms.server.config.commandTimeoutMs,
  });
  return {
    status: 'sent',
    seq: sent.seq,
    sessionId: csms.sessionId,
    issues: prepared.issues,
    ...(sent.messageId !== undefined ? { messageId: sent.messageId } : {}),
    ...(prepared.unchecked !== undefined ? { unchecked: prepared.unchecked } : {}),
    ...(sent.answer !== undefined ? { answer: sent.answer } : {}),
  };
}

/** A palette command: refused with the issues in its message unless forced. */
export function sendCommand(
  csms: RunningCsms,
  params: {
    stationId: string;
    action: string;
    payload: Payload;
    timeoutMs?: number;
    messageId?: string;
    force?: boolean;
  },
  registry: SchemaRegistry,
): Promise<CommandAnswer> {
  const station = csms.server.station(params.stationId);
  if (params.force !== true) {
    const id = params.messageId ?? 'check';
    const prepared = prepareOutgoing(
      registry,
      station.version,
      'toStation',
      JSON.stringify([2, id, params.action, params.payload]),
      id,
    );
    if (prepared.issues.length > 0) {
      throw new RpcError(
        'invalid',
        `${params.action} was not sent: ${describeIssues(prepared.issues)} (send it with force to send it anyway)`,
      );
    }
  }
  return csms.server.send(
    params.stationId,
    params.action,
    params.payload,
    params.timeoutMs,
    params.messageId,
  );
}

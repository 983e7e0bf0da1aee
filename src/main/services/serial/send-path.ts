/**
 * The engineer's frames through a running serial bridge: written in the editor and sent as if from
 * the CSMS (a line on the serial port) or as if from the charger (on the CSMS connection). Checked
 * against the schema of their action and direction first, and refused with the issues unless
 * forced (src/shared/send/send.ts), as through a proxy.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Direction } from '../../../shared/capture/entry';
import { versionFromSubprotocol } from '../../../shared/ocpp/versions';
import type { LinkState, PortState } from '../../../shared/serial/config';
import {
  DEFAULT_SEND_TIMEOUT_MS,
  prepareOutgoing,
  type SendFrameParams,
  type SendResult,
} from '../../../shared/send/send';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import { peekArray } from '../proxy/call-actions';
import type { RunningSerial } from './launch';

export async function sendThroughSerial(
  serial: RunningSerial,
  params: Omit<SendFrameParams, 'target'> & { direction: Direction },
  registry: SchemaRegistry,
): Promise<SendResult> {
  // The version the charger speaks: the one subprotocol the bridge offers (the port side has no
  // handshake, so a frame to the charger is checked by it even while the CSMS connection is down).
  const prepared = prepareOutgoing(
    registry,
    versionFromSubprotocol(serial.info().protocol),
    params.direction,
    params.raw,
    params.messageId ?? randomUUID(),
    params.answers,
  );
  if (prepared.issues.length > 0 && params.force !== true)
    return { status: 'invalid', issues: prepared.issues };
  const injected = serial.inject(params.direction, prepared.raw, {
    ...(prepared.messageId !== undefined ? { messageId: prepared.messageId } : {}),
    timeoutMs: params.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
  });
  const answer = injected.answer === undefined ? undefined : await injected.answer;
  return {
    status: 'sent',
    seq: injected.seq,
    sessionId: serial.sessionId,
    issues: prepared.issues,
    ...(injected.messageId !== undefined ? { messageId: injected.messageId } : {}),
    ...(prepared.unchecked !== undefined ? { unchecked: prepared.unchecked } : {}),
    ...(answer !== undefined ? { answer } : {}),
  };
}

/**
 * Why a frame cannot go `direction` now, or undefined: the side it goes to must be open. Frames the
 * engineer sends are never held for later, unlike the charger's own: a command that arrives
 * minutes late is a different test.
 */
export function refusal(
  port: string,
  direction: Direction,
  state: { stopped: boolean; port: PortState; link: LinkState },
): string | undefined {
  if (state.stopped) return `the serial bridge on ${port} has stopped`;
  if (direction === 'toCsms' && state.link !== 'open')
    return `the CSMS connection of the serial bridge on ${port} is ${state.link === 'closed' ? 'closed' : `not open (${state.link})`}: send again once it is open`;
  if (direction === 'toStation' && state.port !== 'open')
    return `the serial port ${port} is not open (${state.port}): send again once the bridge has it back`;
  return undefined;
}

/** The text an injected frame goes out as: a CALL with the pinned id, or a fresh one. */
export function injectedCall(
  raw: string,
  pinned: string | undefined,
  count: number,
): { text: string; messageId?: string } {
  const value = peekArray(raw);
  if (value === undefined || value[0] !== 2 || value.length !== 4) return { text: raw };
  const messageId = pinned ?? `scope-${randomBytes(4).toString('hex')}-${count}`;
  value[1] = messageId;
  return { text: JSON.stringify(value), messageId };
}

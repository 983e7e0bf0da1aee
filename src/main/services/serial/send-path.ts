/**
 * The engineer's frames through a running serial bridge: written in the editor and sent as if from
 * the CSMS (a line on the serial port) or as if from the charger (on the CSMS connection). Checked
 * against the schema of their action and direction first, and refused with the issues unless
 * forced (src/shared/send/send.ts), as through a proxy.
 */
import type { Direction } from '../../../shared/capture/entry';
import { versionFromSubprotocol } from '../../../shared/ocpp/versions';
import type { LinkState, PortState } from '../../../shared/serial/config';
import type { SendFrameParams, SendResult } from '../../../shared/send/send';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import { sendInjected } from '../injections';
import type { RunningSerial } from './launch';

export function sendThroughSerial(
  serial: RunningSerial,
  params: Omit<SendFrameParams, 'target'> & { direction: Direction },
  registry: SchemaRegistry,
): Promise<SendResult> {
  // The version the charger speaks: the one subprotocol the bridge offers (the port side has no
  // handshake, so a frame to the charger is checked by it even while the CSMS connection is down).
  return sendInjected(
    {
      version: versionFromSubprotocol(serial.info().protocol),
      sessionId: serial.sessionId,
      inject: (direction, raw, options) => serial.inject(direction, raw, options),
    },
    params,
    registry,
  );
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

/**
 * The serial bridge side of the renderer state: the running bridges as main announces them (their
 * counters and port and CSMS link states included, at most every ~250 ms), the start dialog, and
 * the calls that list ports, start and stop bridges. Errors of the calls a form makes come back to
 * the form (Outcome) instead of going to the app-wide notice.
 */
import { create } from 'zustand';
import type { RpcClient } from '../../shared/rpc/client';
import type { SerialConfig, SerialInfo, SerialPortInfo } from '../../shared/serial/config';
import { attempt, client, report, type Outcome } from './store';
import { openSession } from './sessions';
import { showConnections } from './panel';

export interface SerialState {
  bridges: SerialInfo[];
  /** The start dialog is open. */
  starting: boolean;
}

export const useSerial = create<SerialState>(() => ({ bridges: [], starting: false }));

export function initSerial(rpc: RpcClient): void {
  rpc.on('serial.changed', ({ bridges }) => useSerial.setState({ bridges }));
  rpc.call('serial.list', {}).then((bridges) => useSerial.setState({ bridges }), report);
}

export function showSerialDialog(starting: boolean): void {
  useSerial.setState({ starting });
}

/** The ports the system reports, and why it could not list them (the path can always be typed). */
export function listSerialPorts(): Promise<Outcome<{ ports: SerialPortInfo[]; error?: string }>> {
  return attempt(() => client().call('serial.ports', {}));
}

/** Starts a bridge and opens its live session in the timeline, with the Connections tab in front. */
export async function startSerial(config: SerialConfig): Promise<Outcome<SerialInfo>> {
  const outcome = await attempt(() => client().call('serial.start', config));
  if (outcome.ok) {
    const info = outcome.value;
    useSerial.setState((s) => ({
      starting: false,
      bridges: s.bridges.some((b) => b.id === info.id) ? s.bridges : [...s.bridges, info],
    }));
    showConnections('serial');
    await openSession(info.sessionId);
  }
  return outcome;
}

export async function stopSerial(bridgeId: string): Promise<void> {
  try {
    await client().call('serial.stop', { bridgeId });
    useSerial.setState((s) => ({ bridges: s.bridges.filter((b) => b.id !== bridgeId) }));
  } catch (error) {
    report(error);
  }
}

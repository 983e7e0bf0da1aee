/**
 * The top bar's serial bridge controls: start one, and see at a glance that some run and whether
 * any has lost its port or its CSMS.
 */
import { plural } from '../../components/Severity';
import { showSerialDialog, useSerial } from '../../state/serial';
import { ServiceTopbar } from '../endpoint/ServiceTopbar';
import { bridgeTone } from './SerialStates';

export function SerialTopbar() {
  const bridges = useSerial((s) => s.bridges);
  const lost = bridges.filter((b) => bridgeTone(b) === 'error').length;
  // Connecting is not trouble yet: only a link that failed and waits to retry is said.
  const waiting = bridges.filter((b) => b.portState === 'open' && b.linkState === 'waiting').length;
  const trouble = [
    lost > 0 ? `${lost} port lost` : undefined,
    waiting > 0 ? `${waiting} waiting for the CSMS` : undefined,
  ].filter((t) => t !== undefined);
  return (
    <ServiceTopbar
      kind="serial"
      startText="Start serial bridge…"
      start={() => showSerialDialog(true)}
      title="Show the running serial bridges"
      running={
        bridges.length > 0 ? [plural(bridges.length, 'serial bridge'), ...trouble].join(' · ') : undefined
      }
    />
  );
}

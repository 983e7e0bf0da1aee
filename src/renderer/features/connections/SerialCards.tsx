/** The running serial bridges, in the order they started, for the Connections tab. */
import { useSerial } from '../../state/serial';
import { useApp } from '../../state/store';
import { SerialCard } from './SerialCard';
import './serial.css';

export function SerialCards() {
  const bridges = useSerial((s) => s.bridges);
  const openedId = useApp((s) => s.opened?.info.id);
  return bridges.map((bridge) => (
    <SerialCard key={bridge.id} bridge={bridge} opened={bridge.sessionId === openedId} />
  ));
}

/** The running mock CSMSs, in the order they started, for the Connections tab. */
import { useCsms } from '../../state/csms';
import { useApp } from '../../state/store';
import { CsmsCard } from './CsmsCard';

export function CsmsCards() {
  const servers = useCsms((s) => s.servers);
  const states = useCsms((s) => s.states);
  const openedId = useApp((s) => s.opened?.info.id);
  return servers.map((csms) => (
    <CsmsCard key={csms.id} csms={csms} state={states[csms.id]} opened={csms.sessionId === openedId} />
  ));
}

/** The CSMS tab of the panel under the timeline: every running mock CSMS, the opened one first. */
import { showCsmsDialog, useCsms } from '../../state/csms';
import { ServicePanel } from '../endpoint/ServicePanel';
import { CsmsCard } from './CsmsCard';

export function CsmsPanel() {
  const servers = useCsms((s) => s.servers);
  const states = useCsms((s) => s.states);
  return (
    <ServicePanel
      services={servers}
      testId="csms-panel"
      none="No mock CSMS is running."
      startText="Start a mock CSMS…"
      start={() => showCsmsDialog({ mode: 'start' })}
      card={(csms, opened) => <CsmsCard key={csms.id} csms={csms} state={states[csms.id]} opened={opened} />}
    />
  );
}

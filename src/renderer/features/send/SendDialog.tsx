/** The frame editor as a dialog, open while the send state holds a seed; a new seed starts it afresh. */
import { ModalDialog } from '../../components/Dialog';
import { closeFrameEditor, useSend } from '../../state/send';
import { SendForm } from './SendForm';
import './send.css';

export function SendDialog() {
  const seed = useSend((s) => s.seed);
  return (
    <ModalDialog open={seed !== undefined} close={closeFrameEditor} className="send-dialog">
      {seed && <SendForm key={seed.generation} seed={seed} />}
    </ModalDialog>
  );
}

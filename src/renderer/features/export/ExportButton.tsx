/**
 * The way into the export dialog, wherever a session is offered for export (the session bar, the
 * sessions sidebar). Each button owns its dialog, rendered into the body: a sidebar item's actions
 * are hidden when nothing in the item has focus, and a dialog inside them would be hidden with them.
 */
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { ModalDialog } from '../../components/Dialog';
import type { SessionInfo } from '../../../shared/rpc/contract';
import { ExportForm } from './ExportForm';
import './export.css';

interface Props {
  session: SessionInfo;
  /** `icon`: the sidebar's compact action; `text`: a labelled button. */
  look: 'icon' | 'text';
  testId?: string;
}

export function ExportButton({ session, look, testId }: Props) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        title="Export an HTML, JUnit or JSON report, or the capture file"
        aria-label={look === 'icon' ? `Export ${session.name}` : undefined}
        aria-haspopup="dialog"
        data-testid={testId}
      >
        {look === 'icon' ? '⤓' : 'Export…'}
      </button>
      {createPortal(
        <ModalDialog open={open} close={close} className="export-dialog">
          <ExportForm session={session} close={close} />
        </ModalDialog>,
        document.body,
      )}
    </>
  );
}

/** A modal <dialog> driven by state, and the form frame every settings dialog has. */
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

/** Shown while `open`; Escape and the close button call `close`. Children mount only while open. */
export function ModalDialog({
  open,
  close,
  className,
  children,
}: {
  open: boolean;
  close: () => void;
  className?: string;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className={className ? `dialog ${className}` : 'dialog'} onClose={close}>
      {open && children}
    </dialog>
  );
}

interface FormProps {
  label: string;
  testId: string;
  title: string;
  intro: string;
  submit: (event: FormEvent) => void;
  cancel: () => void;
  /** What went wrong, next to the buttons. */
  error: string | undefined;
  errorTestId: string;
  busy: boolean;
  action: string;
  busyAction: string;
  children: ReactNode;
}

export function DialogForm(p: FormProps) {
  return (
    <form className="proxy-form" onSubmit={p.submit} aria-label={p.label} data-testid={p.testId}>
      <header className="dialog-head">
        <h2>{p.title}</h2>
        <p className="muted">{p.intro}</p>
      </header>
      <div className="dialog-body">{p.children}</div>
      <footer className="dialog-foot">
        <div className="form-error" role="alert" data-testid={p.errorTestId}>
          {p.error}
        </div>
        <button type="button" onClick={p.cancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={p.busy}>
          {p.busy ? p.busyAction : p.action}
        </button>
      </footer>
    </form>
  );
}

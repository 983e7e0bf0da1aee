/** A panel tab listing the running services of one kind, the one recording the opened session first. */
import type { ReactNode } from 'react';
import { useApp } from '../../state/store';

interface Props<T extends { id: string; sessionId: string }> {
  services: readonly T[];
  testId: string;
  /** Said when none runs, e.g. `No proxy is running.` */
  none: string;
  startText: string;
  start: () => void;
  card: (service: T, opened: boolean) => ReactNode;
}

export function ServicePanel<T extends { id: string; sessionId: string }>({
  services,
  testId,
  none,
  startText,
  start,
  card,
}: Props<T>) {
  const openedId = useApp((s) => s.opened?.info.id);
  if (services.length === 0) {
    return (
      <div className="panel-body">
        <p className="muted panel-empty">
          {none}{' '}
          <button type="button" className="link" onClick={start}>
            {startText}
          </button>
        </p>
      </div>
    );
  }
  const ordered = [...services].sort(
    (a, b) => Number(b.sessionId === openedId) - Number(a.sessionId === openedId),
  );
  return (
    <div className="panel-body proxy-panel" data-testid={testId}>
      {ordered.map((service) => card(service, service.sessionId === openedId))}
    </div>
  );
}

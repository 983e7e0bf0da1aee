/** The top bar's controls for one kind of service: start one, and see at a glance that some run. */
import { showConnections, type ServiceKindId } from '../../state/panel';

interface Props {
  /** Names the test ids (`start-proxy`, `proxy-running`) and the services the Connections tab shows. */
  kind: ServiceKindId;
  startText: string;
  start: () => void;
  title: string;
  /** What runs, e.g. `2 proxies · 3 chargers`; absent when nothing does. */
  running: string | undefined;
}

export function ServiceTopbar({ kind, startText, start, title, running }: Props) {
  return (
    <>
      <button type="button" onClick={start} data-testid={`start-${kind}`}>
        {startText}
      </button>
      {running !== undefined && (
        <button
          type="button"
          className="running-indicator"
          onClick={() => showConnections(kind)}
          title={title}
          data-testid={`${kind}-running`}
        >
          <span className="live-dot" />
          {running}
        </button>
      )}
    </>
  );
}

/** One kind of service in the Connections tab: what it is, a start button, its running services. */
import { useEffect, useRef } from 'react';
import { clearConnectionsFocus, usePanel } from '../../state/panel';
import type { ServiceKind } from './service-kinds';

export function KindSection({ kind, running }: { kind: ServiceKind; running: number }) {
  const section = useRef<HTMLElement>(null);
  const focus = usePanel((s) => s.focus);
  useEffect(() => {
    const element = section.current;
    if (focus !== kind.id || !element) return;
    // Only the panel scrolls: scrollIntoView would also move the app's own (clipped) boxes.
    const body = element.closest('.panel-body');
    if (body) body.scrollTop += element.getBoundingClientRect().top - body.getBoundingClientRect().top;
    clearConnectionsFocus();
  }, [focus, kind.id]);
  const headingId = `service-kind-${kind.id}`;
  return (
    <section
      ref={section}
      className="service-kind"
      aria-labelledby={headingId}
      data-testid={`${kind.id}-section`}
    >
      <div className="service-kind-head">
        <h3 id={headingId}>{kind.title}</h3>
        <span className="tab-count">{running} running</span>
        <span className="spacer" />
        <button type="button" onClick={kind.start} data-testid={`connections-start-${kind.id}`}>
          {kind.startText}
        </button>
      </div>
      {running === 0 ? <p className="service-kind-empty muted">{kind.purpose}</p> : <kind.Cards />}
    </section>
  );
}

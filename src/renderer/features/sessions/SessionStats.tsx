/** What the opened session holds: counts, its time span, its findings, its file. */
import type { ReactNode } from 'react';
import { formatBytes, formatClock, formatDelta } from '../../format';
import { useApp } from '../../state/store';
import { useSessionStats } from './use-session-stats';

/** A date and time in UTC like the timeline's clock, with the date the clock leaves out. */
function when(ts: number): ReactNode {
  // Two pieces that wrap apart in the narrow sidebar rather than being cut.
  return (
    <>
      <span>{new Date(ts).toISOString().slice(0, 10)}</span> <span>{formatClock(ts)}</span>
    </>
  );
}

interface FactProps {
  id: string;
  label: string;
  title?: string;
  /** May take two lines (a date and a time) rather than be cut. */
  wraps?: boolean;
  children: ReactNode;
}

function Fact({ id, label, title, wraps = false, children }: FactProps) {
  return (
    <div className="session-fact" data-testid={`stat-${id}`}>
      <dt title={title}>{label}</dt>
      <dd title={title} className={wraps ? 'wraps' : undefined}>
        {children}
      </dd>
    </div>
  );
}

export function SessionStats() {
  const facts = useSessionStats();
  const findings = useApp((s) => s.summary)?.total;
  if (!facts) return null;
  const { info, stats } = facts;
  const { firstTs, lastTs } = stats;
  return (
    <section className="session-stats" aria-label="Opened session" data-testid="session-stats">
      <h2>
        This session
        {info.live && <span className="live-badge">live</span>}
      </h2>
      <p className="session-stats-name" title={info.id}>
        {info.name}
      </p>
      <dl>
        <Fact id="entries" label="Entries">
          {stats.entries.toLocaleString()}
        </Fact>
        <Fact id="frames" label="Frames">
          {stats.frames.toLocaleString()}
        </Fact>
        <Fact id="connections" label="Conn. events" title="Connections opened, closed or failed">
          {stats.connections.toLocaleString()}
        </Fact>
        <Fact
          id="console"
          label="Console lines"
          title="Lines the station logged on its serial line (not OCPP frames)"
        >
          {stats.console.toLocaleString()}
        </Fact>
        <Fact id="stations" label="Stations" title={stats.stations.join('\n') || undefined}>
          {stats.stations.length.toLocaleString()}
        </Fact>
        <Fact id="malformed" label="Malformed" title="Frames that are not well-formed OCPP-J messages">
          <span className={stats.problems > 0 ? 'stat-bad' : undefined}>
            {stats.problems.toLocaleString()}
          </span>
        </Fact>
        <Fact id="altered" label="Altered" title="Frames the proxy injected, dropped, modified or delayed">
          {stats.altered.toLocaleString()}
        </Fact>
        <Fact id="findings" label="Findings">
          {findings === undefined ? '…' : findings.toLocaleString()}
        </Fact>
        {info.ocppVersion && (
          <Fact id="version" label="OCPP">
            {info.ocppVersion}
          </Fact>
        )}
        <Fact id="first" label="First (UTC)" wraps>
          {firstTs === undefined ? '—' : when(firstTs)}
        </Fact>
        <Fact id="last" label="Last (UTC)" wraps>
          {lastTs === undefined ? '—' : when(lastTs)}
        </Fact>
        <Fact id="duration" label="Duration">
          {firstTs === undefined || lastTs === undefined ? '—' : formatDelta(lastTs - firstTs)}
        </Fact>
        <Fact id="size" label="File size">
          {formatBytes(info.bytes)}
        </Fact>
      </dl>
    </section>
  );
}

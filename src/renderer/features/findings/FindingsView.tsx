/** The findings tab: the OCPP version of each connection, then one expandable group per rule. */
import { useApp } from '../../state/store';
import { FindingGroup } from './FindingGroup';
import { groupVersions } from './versions';

export function FindingsView() {
  const summary = useApp((s) => s.summary);
  const sessionId = useApp((s) => s.opened?.info.id);
  if (!summary) return <p className="muted panel-empty">Analysing…</p>;
  const versions = groupVersions(summary.versions);
  return (
    <div className="panel-body" data-testid="findings">
      {versions.length > 0 && (
        <p className="versions" data-testid="versions">
          {versions.map(({ text, connections }) => (
            <span
              key={text}
              className="version"
              title={connections.map((c) => `${c.stationId} · ${c.connectionId}`).join('\n')}
            >
              <span className="muted">
                {connections.length === 1 ? connections[0]?.stationId : `${connections.length} connections`}:
              </span>{' '}
              OCPP {text}
            </span>
          ))}
        </p>
      )}
      {summary.total === 0 ? (
        <p className="muted panel-empty">No findings under the {summary.profile} profile.</p>
      ) : (
        <ul className="finding-groups">
          {summary.byRule.map((group) => (
            <FindingGroup key={`${sessionId}:${group.rule}`} group={group} profile={summary.profile} />
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * What of the opened session is replayed: all of it (its connection with CALLs of the side
 * played), the connection of the selected entry, or the rows the applied filter shows.
 */
import { Field, Segmented } from '../../components/Field';
import { useApp } from '../../state/store';
import type { ReplayScope } from './replay-form';

export function ReplaySourceFields({
  scope,
  setScope,
}: {
  scope: ReplayScope;
  setScope: (s: ReplayScope) => void;
}) {
  const opened = useApp((s) => s.opened);
  const selected = useApp((s) => s.detail?.row);
  const filter = useApp((s) => s.filter);
  const total = useApp((s) => s.total);
  const options: { value: ReplayScope; text: string; title?: string }[] = [
    { value: 'session', text: 'Whole session' },
  ];
  if (selected)
    options.push({
      value: 'connection',
      text: `Connection of #${selected.seq}`,
      title: `${selected.connectionId} · ${selected.stationId}`,
    });
  if (filter !== undefined)
    options.push({ value: 'filter', text: `Filtered rows (${total.toLocaleString()})` });
  const hint =
    scope === 'connection' && selected ? (
      <>
        Connection <code>{selected.connectionId}</code> of <strong>{selected.stationId}</strong>, the one the
        selected entry belongs to.
      </>
    ) : scope === 'filter' && filter !== undefined ? (
      <>
        Only the frames <code>{filter}</code> matches; they must all be of one connection.
      </>
    ) : (
      <>
        The connection that has CALLs of the side played; a session of several connections says which one it
        chose. Select an entry, or filter, to replay less.
      </>
    );
  return (
    <fieldset className="form-section">
      <legend>Recording</legend>
      <Field label="Session" hint={hint}>
        {() => (
          <div className="replay-source">
            <strong className="ellipsis">{opened?.info.name}</strong>
            <Segmented label="What to replay" value={scope} options={options} onChange={setScope} />
          </div>
        )}
      </Field>
    </fieldset>
  );
}

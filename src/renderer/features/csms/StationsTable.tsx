/** Who may connect: unknown identities accepted or refused with 404, Basic-auth passwords per station. */
import { Field, Segmented } from '../../components/Field';
import type { UnknownStationPolicy } from '../../../shared/csms/config';
import { nextKey, problemAt, type ConfigDraft, type ConfigProblem, type StationDraft } from './config-draft';

interface Props {
  draft: ConfigDraft;
  change: (patch: Partial<ConfigDraft>) => void;
  problem?: ConfigProblem;
}

const UNKNOWN = [
  { value: 'accept', text: 'Accepted', title: 'Any identity may connect' },
  { value: 'reject', text: 'Refused (404)', title: 'Only the stations listed below may connect' },
] as const satisfies readonly { value: UnknownStationPolicy; text: string; title: string }[];

export function StationsTable({ draft, change, problem }: Props) {
  const set = (key: number, patch: Partial<StationDraft>) =>
    change({ stations: draft.stations.map((s) => (s.key === key ? { ...s, ...patch } : s)) });
  const error = problemAt(problem, 'stations');
  return (
    <>
      <Field label="Unknown identities" error={problemAt(problem, 'unknownStations')}>
        {() => (
          <Segmented
            label="Unknown identities"
            value={draft.unknownStations}
            options={UNKNOWN}
            onChange={(unknownStations) => change({ unknownStations })}
          />
        )}
      </Field>
      <Field
        label="Stations"
        hint="With a password, the station must send it as HTTP Basic auth (user = its identity); wrong or missing credentials get 401. Passwords are not remembered for the next start."
        error={error}
      >
        {() => (
          <div className="form-table">
            {draft.stations.map((s, k) => (
              <div key={s.key} className="form-table-row">
                <input
                  className="mono"
                  value={s.identity}
                  onChange={(e) => set(s.key, { identity: e.target.value })}
                  placeholder="identity, e.g. CP-001"
                  aria-label={`Station ${k + 1} identity`}
                  aria-invalid={problemAt(problem, 'stations', s.identity.trim()) !== undefined}
                  spellCheck={false}
                />
                <input
                  type="password"
                  value={s.password}
                  onChange={(e) => set(s.key, { password: e.target.value })}
                  placeholder="no password"
                  autoComplete="new-password"
                  aria-label={`Station ${k + 1} password`}
                />
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => change({ stations: draft.stations.filter((x) => x.key !== s.key) })}
                  aria-label={`Remove station ${k + 1}`}
                  title="Remove"
                >
                  ✕
                </button>
              </div>
            ))}
            <button
              type="button"
              className="add-row"
              onClick={() =>
                change({ stations: [...draft.stations, { key: nextKey(), identity: '', password: '' }] })
              }
            >
              Add station
            </button>
          </div>
        )}
      </Field>
    </>
  );
}

/** Who may connect: unknown identities accepted or refused with 404, Basic-auth passwords per station. */
import { EditableRows } from '../../components/EditableRows';
import { Field, Segmented } from '../../components/Field';
import { TextInput } from '../../components/Inputs';
import type { UnknownStationPolicy } from '../../../shared/csms/config';
import { nextKey, problemAt, type ConfigDraft, type ConfigProblem } from './config-draft';

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
        error={problemAt(problem, 'stations')}
      >
        {() => (
          <EditableRows
            rows={draft.stations}
            setRows={(stations) => change({ stations })}
            newRow={() => ({ key: nextKey(), identity: '', password: '' })}
            noun="station"
          >
            {(s, n, set) => (
              <>
                <TextInput
                  code
                  value={s.identity}
                  set={(identity) => set({ identity })}
                  placeholder="identity, e.g. CP-001"
                  aria-label={`Station ${n} identity`}
                  aria-invalid={problemAt(problem, 'stations', s.identity.trim()) !== undefined}
                />
                <TextInput
                  type="password"
                  value={s.password}
                  set={(password) => set({ password })}
                  placeholder="no password"
                  autoComplete="new-password"
                  aria-label={`Station ${n} password`}
                />
              </>
            )}
          </EditableRows>
        )}
      </Field>
    </>
  );
}

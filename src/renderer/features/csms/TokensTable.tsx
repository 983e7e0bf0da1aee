/** The authorization list: idTag (1.6) / idToken (2.x) -> status, and the status of any other one. */
import { TOKEN_STATUSES } from '../../../shared/csms/config';
import { EditableRows } from '../../components/EditableRows';
import { Field } from '../../components/Field';
import { Select, TextInput } from '../../components/Inputs';
import { nextKey, problemAt, type ConfigDraft, type ConfigProblem, type TokenDraft } from './config-draft';

interface Props {
  draft: ConfigDraft;
  change: (patch: Partial<ConfigDraft>) => void;
  problem?: ConfigProblem;
}

export function TokensTable({ draft, change, problem }: Props) {
  return (
    <>
      <Field
        label="Authorization list"
        hint="Answers Authorize, StartTransaction (1.6) and TransactionEvent (2.x) for these idTags / idTokens."
        error={problemAt(problem, 'authorization', 'tokens')}
      >
        {() => (
          <EditableRows
            rows={draft.tokens}
            setRows={(tokens) => change({ tokens })}
            newRow={(): TokenDraft => ({ key: nextKey(), token: '', status: 'Accepted' })}
            noun="token"
          >
            {(t, n, set) => (
              <>
                <TextInput
                  code
                  value={t.token}
                  set={(token) => set({ token })}
                  placeholder="idTag / idToken, e.g. 04A2B3C4"
                  aria-label={`Token ${n}`}
                  aria-invalid={problemAt(problem, 'authorization', 'tokens', t.token.trim()) !== undefined}
                />
                <Select
                  value={t.status}
                  set={(status) => set({ status })}
                  options={TOKEN_STATUSES}
                  aria-label={`Token ${n} status`}
                />
              </>
            )}
          </EditableRows>
        )}
      </Field>
      <Field
        label="Unknown tokens"
        hint="The status of an idTag / idToken not in the list."
        error={problemAt(problem, 'authorization', 'unknown')}
      >
        {(id) => (
          <Select
            id={id}
            value={draft.unknownToken}
            set={(unknownToken) => change({ unknownToken })}
            options={TOKEN_STATUSES}
          />
        )}
      </Field>
    </>
  );
}

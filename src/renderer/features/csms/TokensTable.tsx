/** The authorization list: idTag (1.6) / idToken (2.x) -> status, and the status of any other one. */
import { TOKEN_STATUSES, type TokenStatus } from '../../../shared/csms/config';
import { Field } from '../../components/Field';
import { nextKey, problemAt, type ConfigDraft, type ConfigProblem, type TokenDraft } from './config-draft';

interface Props {
  draft: ConfigDraft;
  change: (patch: Partial<ConfigDraft>) => void;
  problem?: ConfigProblem;
}

function StatusSelect({
  value,
  set,
  label,
  id,
}: {
  value: TokenStatus;
  set: (s: TokenStatus) => void;
  label?: string;
  id?: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => set(e.target.value as TokenStatus)} aria-label={label}>
      {TOKEN_STATUSES.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
}

export function TokensTable({ draft, change, problem }: Props) {
  const set = (key: number, patch: Partial<TokenDraft>) =>
    change({ tokens: draft.tokens.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  const error = problemAt(problem, 'authorization', 'tokens');
  return (
    <>
      <Field
        label="Authorization list"
        hint="Answers Authorize, StartTransaction (1.6) and TransactionEvent (2.x) for these idTags / idTokens."
        error={error}
      >
        {() => (
          <div className="form-table">
            {draft.tokens.map((t, k) => (
              <div key={t.key} className="form-table-row">
                <input
                  className="mono"
                  value={t.token}
                  onChange={(e) => set(t.key, { token: e.target.value })}
                  placeholder="idTag / idToken, e.g. 04A2B3C4"
                  aria-label={`Token ${k + 1}`}
                  aria-invalid={problemAt(problem, 'authorization', 'tokens', t.token.trim()) !== undefined}
                  spellCheck={false}
                />
                <StatusSelect
                  value={t.status}
                  set={(status) => set(t.key, { status })}
                  label={`Token ${k + 1} status`}
                />
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => change({ tokens: draft.tokens.filter((x) => x.key !== t.key) })}
                  aria-label={`Remove token ${k + 1}`}
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
                change({ tokens: [...draft.tokens, { key: nextKey(), token: '', status: 'Accepted' }] })
              }
            >
              Add token
            </button>
          </div>
        )}
      </Field>
      <Field
        label="Unknown tokens"
        hint="The status of an idTag / idToken not in the list."
        error={problemAt(problem, 'authorization', 'unknown')}
      >
        {(id) => (
          <StatusSelect id={id} value={draft.unknownToken} set={(unknownToken) => change({ unknownToken })} />
        )}
      </Field>
    </>
  );
}

/** The CSMS side: which certificates to trust, the client certificate, the credentials. */
import { Field, Segmented } from '../../components/Field';
import { CredentialInputs, CsmsTlsFields } from '../connections/CsmsTlsFields';
import type { AuthMode, ProxyDraft } from './proxy-form';

interface Props {
  draft: ProxyDraft;
  change: (patch: Partial<ProxyDraft>) => void;
}

const AUTH = [
  { value: 'passthrough', text: 'Pass through', title: "The charger's own Authorization header" },
  { value: 'basic', text: 'Basic USER:PASS', title: 'These credentials instead of the charger’s' },
] as const satisfies readonly { value: AuthMode; text: string; title: string }[];

export function UpstreamFields({ draft, change }: Props) {
  return (
    <fieldset className="form-section">
      <legend>CSMS side</legend>
      <CsmsTlsFields draft={draft} change={change} presenter="the proxy" />
      <Field
        label="Authorization"
        hint={
          draft.auth === 'passthrough'
            ? 'Security profiles 1 and 2: the charger’s Basic credentials go to the CSMS unchanged.'
            : undefined
        }
      >
        {() => (
          <Segmented
            label="Authorization"
            value={draft.auth}
            options={AUTH}
            onChange={(auth) => change({ auth })}
          />
        )}
      </Field>
      {draft.auth === 'basic' && (
        <Field label="User and password" hint="Sent to the CSMS instead of the charger's credentials.">
          {(id) => <CredentialInputs id={id} user={draft.user} password={draft.password} change={change} />}
        </Field>
      )}
    </fieldset>
  );
}

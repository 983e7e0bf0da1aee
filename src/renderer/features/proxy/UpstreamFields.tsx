/** The CSMS side: which certificates to trust, the client certificate, the credentials. */
import { Field, Segmented, TextField } from '../../components/Field';
import { TextInput } from '../../components/Inputs';
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
      <TextField
        label="Extra CA file"
        hint="Optional: a CA (PEM) to trust besides the system's, e.g. a lab CSMS's."
        code
        value={draft.upstreamCaFile}
        set={(upstreamCaFile) => change({ upstreamCaFile })}
        placeholder="/path/to/csms-ca.pem"
      />
      <Field label="Verification">
        {(id) => (
          <>
            <label className="check" htmlFor={id}>
              <input
                id={id}
                type="checkbox"
                checked={draft.insecure}
                onChange={(e) => change({ insecure: e.target.checked })}
              />
              Do not verify the CSMS certificate (insecure)
            </label>
            {draft.insecure && (
              <p className="form-warning" role="note">
                Anyone on the path can impersonate the CSMS. Use this only with a lab CSMS.
              </p>
            )}
          </>
        )}
      </Field>
      <Field
        label="Client certificate"
        hint="Security profile 3: the certificate and key (PEM) the proxy presents to the CSMS."
      >
        {(id) => (
          <div className="field-pair">
            <TextInput
              id={id}
              code
              value={draft.clientCertFile}
              set={(clientCertFile) => change({ clientCertFile })}
              placeholder="/path/to/charger.crt"
            />
            <TextInput
              id={`${id}-key`}
              aria-label="Client key file"
              code
              value={draft.clientKeyFile}
              set={(clientKeyFile) => change({ clientKeyFile })}
              placeholder="/path/to/charger.key"
            />
          </div>
        )}
      </Field>
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
          {(id) => (
            <div className="field-pair">
              <TextInput
                id={id}
                value={draft.user}
                set={(user) => change({ user })}
                placeholder="user (charger identity)"
                autoComplete="off"
                aria-label="User"
              />
              <TextInput
                type="password"
                value={draft.password}
                set={(password) => change({ password })}
                placeholder="password"
                autoComplete="new-password"
                aria-label="Password"
              />
            </div>
          )}
        </Field>
      )}
    </fieldset>
  );
}

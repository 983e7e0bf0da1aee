/** The CSMS side: which certificates to trust, the client certificate, the credentials. */
import { Field, Segmented } from '../../components/Field';
import type { AuthMode, ProxyDraft } from './proxy-form';

interface Props {
  draft: ProxyDraft;
  change: (patch: Partial<ProxyDraft>) => void;
}

const AUTH = [
  { value: 'passthrough', text: 'Pass through', title: "The charger's own Authorization header" },
  { value: 'basic', text: 'Basic USER:PASS', title: 'These credentials instead of the charger’s' },
] as const satisfies readonly { value: AuthMode; text: string; title: string }[];

function PathInput({
  id,
  value,
  set,
  placeholder,
  label,
}: {
  id: string;
  value: string;
  set: (v: string) => void;
  placeholder: string;
  /** For an input the field's label does not point at. */
  label?: string;
}) {
  return (
    <input
      id={id}
      aria-label={label}
      className="mono"
      value={value}
      onChange={(e) => set(e.target.value)}
      placeholder={placeholder}
      spellCheck={false}
    />
  );
}

export function UpstreamFields({ draft, change }: Props) {
  return (
    <fieldset className="form-section">
      <legend>CSMS side</legend>
      <Field
        label="Extra CA file"
        hint="Optional: a CA (PEM) to trust besides the system's, e.g. a lab CSMS's."
      >
        {(id) => (
          <PathInput
            id={id}
            value={draft.upstreamCaFile}
            set={(upstreamCaFile) => change({ upstreamCaFile })}
            placeholder="/path/to/csms-ca.pem"
          />
        )}
      </Field>
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
            <PathInput
              id={id}
              value={draft.clientCertFile}
              set={(clientCertFile) => change({ clientCertFile })}
              placeholder="/path/to/charger.crt"
            />
            <PathInput
              id={`${id}-key`}
              label="Client key file"
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
              <input
                id={id}
                value={draft.user}
                onChange={(e) => change({ user: e.target.value })}
                placeholder="user (charger identity)"
                autoComplete="off"
                aria-label="User"
              />
              <input
                type="password"
                value={draft.password}
                onChange={(e) => change({ password: e.target.value })}
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

/**
 * What a service that connects to a CSMS (the proxy, the serial bridge) needs to reach it: the CA
 * to trust, whether to verify at all, the client certificate of security profile 3, and Basic
 * credentials. The proxy's and the serial bridge's start forms both show these.
 */
import { Field, TextField } from '../../components/Field';
import { TextInput } from '../../components/Inputs';

export interface CsmsTlsDraft {
  upstreamCaFile: string;
  insecure: boolean;
  clientCertFile: string;
  clientKeyFile: string;
}

interface Props {
  draft: CsmsTlsDraft;
  change: (patch: Partial<CsmsTlsDraft>) => void;
  /** Who presents the client certificate, in a sentence: `the proxy`, `the bridge`. */
  presenter: string;
}

export function CsmsTlsFields({ draft, change, presenter }: Props) {
  return (
    <>
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
        hint={`Security profile 3: the certificate and key (PEM) ${presenter} presents to the CSMS.`}
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
    </>
  );
}

/** A user and a password side by side; the password field never autofills a saved one. */
export function CredentialInputs({
  id,
  user,
  password,
  change,
  userPlaceholder = 'user (charger identity)',
}: {
  id: string;
  user: string;
  password: string;
  change: (patch: { user?: string; password?: string }) => void;
  userPlaceholder?: string;
}) {
  return (
    <div className="field-pair">
      <TextInput
        id={id}
        value={user}
        set={(user) => change({ user })}
        placeholder={userPlaceholder}
        autoComplete="off"
        aria-label="User"
      />
      <TextInput
        type="password"
        value={password}
        set={(password) => change({ password })}
        placeholder="password"
        autoComplete="new-password"
        aria-label="Password"
      />
    </div>
  );
}

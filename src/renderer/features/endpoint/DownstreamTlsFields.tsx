/**
 * The chargers' side of a proxy or a mock CSMS: plain ws, wss with a local CA made here, or wss with
 * the engineer's files.
 */
import { Field, Segmented, TextField } from '../../components/Field';

export type TlsMode = 'none' | 'auto' | 'files';

/** The fields the proxy's and the mock CSMS's start forms share. */
export interface TlsDraft {
  tls: TlsMode;
  certFile: string;
  keyFile: string;
}

interface Props {
  draft: TlsDraft;
  change: (patch: Partial<TlsDraft>) => void;
}

const MODES = [
  { value: 'none', text: 'None (ws://)', title: 'Chargers connect without TLS' },
  { value: 'auto', text: 'Auto (local CA)', title: 'A certificate signed by a CA kept in the data dir' },
  { value: 'files', text: 'Certificate files', title: 'Your own certificate and key (PEM)' },
] as const satisfies readonly { value: TlsMode; text: string; title: string }[];

export function DownstreamTlsFields({ draft, change }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Charger side TLS</legend>
      <Field
        label="TLS"
        hint={
          draft.tls === 'auto'
            ? 'Chargers connect with wss://. Install the CA certificate shown once it runs on each charger.'
            : draft.tls === 'files'
              ? 'Chargers connect with wss://, checked against your certificate (PEM files on this machine).'
              : undefined
        }
      >
        {() => (
          <Segmented
            label="Charger side TLS"
            value={draft.tls}
            options={MODES}
            onChange={(tls) => change({ tls })}
          />
        )}
      </Field>
      {draft.tls === 'files' && (
        <>
          <TextField
            label="Certificate file"
            code
            value={draft.certFile}
            set={(certFile) => change({ certFile })}
            placeholder="/path/to/server.crt"
          />
          <TextField
            label="Key file"
            code
            value={draft.keyFile}
            set={(keyFile) => change({ keyFile })}
            placeholder="/path/to/server.key"
          />
        </>
      )}
    </fieldset>
  );
}

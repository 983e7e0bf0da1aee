/**
 * The chargers' side of a proxy or a mock CSMS: plain ws, wss with a local CA made here, or wss with
 * the engineer's files.
 */
import { Field, Segmented } from '../../components/Field';
import type { ProxyDraft, TlsMode } from './proxy-form';

/** The fields the proxy's and the mock CSMS's start forms share. */
export type TlsDraft = Pick<ProxyDraft, 'tls' | 'certFile' | 'keyFile'>;

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
          <Field label="Certificate file">
            {(id) => (
              <input
                id={id}
                className="mono"
                value={draft.certFile}
                onChange={(e) => change({ certFile: e.target.value })}
                placeholder="/path/to/server.crt"
                spellCheck={false}
              />
            )}
          </Field>
          <Field label="Key file">
            {(id) => (
              <input
                id={id}
                className="mono"
                value={draft.keyFile}
                onChange={(e) => change({ keyFile: e.target.value })}
                placeholder="/path/to/server.key"
                spellCheck={false}
              />
            )}
          </Field>
        </>
      )}
    </fieldset>
  );
}

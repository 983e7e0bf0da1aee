/**
 * Which side OCPP Scope plays and who the other side is: as the station, the CSMS it connects to
 * (a running mock CSMS is one click); as the CSMS, where the station connects.
 */
import { Field, Segmented, TextField } from '../../components/Field';
import { useCsms } from '../../state/csms';
import type { DraftErrors, ReplayDraft } from './replay-form';

interface Props {
  draft: ReplayDraft;
  change: (patch: Partial<ReplayDraft>) => void;
  errors: DraftErrors;
}

const SIDES = [
  { value: 'station', text: 'as the station', title: 'Send the station’s CALLs to a CSMS' },
  { value: 'csms', text: 'as the CSMS', title: 'Wait for the station, then send it the CSMS’s CALLs' },
] as const;

function MockCsmsPicks({ pick, target }: { pick: (url: string) => void; target: string }) {
  const servers = useCsms((s) => s.servers);
  if (servers.length === 0) return null;
  return (
    <span className="replay-picks">
      {servers.map((server) => (
        <button
          key={server.id}
          type="button"
          className="replay-pick mono"
          aria-pressed={target.trim() === server.url}
          onClick={() => pick(server.url)}
          data-testid="replay-pick-csms"
        >
          mock CSMS {server.url}
        </button>
      ))}
    </span>
  );
}

export function ReplayPeerFields({ draft, change, errors }: Props) {
  const station = draft.as === 'station';
  return (
    <fieldset className="form-section">
      <legend>Peer</legend>
      <Field
        label="Play"
        hint={
          station
            ? 'Same identity and subprotocol as recorded; the CSMS’s CALLs are answered from the recording.'
            : 'The station connects to the address below; its CALLs are answered from the recording.'
        }
      >
        {() => (
          <Segmented label="Side played" value={draft.as} options={SIDES} onChange={(as) => change({ as })} />
        )}
      </Field>
      {station ? (
        <>
          <TextField
            label="CSMS URL"
            hint={
              <>
                The station’s identity is appended (or replaces <code>{'{id}'}</code>).{' '}
                <MockCsmsPicks pick={(target) => change({ target })} target={draft.target} />
              </>
            }
            error={errors.target}
            aria-invalid={errors.target !== undefined}
            code
            value={draft.target}
            set={(target) => change({ target })}
            placeholder="ws://127.0.0.1:9000/ocpp"
            data-testid="replay-target"
          />
          <TextField
            label="Basic auth"
            hint="Optional. USER:PASS, sent to the CSMS (the recording keeps no password)."
            error={errors.auth}
            aria-invalid={errors.auth !== undefined}
            code
            value={draft.auth}
            set={(auth) => change({ auth })}
            placeholder="CP-ACME-0042:secret"
            autoComplete="off"
          />
          {draft.target.trim().toLowerCase().startsWith('wss://') && (
            <Field label="Certificate" hint="Only for lab CSMSs with a self-signed certificate.">
              {(id) => (
                <label className="check" htmlFor={id}>
                  <input
                    id={id}
                    type="checkbox"
                    checked={draft.insecure}
                    onChange={(e) => change({ insecure: e.target.checked })}
                  />
                  do not verify the CSMS’s certificate
                </label>
              )}
            </Field>
          )}
        </>
      ) : (
        <TextField
          label="Listen on"
          hint={
            <>
              <code>HOST:PORT</code> the station connects to, followed by its identity.{' '}
              <code>0.0.0.0:9000</code> accepts a charger on the network; <code>127.0.0.1:0</code> only this
              machine, on a free port.
            </>
          }
          error={errors.listen}
          aria-invalid={errors.listen !== undefined}
          code
          value={draft.listen}
          set={(listen) => change({ listen })}
          placeholder="0.0.0.0:9000"
          data-testid="replay-listen"
        />
      )}
    </fieldset>
  );
}

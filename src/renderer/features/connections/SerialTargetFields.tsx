/**
 * Where the bridge takes the charger's frames: a mock CSMS of its own or a real CSMS (with its
 * credentials and TLS folded away until needed), as which station, speaking which OCPP version.
 */
import { useState } from 'react';
import { Field, Segmented, TextField } from '../../components/Field';
import { defaultStationId, SERIAL_PROTOCOLS, type SerialProtocol } from '../../../shared/serial/config';
import { CredentialInputs, CsmsTlsFields } from './CsmsTlsFields';
import type { SerialDraft, SerialTarget } from './serial-form';

interface Props {
  draft: SerialDraft;
  change: (patch: Partial<SerialDraft>) => void;
}

const TARGETS = [
  {
    value: 'mock',
    text: 'Mock CSMS (started for this bridge)',
    title: 'A mock CSMS on this machine, started with the bridge and stopped with it',
  },
  { value: 'url', text: 'CSMS URL', title: 'A CSMS you name (ws:// or wss://)' },
] as const satisfies readonly { value: SerialTarget; text: string; title: string }[];

const PROTOCOLS = SERIAL_PROTOCOLS.map((p) => ({ value: p, text: p }));

/** Open when the last form used any of them: they are not to be forgotten behind a fold. */
function securityInUse(d: SerialDraft): boolean {
  return (
    d.user !== '' ||
    d.upstreamCaFile !== '' ||
    d.insecure ||
    d.clientCertFile !== '' ||
    d.clientKeyFile !== ''
  );
}

export function SerialTargetFields({ draft, change }: Props) {
  const port = draft.port.trim();
  // Not derived from the draft on every render: clearing a field must not fold it away under the cursor.
  const [folded, setFolded] = useState(() => !securityInUse(draft));
  return (
    <fieldset className="form-section">
      <legend>CSMS</legend>
      <Field label="Bridge to">
        {() => (
          <Segmented
            label="Bridge to"
            value={draft.target}
            options={TARGETS}
            onChange={(target) => change({ target })}
          />
        )}
      </Field>
      {draft.target === 'url' && (
        <TextField
          label="CSMS URL"
          hint={
            <>
              <code>ws://</code> or <code>wss://</code>. The station identity is appended to it, or put{' '}
              <code>{'{id}'}</code> where it goes.
            </>
          }
          code
          value={draft.upstream}
          set={(upstream) => change({ upstream })}
          placeholder="wss://csms.example.com/ocpp/"
          required
        />
      )}
      <TextField
        label="Station identity"
        hint="The identity the bridge connects as. By default the port's name."
        code
        value={draft.stationId}
        set={(stationId) => change({ stationId })}
        placeholder={port === '' ? "the port's name, e.g. ttyUSB0" : defaultStationId(port)}
      />
      <Field
        label="Protocol"
        hint="The OCPP version the charger speaks, offered to the CSMS as the subprotocol."
      >
        {() => (
          <Segmented<SerialProtocol>
            label="Protocol"
            value={draft.protocol}
            options={PROTOCOLS}
            onChange={(protocol) => change({ protocol })}
          />
        )}
      </Field>
      <TextField
        label="Session name"
        hint={`Optional. By default “Serial ${port === '' ? '<port>' : port}”.`}
        value={draft.name}
        set={(name) => change({ name })}
        placeholder="e.g. Wallbox rev C on the bench"
      />
      {draft.target === 'url' && (
        <details className="form-fold" open={!folded} onToggle={(e) => setFolded(!e.currentTarget.open)}>
          <summary>Credentials and TLS toward the CSMS</summary>
          <Field
            label="Basic auth"
            hint="Security profiles 1 and 2: USER:PASS sent to the CSMS (the user is normally the station identity). None when empty."
          >
            {(id) => (
              <CredentialInputs
                id={id}
                user={draft.user}
                password={draft.password}
                change={change}
                userPlaceholder="user (station identity)"
              />
            )}
          </Field>
          <CsmsTlsFields draft={draft} change={change} presenter="the bridge" />
        </details>
      )}
    </fieldset>
  );
}

/** Where chargers connect, where the proxy connects, and the session's name. */
import { TextField } from '../../components/Field';
import { ListenField } from '../endpoint/ListenField';
import type { ProxyDraft } from './proxy-form';

interface Props {
  draft: ProxyDraft;
  change: (patch: Partial<ProxyDraft>) => void;
}

export function EndpointFields({ draft, change }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Endpoints</legend>
      <ListenField value={draft.listen} set={(listen) => change({ listen })} example="0.0.0.0:8080" />
      <TextField
        label="CSMS URL"
        hint={
          <>
            <code>ws://</code> or <code>wss://</code>. The charger&apos;s identity is appended to it, or put{' '}
            <code>{'{id}'}</code> where it goes: <code>wss://csms.example.com/ocpp/{'{id}'}/ws</code>.
          </>
        }
        code
        value={draft.upstream}
        set={(upstream) => change({ upstream })}
        placeholder="wss://csms.example.com/ocpp/"
        required
      />
      <TextField
        label="Session name"
        hint="Optional. By default “Proxy to <CSMS URL>”."
        value={draft.name}
        set={(name) => change({ name })}
        placeholder="e.g. ACME wallbox vs. staging CSMS"
      />
    </fieldset>
  );
}

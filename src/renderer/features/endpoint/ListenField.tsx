/** Where a service that chargers connect to (the proxy, the mock CSMS) listens. */
import { TextField } from '../../components/Field';

interface Props {
  value: string;
  set: (listen: string) => void;
  /** The address given as the example for chargers on the network, e.g. `0.0.0.0:8080`. */
  example: string;
  /** Says that chargers add their identity to the URL (the mock CSMS's form). */
  withIdentity?: boolean;
}

export function ListenField({ value, set, example, withIdentity = false }: Props) {
  return (
    <TextField
      label="Listen on"
      hint={
        <>
          <code>HOST:PORT</code> chargers connect to{withIdentity ? ', followed by their identity' : ''}.{' '}
          <code>{example}</code> accepts chargers on the network; <code>127.0.0.1:0</code> only this machine,
          on a free port.
        </>
      }
      code
      value={value}
      set={set}
      placeholder={example}
      required
    />
  );
}

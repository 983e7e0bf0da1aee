/**
 * The serial ports the system reports, read when the form opens and again on demand (an adapter
 * plugged in while the form is open). Why the system could not list them is kept to be shown:
 * the path can always be typed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SerialPortInfo } from '../../../shared/serial/config';
import { listSerialPorts } from '../../state/serial';

export interface SerialPorts {
  /** Undefined until the first answer. */
  ports: SerialPortInfo[] | undefined;
  error: string | undefined;
  loading: boolean;
  refresh: () => void;
}

export function useSerialPorts(): SerialPorts {
  const [ports, setPorts] = useState<SerialPortInfo[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let current = true;
    void listSerialPorts().then((outcome) => {
      if (!current) return;
      setLoading(false);
      if (outcome.ok) {
        setPorts(outcome.value.ports);
        setError(outcome.value.error);
      } else {
        setPorts([]);
        setError(outcome.error);
      }
    });
    return () => {
      current = false;
    };
  }, [asked]);
  const refresh = useCallback(() => {
    setLoading(true);
    setAsked((n) => n + 1);
  }, []);
  return { ports, error, loading, refresh };
}

/** What identifies an adapter besides its path: `FTDI · 0403:6001 · SN A10K3`. */
export function describePort(port: SerialPortInfo): string {
  const parts: string[] = [];
  if (port.manufacturer) parts.push(port.manufacturer);
  if (port.vendorId && port.productId) parts.push(`${port.vendorId}:${port.productId}`);
  else if (port.vendorId) parts.push(`vendor ${port.vendorId}`);
  if (port.serialNumber) parts.push(`SN ${port.serialNumber}`);
  return parts.join(' · ');
}

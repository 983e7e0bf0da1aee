/**
 * The start form of the mock CSMS: where it listens, TLS, the capture file, and the behaviour
 * last used. Engineers start the same bench CSMS again and again, so the form remembers it, except
 * what must not be reused: the capture file (never overwritten) and the stations' passwords.
 */
import { parseCsmsConfig, type CsmsConfig } from '../../../shared/csms/config';
import type { CsmsStartParams } from '../../../shared/csms/info';
import type { TlsDraft } from '../endpoint/DownstreamTlsFields';

export interface EndpointDraft extends TlsDraft {
  listen: string;
  name: string;
  captureFile: string;
}

const DEFAULT_ENDPOINT: EndpointDraft = {
  listen: '0.0.0.0:9000',
  name: '',
  captureFile: '',
  tls: 'none',
  certFile: '',
  keyFile: '',
};

const STORAGE_KEY = 'ocpp-scope.csms-form';

export function loadLastUsed(): { endpoint: EndpointDraft; config?: CsmsConfig } {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return { endpoint: DEFAULT_ENDPOINT };
    const { endpoint, config } = stored as Record<string, unknown>;
    const draft: EndpointDraft = { ...DEFAULT_ENDPOINT };
    if (typeof endpoint === 'object' && endpoint !== null) {
      for (const [key, fallback] of Object.entries(DEFAULT_ENDPOINT)) {
        const value = (endpoint as Record<string, unknown>)[key];
        if (key !== 'captureFile' && typeof value === typeof fallback) Object.assign(draft, { [key]: value });
      }
    }
    return { endpoint: draft, ...configOf(config) };
  } catch {
    // Nothing stored that reads: start from the defaults.
    return { endpoint: DEFAULT_ENDPOINT };
  }
}

/** A stored config an older version wrote may no longer read: then the defaults apply. */
function configOf(value: unknown): { config?: CsmsConfig } {
  try {
    return { config: parseCsmsConfig(value) };
  } catch {
    return {};
  }
}

export function saveLastUsed(endpoint: EndpointDraft, config: CsmsConfig): void {
  try {
    localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ endpoint: { ...endpoint, captureFile: '' }, config: { ...config, stations: {} } }),
    );
  } catch {
    // Storage full or disabled: the form simply starts from the defaults next time.
  }
}

/** The start parameters, or what the user must fix first. */
export function toStartParams(
  d: EndpointDraft,
  config: CsmsConfig,
): { params: CsmsStartParams } | { error: string } {
  const listen = d.listen.trim();
  if (listen === '') return { error: 'Enter the address to listen on, e.g. 0.0.0.0:9000 or 127.0.0.1:0.' };
  const params: CsmsStartParams = { listen, config };
  if (d.name.trim() !== '') params.name = d.name.trim();
  if (d.captureFile.trim() !== '') params.captureFile = d.captureFile.trim();
  if (d.tls === 'auto') params.tls = 'auto';
  if (d.tls === 'files') {
    if (d.certFile.trim() === '' || d.keyFile.trim() === '')
      return { error: 'TLS with your own certificate needs both the certificate and the key file.' };
    params.tls = { certFile: d.certFile.trim(), keyFile: d.keyFile.trim() };
  }
  return { params };
}

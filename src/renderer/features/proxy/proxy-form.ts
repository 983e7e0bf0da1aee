/**
 * The start form's fields as the user typed them, and the ProxyConfig they make. Main checks the
 * config again (and says what is wrong); here only what the form itself can tell is caught.
 */
import type { ProxyConfig } from '../../../shared/proxy/config';
import type { TlsDraft } from '../endpoint/DownstreamTlsFields';
import { formDrafts } from '../../state/form-draft';

export type AuthMode = 'passthrough' | 'basic';

export interface ProxyDraft extends TlsDraft {
  listen: string;
  upstream: string;
  name: string;
  upstreamCaFile: string;
  insecure: boolean;
  clientCertFile: string;
  clientKeyFile: string;
  auth: AuthMode;
  user: string;
  /** Never stored. */
  password: string;
}

export const DEFAULT_DRAFT: ProxyDraft = {
  listen: '0.0.0.0:8080',
  upstream: '',
  name: '',
  tls: 'none',
  certFile: '',
  keyFile: '',
  upstreamCaFile: '',
  insecure: false,
  clientCertFile: '',
  clientKeyFile: '',
  auth: 'passthrough',
  user: '',
  password: '',
};

const drafts = formDrafts<ProxyDraft>('ocpp-scope.proxy-form', DEFAULT_DRAFT, ['password']);

/** The last form used, without its password: the same one is started again and again. */
export const loadDraft = (): ProxyDraft => drafts.load();
export const saveDraft = (draft: ProxyDraft): void => drafts.save(draft);

/** The config to send, or what the user must fix first. */
export function toConfig(d: ProxyDraft): { config: ProxyConfig } | { error: string } {
  const listen = d.listen.trim();
  const upstream = d.upstream.trim();
  if (listen === '') return { error: 'Enter the address to listen on, e.g. 0.0.0.0:8080 or 127.0.0.1:0.' };
  if (upstream === '') return { error: 'Enter the CSMS URL (ws:// or wss://).' };
  const config: ProxyConfig = { listen, upstream };
  if (d.name.trim() !== '') config.name = d.name.trim();
  if (d.tls === 'auto') config.tls = 'auto';
  if (d.tls === 'files') {
    if (d.certFile.trim() === '' || d.keyFile.trim() === '')
      return { error: 'TLS with your own certificate needs both the certificate and the key file.' };
    config.tls = { certFile: d.certFile.trim(), keyFile: d.keyFile.trim() };
  }
  if (d.upstreamCaFile.trim() !== '') config.upstreamCaFile = d.upstreamCaFile.trim();
  if (d.insecure) config.insecure = true;
  const cert = d.clientCertFile.trim();
  const key = d.clientKeyFile.trim();
  if ((cert === '') !== (key === ''))
    return { error: 'A client certificate needs both its certificate and its key file.' };
  if (cert !== '') {
    config.clientCertFile = cert;
    config.clientKeyFile = key;
  }
  if (d.auth === 'basic') {
    if (d.user === '' || d.user.includes(':'))
      return { error: 'Enter the user name for Basic auth (it cannot contain a colon).' };
    config.auth = `${d.user}:${d.password}`;
  }
  return { config };
}

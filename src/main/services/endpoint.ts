/**
 * What every service that listens for chargers and records them does the same way (the proxy and
 * the mock CSMS, the serial bridge next): read the engineer's PEM files, set up downstream TLS
 * (their certificate, or one from the local CA), say clearly why a port cannot be listened on,
 * and hand each recorded entry to the live session and to whoever watches (the CLI).
 */
import { readFile } from 'node:fs/promises';
import type { Entry, NewEntry } from '../../shared/capture/entry';
import { RpcError } from '../../shared/rpc/errors';
import type { CaptureStore } from './capture/store';
import { ensureLocalTls, tlsHostnamesFor } from './proxy/certificates';

export async function readPem(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new RpcError(
      'invalid',
      `cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** How a service that connects to a CSMS as a station trusts it and proves itself (PEM bytes). */
export interface UpstreamTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecure?: boolean;
}

/** The engineer's upstream TLS files read: an extra CA, a client certificate (profile 3), or no verification. */
export async function upstreamTls(
  files: { upstreamCaFile?: string; clientCertFile?: string; clientKeyFile?: string; insecure?: boolean },
  warnings: string[],
): Promise<UpstreamTls> {
  const tls: UpstreamTls = {};
  if (files.upstreamCaFile !== undefined) tls.ca = await readPem(files.upstreamCaFile, 'upstream CA');
  if ((files.clientCertFile === undefined) !== (files.clientKeyFile === undefined)) {
    throw new RpcError('bad-params', 'a client certificate needs both its certificate and its key file');
  }
  if (files.clientCertFile !== undefined && files.clientKeyFile !== undefined) {
    tls.cert = await readPem(files.clientCertFile, 'client certificate');
    tls.key = await readPem(files.clientKeyFile, 'client key');
  }
  if (files.insecure === true) {
    tls.insecure = true;
    warnings.push('the CSMS certificate is NOT verified (insecure): use this only with a lab CSMS');
  }
  return tls;
}

export interface DownstreamTls {
  tls?: { cert: Buffer | string; key: Buffer | string };
  /** With `auto`: the local CA to install on the chargers. */
  caCertPath?: string;
}

/** `auto`: a server certificate from the local CA in the data dir (made on first use). */
export async function downstreamTls(
  choice: 'auto' | { certFile: string; keyFile: string } | undefined,
  listenHost: string,
  dataDir: string,
  warnings: string[],
): Promise<DownstreamTls> {
  if (choice === undefined) return {};
  if (choice === 'auto') {
    const local = await ensureLocalTls(dataDir, tlsHostnamesFor(listenHost));
    if (local.created.ca)
      warnings.push(`a new local CA was created: install ${local.caCertPath} on the chargers`);
    return { tls: { cert: local.cert, key: local.key }, caCertPath: local.caCertPath };
  }
  return {
    tls: {
      cert: await readPem(choice.certFile, 'TLS certificate'),
      key: await readPem(choice.keyFile, 'TLS key'),
    },
  };
}

/** Why `listen` (HOST:PORT as the user wrote it) could not be listened on, in their terms. */
export function listenError(error: unknown, listen: string, host: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new RpcError('invalid', `${listen} is already in use: pick another port`);
  if (code === 'EADDRNOTAVAIL') return new RpcError('invalid', `${host} is not an address of this machine`);
  if (code === 'EACCES')
    return new RpcError('invalid', `not allowed to listen on ${listen} (ports below 1024 need privileges)`);
  return error;
}

/** Records into a live session, telling `onEntry` (the CLI's printer) each entry as stamped. */
export function liveSink(
  store: CaptureStore,
  sessionId: string,
  onEntry: ((entry: Entry) => void) | undefined,
): { append(entry: NewEntry): Entry } {
  return {
    append(entry) {
      const stamped = store.append(sessionId, entry);
      onEntry?.(stamped);
      return stamped;
    },
  };
}

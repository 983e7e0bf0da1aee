/**
 * Certificates for `--tls-auto`: a local CA, made once per data folder and installed on the
 * chargers by the engineer, and a server certificate it signs for the proxy's host names and
 * addresses (security profiles 2 and 3 need `wss://`; ocpp-notes, "Versions and transport").
 *
 * Kept in `<dataDir>/tls/`: `ca.pem`, `ca-key.pem` (0600), `server.pem`, `server-key.pem` (0600).
 * The server certificate is reissued when it has expired or will within 30 days, lacks a requested
 * name, or no longer matches its key or the CA; the CA is kept while it is usable, so chargers
 * trust it once. Keys come from node:crypto (RSA 2048, off the event loop); node-forge builds and
 * signs the certificates; node:crypto's X509Certificate checks what is on disk.
 */
import { X509Certificate, createPrivateKey, generateKeyPair, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname as machineHostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface KeyAndCert {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (PKCS#8). */
  key: string;
}

export interface CertificateAuthorityOptions {
  commonName: string;
  /** Default 3650 (about 10 years). */
  validDays?: number;
  /** The clock to issue against (tests). */
  now?: Date;
}

export interface IssueOptions {
  commonName: string;
  /** `server`: serverAuth EKU; `client`: clientAuth EKU (a profile-3 client certificate). */
  usage: 'server' | 'client';
  /** DNS names and IP addresses for the subjectAltName (IPs recognised by node:net isIP). */
  hostnames?: string[];
  /** Default 730 (about 2 years); never beyond the CA's own expiry. */
  validDays?: number;
  now?: Date;
}

export interface LocalTls extends KeyAndCert {
  /** The local CA certificate (PEM): what the chargers must trust. */
  caCert: string;
  caCertPath: string;
  certPath: string;
  keyPath: string;
  /** The names the server certificate covers (requested ones plus the loopback defaults). */
  hostnames: string[];
  /** What this call made: a new CA means every charger must be given the new `ca.pem`. */
  created: { ca: boolean; server: boolean };
  /** Why the server certificate was reissued, when it was (e.g. `it lacks 192.168.1.20`). */
  reason?: string;
}

export const TLS_DIR_NAME = 'tls';
export const TLS_FILES = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
} as const;

/** Names every local server certificate carries, whatever was asked for. */
export const DEFAULT_TLS_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALID_DAYS = 3650;
const SERVER_VALID_DAYS = 730;
/** Reissue this long before expiry. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
/** Chargers' clocks drift: certificates are valid from a day before they are made. */
const BACKDATE_MS = DAY_MS;
/** X.520 upper bound for a common name. */
const MAX_CN = 64;

const generateKeyPairAsync = promisify(generateKeyPair);

async function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A positive 128-bit serial number, hex. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  if (bytes[0] === 0) bytes[0] = 1;
  return bytes.toString('hex');
}

function commonName(text: string): string {
  return text.length <= MAX_CN ? text : text.slice(0, MAX_CN);
}

/** The CA's name: `OCPP Scope local CA (<this machine's hostname>)`, within 64 characters. */
export function localCaName(host: string = machineHostname()): string {
  const prefix = 'OCPP Scope local CA (';
  return `${prefix}${host.slice(0, MAX_CN - prefix.length - 1)})`;
}

/**
 * The names a certificate should carry, normalised: trimmed, lower-case, IPv6 brackets removed,
 * duplicates and unspecified addresses (`0.0.0.0`, `::`, which no client connects to) dropped;
 * the loopback defaults are appended.
 */
export function normalizeHostnames(hostnames: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of [...hostnames, ...DEFAULT_TLS_HOSTNAMES]) {
    let name = raw.trim().toLowerCase();
    if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
    if (name === '' || name === '*' || name === '0.0.0.0' || name === '::') continue;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The names chargers may use to reach a proxy listening on `listenHost`: the host itself and
 * this machine's hostname; for a wildcard listen address, every non-internal interface address.
 */
export function tlsHostnamesFor(listenHost: string): string[] {
  const names = [listenHost, machineHostname()];
  const wildcard = ['', '0.0.0.0', '::', '[::]'].includes(listenHost.trim());
  if (wildcard) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) {
        if (address.internal) continue;
        // Link-local IPv6 addresses need a zone id, which no certificate can name.
        if (address.family === 'IPv6' && address.address.toLowerCase().startsWith('fe80:')) continue;
        names.push(address.address);
      }
    }
  }
  return normalizeHostnames(names);
}

/** A new self-signed CA: CA:true (path length 0), keyCertSign + cRLSign, SHA-256, RSA 2048. */
export async function createCertificateAuthority(options: CertificateAuthorityOptions): Promise<KeyAndCert> {
  const now = options.now ?? new Date();
  const keys = await rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + (options.validDays ?? CA_VALID_DAYS) * DAY_MS);
  const subject = [
    { name: 'commonName', value: commonName(options.commonName) },
    { name: 'organizationName', value: 'OCPP Scope' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.privateKey };
}

/** A leaf certificate signed by `ca`: a server one (subjectAltName, serverAuth) or a client one. */
export async function issueCertificate(ca: KeyAndCert, options: IssueOptions): Promise<KeyAndCert> {
  const now = options.now ?? new Date();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const keys = await rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = now.getTime() + (options.validDays ?? SERVER_VALID_DAYS) * DAY_MS;
  cert.validity.notAfter = new Date(Math.min(notAfter, caCert.validity.notAfter.getTime()));
  cert.setSubject([
    { name: 'commonName', value: commonName(options.commonName) },
    { name: 'organizationName', value: 'OCPP Scope' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = (options.hostnames ?? []).map((name) =>
    isIP(name) !== 0 ? { type: 7, ip: name } : { type: 2, value: name },
  );
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    options.usage === 'server'
      ? { name: 'extKeyUsage', serverAuth: true }
      : { name: 'extKeyUsage', clientAuth: true },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.privateKey };
}

/** Why a CA on disk can no longer be used, or undefined when it can. */
export function caProblem(ca: KeyAndCert, now: Date = new Date()): string | undefined {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(ca.cert);
    if (!x509.checkPrivateKey(createPrivateKey(ca.key))) return 'the CA key does not match its certificate';
  } catch (error) {
    return `the CA files cannot be read (${(error as Error).message})`;
  }
  if (!x509.ca) return 'the CA certificate is not a CA';
  if (Date.parse(x509.validTo) - now.getTime() < RENEW_BEFORE_MS) return `the CA expires ${x509.validTo}`;
  return undefined;
}

/**
 * Why a server certificate must be reissued, or undefined when it is still good: unreadable,
 * not yet or no longer valid (or within 30 days of expiry), not signed by `caCert`, not matching
 * its key, or missing one of `hostnames`.
 */
export function serverCertificateProblem(
  server: KeyAndCert,
  caCert: string,
  hostnames: readonly string[],
  now: Date = new Date(),
): string | undefined {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(server.cert);
    if (!x509.checkPrivateKey(createPrivateKey(server.key))) return 'its key does not match it';
    if (!x509.verify(new X509Certificate(caCert).publicKey)) return 'it was not signed by the current CA';
  } catch (error) {
    return `it cannot be read (${(error as Error).message})`;
  }
  if (Date.parse(x509.validFrom) > now.getTime()) return `it is not valid before ${x509.validFrom}`;
  const left = Date.parse(x509.validTo) - now.getTime();
  if (left <= 0) return `it expired ${x509.validTo}`;
  if (left < RENEW_BEFORE_MS) return `it expires ${x509.validTo}`;
  for (const name of hostnames) {
    const covered =
      isIP(name) !== 0
        ? x509.checkIP(name) !== undefined
        : x509.checkHost(name, { subject: 'never' }) !== undefined;
    if (!covered) return `it lacks ${name}`;
  }
  return undefined;
}

async function readPair(certPath: string, keyPath: string): Promise<KeyAndCert | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { cert, key };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes through a temp file and a rename, so a reader never sees half a PEM. */
async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode });
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function tlsPaths(dataDir: string) {
  const dir = join(dataDir, TLS_DIR_NAME);
  return {
    dir,
    caCert: join(dir, TLS_FILES.caCert),
    caKey: join(dir, TLS_FILES.caKey),
    serverCert: join(dir, TLS_FILES.serverCert),
    serverKey: join(dir, TLS_FILES.serverKey),
  };
}

/** One generation at a time per folder in this process (the serve host and the CLI may both ask). */
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(dataDir);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

async function ensureCa(
  paths: ReturnType<typeof tlsPaths>,
  now: Date,
): Promise<{ ca: KeyAndCert; created: boolean }> {
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const existing = await readPair(paths.caCert, paths.caKey);
  if (existing !== undefined && caProblem(existing, now) === undefined)
    return { ca: existing, created: false };
  const ca = await createCertificateAuthority({ commonName: localCaName(), now });
  // The key first: a ca.pem on disk always has its key next to it.
  await writeAtomic(paths.caKey, ca.key, 0o600);
  await writeAtomic(paths.caCert, ca.cert, 0o644);
  return { ca, created: true };
}

/**
 * The proxy's downstream certificate for `--tls-auto`, made or reissued as needed (see the module
 * comment). `hostnames` are the names and addresses chargers use to reach the proxy (see
 * tlsHostnamesFor); localhost, 127.0.0.1 and ::1 are always included.
 */
export function ensureLocalTls(
  dataDir: string,
  hostnames: readonly string[],
  options: { now?: Date } = {},
): Promise<LocalTls> {
  return serialized(dataDir, async () => {
    const now = options.now ?? new Date();
    const paths = tlsPaths(dataDir);
    const names = normalizeHostnames(hostnames);
    const { ca, created: caCreated } = await ensureCa(paths, now);
    const existing = await readPair(paths.serverCert, paths.serverKey);
    const reason =
      existing === undefined ? 'there was none' : serverCertificateProblem(existing, ca.cert, names, now);
    let server = existing;
    if (server === undefined || reason !== undefined) {
      server = await issueCertificate(ca, {
        commonName: `OCPP Scope proxy (${names[0] ?? 'localhost'})`,
        usage: 'server',
        hostnames: names,
        now,
      });
      await writeAtomic(paths.serverKey, server.key, 0o600);
      await writeAtomic(paths.serverCert, server.cert, 0o644);
    }
    return {
      cert: server.cert,
      key: server.key,
      caCert: ca.cert,
      caCertPath: paths.caCert,
      certPath: paths.serverCert,
      keyPath: paths.serverKey,
      hostnames: names,
      created: { ca: caCreated, server: reason !== undefined },
      ...(reason !== undefined ? { reason } : {}),
    };
  });
}

/**
 * The local CA certificate to install on chargers (made now if there is none yet, so it can be
 * installed before the proxy first runs). Only the certificate: the CA key never leaves `tls/`.
 */
export function exportCaCertificate(
  dataDir: string,
  options: { now?: Date } = {},
): Promise<{ pem: string; path: string; created: boolean }> {
  return serialized(dataDir, async () => {
    const paths = tlsPaths(dataDir);
    const { ca, created } = await ensureCa(paths, options.now ?? new Date());
    return { pem: ca.cert, path: paths.caCert, created };
  });
}

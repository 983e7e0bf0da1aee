import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type TLSSocket } from 'node:tls';
import forge from 'node-forge';
import {
  createCertificateAuthority,
  ensureLocalTls,
  issueCertificate,
  exportCaCertificate,
  localCaName,
  normalizeHostnames,
  tlsHostnamesFor,
  type KeyAndCert,
} from '../../../../../src/main/services/proxy/certificates';
import { makeTempDir, removeDir } from '../../../support';

const DAY = 24 * 60 * 60 * 1000;
const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

let dataDir: string;

beforeEach(async () => {
  dataDir = await makeTempDir('tls');
});

afterEach(async () => {
  await removeDir(dataDir);
});

function days(x509: X509Certificate): number {
  return (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / DAY;
}

/** The keyUsage bits, read with forge (node:crypto does not expose them). */
function keyUsage(pem: string): Record<string, unknown> {
  const extension = forge.pki.certificateFromPem(pem).getExtension('keyUsage') as
    Record<string, unknown> | undefined;
  assert.ok(extension, 'a keyUsage extension');
  return extension;
}

/**
 * A real TLS handshake: a server with `server`, a client trusting only `caCert` and connecting by
 * `servername` (a host name or an IP). Resolves to the client's authorization error, if any.
 */
async function handshake(
  server: KeyAndCert,
  caCert: string,
  servername: string,
): Promise<string | undefined> {
  const tlsServer = createServer({ cert: server.cert, key: server.key }, (socket) => socket.end());
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  const address = tlsServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    return await new Promise<string | undefined>((resolve) => {
      const socket: TLSSocket = connect({
        host: '127.0.0.1',
        port,
        ca: caCert,
        ...(isIP(servername) ? {} : { servername }),
        // What a charger checks: the name or address it was configured with (127.0.0.1 is dialled).
        checkServerIdentity: (_host, cert) => {
          const x509 = new X509Certificate(cert.raw);
          const ok = isIP(servername) ? x509.checkIP(servername) : x509.checkHost(servername);
          return ok !== undefined ? undefined : new Error(`not valid for ${servername}`);
        },
        rejectUnauthorized: true,
      });
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('error', (error: Error) => {
        socket.destroy();
        resolve(error.message);
      });
    });
  } finally {
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
  }
}

void describe('ensureLocalTls', () => {
  void test('makes a CA and a server certificate that chain, with the right names and usages', async () => {
    const started = performance.now();
    const tls = await ensureLocalTls(dataDir, ['ocpp-lab.example', '192.168.77.5']);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 3000, `generation took ${elapsed.toFixed(0)} ms`);
    assert.deepEqual(tls.created, { ca: true, server: true });
    assert.equal(tls.caCertPath, join(dataDir, 'tls', 'ca.pem'));

    const ca = new X509Certificate(tls.caCert);
    const server = new X509Certificate(tls.cert);
    assert.equal(
      ca.subject.split('\n').find((l) => l.startsWith('CN=')),
      `CN=${localCaName()}`,
    );
    assert.match(localCaName(), /^OCPP Scope local CA \(.+\)$/);
    assert.ok(localCaName().includes(hostname().slice(0, 20)));
    assert.equal(ca.ca, true);
    assert.ok(ca.verify(ca.publicKey), 'the CA is self-signed');
    assert.ok(days(ca) > 3640 && days(ca) < 3660, `CA valid ${days(ca)} days`);
    assert.deepEqual(
      { keyCertSign: keyUsage(tls.caCert)['keyCertSign'], critical: keyUsage(tls.caCert)['critical'] },
      { keyCertSign: true, critical: true },
    );

    assert.equal(server.ca, false);
    assert.ok(server.verify(ca.publicKey), 'the server certificate is signed by the CA');
    assert.ok(server.checkIssued(ca), 'the CA may issue it (names, key ids, keyCertSign)');
    assert.equal(server.issuer, ca.subject);
    assert.ok(days(server) > 725 && days(server) < 735, `server valid ${days(server)} days`);
    assert.ok(Date.parse(server.validFrom) < Date.now() && Date.parse(server.validTo) > Date.now());
    assert.deepEqual(server.keyUsage, [OID_SERVER_AUTH]);
    assert.equal(keyUsage(tls.cert)['digitalSignature'], true);
    for (const name of ['ocpp-lab.example', 'localhost']) assert.equal(server.checkHost(name), name);
    for (const ip of ['192.168.77.5', '127.0.0.1', '::1']) assert.ok(server.checkIP(ip), ip);
    assert.equal(server.checkHost('other.example'), undefined);
    assert.equal(server.checkIP('10.0.0.1'), undefined);
    assert.deepEqual(tls.hostnames, ['ocpp-lab.example', '192.168.77.5', 'localhost', '127.0.0.1', '::1']);

    // What a charger does: a TLS handshake trusting only the exported CA.
    assert.equal(await handshake(tls, tls.caCert, 'localhost'), undefined);
    assert.equal(await handshake(tls, tls.caCert, '127.0.0.1'), undefined);
    assert.match((await handshake(tls, tls.caCert, 'other.example')) ?? '', /not valid for other\.example/);
    const stranger = await createCertificateAuthority({ commonName: 'stranger' });
    assert.match((await handshake(tls, stranger.cert, 'localhost')) ?? '', /certificate/);
  });

  void test('keeps the files, keys readable by the owner only', async () => {
    const tls = await ensureLocalTls(dataDir, []);
    assert.equal(await readFile(join(dataDir, 'tls', 'ca.pem'), 'utf8'), tls.caCert);
    assert.equal(await readFile(join(dataDir, 'tls', 'server.pem'), 'utf8'), tls.cert);
    assert.equal(await readFile(join(dataDir, 'tls', 'server-key.pem'), 'utf8'), tls.key);
    const caKey = await readFile(join(dataDir, 'tls', 'ca-key.pem'), 'utf8');
    assert.match(caKey, /^-----BEGIN PRIVATE KEY-----/);
    assert.ok(new X509Certificate(tls.caCert).checkPrivateKey(createPrivateKey(caKey)));
    if (process.platform !== 'win32') {
      for (const file of ['ca-key.pem', 'server-key.pem']) {
        assert.equal((await stat(join(dataDir, 'tls', file))).mode & 0o777, 0o600, file);
      }
      assert.equal((await stat(join(dataDir, 'tls'))).mode & 0o077, 0, 'the tls folder is private');
    }
  });

  void test('a second call reuses the files', async () => {
    const first = await ensureLocalTls(dataDir, ['ocpp-lab.example']);
    const before = (await stat(first.certPath)).mtimeMs;
    const second = await ensureLocalTls(dataDir, ['OCPP-LAB.example', 'localhost']);
    assert.deepEqual(second.created, { ca: false, server: false });
    assert.equal(second.reason, undefined);
    assert.equal(second.cert, first.cert);
    assert.equal(second.key, first.key);
    assert.equal(second.caCert, first.caCert);
    assert.equal((await stat(first.certPath)).mtimeMs, before);
  });

  void test('concurrent calls agree on one CA and one certificate', async () => {
    const [a, b] = await Promise.all([
      ensureLocalTls(dataDir, ['x.example']),
      ensureLocalTls(dataDir, ['x.example']),
    ]);
    assert.equal(a.caCert, b.caCert);
    assert.equal(a.cert, b.cert);
    assert.equal(await readFile(a.caCertPath, 'utf8'), a.caCert);
  });

  void test('a missing host name reissues the server certificate and keeps the CA', async () => {
    const first = await ensureLocalTls(dataDir, ['ocpp-lab.example']);
    const second = await ensureLocalTls(dataDir, ['10.1.2.3']);
    assert.deepEqual(second.created, { ca: false, server: true });
    assert.equal(second.reason, 'it lacks 10.1.2.3');
    assert.equal(second.caCert, first.caCert);
    assert.notEqual(second.cert, first.cert);
    assert.notEqual(second.key, first.key);
    const server = new X509Certificate(second.cert);
    assert.ok(server.checkIP('10.1.2.3'));
    assert.ok(server.verify(new X509Certificate(first.caCert).publicKey));
  });

  void test('an expired or soon-expiring server certificate is reissued; the CA is kept', async () => {
    const old = await ensureLocalTls(dataDir, [], { now: new Date(Date.now() - 3 * 365 * DAY) });
    assert.ok(Date.parse(new X509Certificate(old.cert).validTo) < Date.now(), 'made already expired');
    const renewed = await ensureLocalTls(dataDir, []);
    assert.match(renewed.reason ?? '', /^it expired /);
    assert.deepEqual(renewed.created, { ca: false, server: true });
    assert.equal(renewed.caCert, old.caCert);
    const x509 = new X509Certificate(renewed.cert);
    assert.ok(Date.parse(x509.validTo) > Date.now() + 700 * DAY);
    assert.ok(x509.verify(new X509Certificate(old.caCert).publicKey));

    // 40 days before expiry it is still good; 20 days before, it is reissued.
    const fine = await ensureLocalTls(dataDir, [], { now: new Date(Date.parse(x509.validTo) - 40 * DAY) });
    assert.equal(fine.created.server, false);
    const again = await ensureLocalTls(dataDir, [], { now: new Date(Date.parse(x509.validTo) - 20 * DAY) });
    assert.match(again.reason ?? '', /^it expires /);
    assert.equal(again.caCert, old.caCert);
  });

  void test('a broken CA is replaced, and the server certificate with it', async () => {
    const first = await ensureLocalTls(dataDir, []);
    await writeFile(join(dataDir, 'tls', 'ca-key.pem'), 'not a key');
    const second = await ensureLocalTls(dataDir, []);
    assert.deepEqual(second.created, { ca: true, server: true });
    assert.notEqual(second.caCert, first.caCert);
    assert.equal(second.reason, 'it was not signed by the current CA');
    assert.ok(new X509Certificate(second.cert).verify(new X509Certificate(second.caCert).publicKey));
  });

  void test('a server key that does not match its certificate is replaced', async () => {
    const first = await ensureLocalTls(dataDir, []);
    const other = await createCertificateAuthority({ commonName: 'other' });
    await writeFile(first.keyPath, other.key);
    const second = await ensureLocalTls(dataDir, []);
    assert.equal(second.reason, 'its key does not match it');
    assert.equal(second.caCert, first.caCert);
  });
});

void describe('exportCaCertificate', () => {
  void test('returns the CA that signs the server certificate, made first if needed', async () => {
    const exported = await exportCaCertificate(dataDir);
    assert.equal(exported.created, true);
    assert.equal(exported.path, join(dataDir, 'tls', 'ca.pem'));
    assert.match(exported.pem, /^-----BEGIN CERTIFICATE-----/);
    assert.doesNotMatch(exported.pem, /PRIVATE KEY/);
    const tls = await ensureLocalTls(dataDir, []);
    assert.equal(tls.created.ca, false);
    assert.equal(tls.caCert, exported.pem);
    const again = await exportCaCertificate(dataDir);
    assert.deepEqual(again, { ...exported, created: false });
  });
});

void describe('host names', () => {
  void test('are normalised, with the loopback defaults and without wildcard addresses', () => {
    assert.deepEqual(normalizeHostnames([' Lab.Example ', '[FE80::1]', '0.0.0.0', '::', '', 'lab.example']), [
      'lab.example',
      'fe80::1',
      'localhost',
      '127.0.0.1',
      '::1',
    ]);
  });

  void test('a wildcard listen address names this machine and its interfaces', () => {
    const names = tlsHostnamesFor('0.0.0.0');
    assert.ok(names.includes(hostname().toLowerCase()));
    assert.ok(!names.includes('0.0.0.0'));
    assert.ok(names.includes('127.0.0.1'));
    assert.deepEqual(tlsHostnamesFor('192.168.4.2').slice(0, 2), ['192.168.4.2', hostname().toLowerCase()]);
  });
});

void describe('issueCertificate', () => {
  void test('issues server and client certificates from any CA', async () => {
    const ca = await createCertificateAuthority({ commonName: 'unit test CA', validDays: 2 });
    const server = await issueCertificate(ca, {
      commonName: 'unit server',
      usage: 'server',
      hostnames: ['localhost', '127.0.0.1'],
      validDays: 5,
    });
    const client = await issueCertificate(ca, { commonName: 'CP-7', usage: 'client' });
    const caX509 = new X509Certificate(ca.cert);
    const serverX509 = new X509Certificate(server.cert);
    const clientX509 = new X509Certificate(client.cert);
    assert.ok(serverX509.verify(caX509.publicKey) && clientX509.verify(caX509.publicKey));
    assert.deepEqual(serverX509.keyUsage, [OID_SERVER_AUTH]);
    assert.deepEqual(clientX509.keyUsage, [OID_CLIENT_AUTH]);
    assert.match(clientX509.subject, /CN=CP-7/);
    assert.equal(clientX509.checkHost('localhost'), undefined, 'a client certificate names no host');
    // Never valid beyond its CA.
    assert.equal(serverX509.validTo, caX509.validTo);
    assert.equal(await handshake(server, ca.cert, 'localhost'), undefined);
    // A client certificate is not a server certificate (EKU clientAuth only).
    assert.match((await handshake(client, ca.cert, '127.0.0.1')) ?? '', /purpose|certificate/);
  });
});

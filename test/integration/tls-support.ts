/**
 * Throwaway PKIs for TLS tests, made with the same code as `--tls-auto`: a CA, a server
 * certificate for localhost / 127.0.0.1 and a client certificate (security profile 3).
 */
import {
  createCertificateAuthority,
  issueCertificate,
  type KeyAndCert,
} from '../../src/main/services/proxy/certificates';

export interface TestPki {
  ca: KeyAndCert;
  /** For localhost, 127.0.0.1 and ::1; serverAuth. */
  server: KeyAndCert;
  /** CN = the given client name; clientAuth. */
  client: KeyAndCert;
}

export async function makeTestPki(name: string, clientName = `${name} client`): Promise<TestPki> {
  const ca = await createCertificateAuthority({ commonName: `${name} test CA`, validDays: 2 });
  const [server, client] = await Promise.all([
    issueCertificate(ca, {
      commonName: `${name} server`,
      usage: 'server',
      hostnames: ['localhost', '127.0.0.1', '::1'],
      validDays: 1,
    }),
    issueCertificate(ca, { commonName: clientName, usage: 'client', validDays: 1 }),
  ]);
  return { ca, server, client };
}

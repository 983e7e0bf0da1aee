/**
 * Handshake headers that carry credentials. OCPP Scope's own captures already keep only the
 * Basic-auth user (`Basic user "CP1", password redacted`, see proxy/upstream.ts); an imported
 * capture may hold the whole header. Redacted, a Basic header reads the way ours do, so the user
 * (the station identity, which a CSMS checks against the URL) stays readable.
 */
import { base64Bytes, utf8Lossy } from '../timeline/console-text';
import { binaryToBase64, utf8Binary } from './bytes';
import type { PrivacyOptions } from './privacy';
import { REDACTED, type ScrubCounts } from './privacy-text';

export interface HeaderContext {
  readonly options: PrivacyOptions;
  readonly counts: ScrubCounts;
  learnSecret(value: string): void;
  /** The pseudonym of a station id (registered when new). */
  station(id: string): string;
  /** Free text, redacted and anonymized as the options say. */
  text(value: string): string;
}

const BASIC = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i;
const OURS = /^Basic user ("(?:[^"\\]|\\.)*"), password redacted$/;
const SCHEME = /^\s*(Bearer|Digest|Token|Negotiate|NTLM|Basic|AWS4-HMAC-SHA256)\s+\S/i;

function splitCredentials(decoded: string, identity: string): { user: string; password?: string } {
  // OCPP identities may contain ':': `<identity>:` first, as CSMSs read it (proxy/upstream.ts).
  if (identity !== '' && decoded.startsWith(`${identity}:`))
    return { user: identity, password: decoded.slice(identity.length + 1) };
  const colon = decoded.indexOf(':');
  return colon < 0
    ? { user: decoded }
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The value of a credential-carrying header as it may leave (`learning`: only note its password
 * and user, return the value as is). `name` decides whether the value can have a scheme.
 */
export function protectHeaderValue(
  name: string,
  value: string,
  identity: string,
  ctx: HeaderContext,
  learning: boolean,
): string {
  const { redact, anonymize } = ctx.options;
  const isAuthorization = /authorization/i.test(name);
  const ours = isAuthorization ? OURS.exec(value) : null;
  if (ours) {
    const user = JSON.parse(ours[1]!) as string;
    if (!anonymize || user === '') return value;
    const pseudonym = ctx.station(user);
    return learning ? value : `Basic user ${JSON.stringify(pseudonym)}, password redacted`;
  }
  const basic = isAuthorization ? BASIC.exec(value) : null;
  if (basic) {
    const { user, password } = splitCredentials(utf8Lossy(base64Bytes(basic[1]!)), identity);
    if (learning) {
      if (redact && password !== undefined) ctx.learnSecret(password);
      if (anonymize && user !== '') ctx.station(user);
      return value;
    }
    const shownUser = anonymize && user !== '' ? ctx.station(user) : user;
    if (redact) {
      ctx.counts.redactions++;
      return password === undefined
        ? `Basic ${REDACTED}`
        : `Basic user ${JSON.stringify(shownUser)}, password redacted`;
    }
    if (shownUser === user) return value;
    const credentials = password === undefined ? shownUser : `${shownUser}:${password}`;
    return `Basic ${binaryToBase64(utf8Binary(credentials))}`;
  }
  const scheme = isAuthorization ? SCHEME.exec(value) : null;
  const redacted = value.includes(REDACTED) || /\(redacted\)\s*$/.test(value);
  if (learning) {
    if (redact && !redacted)
      ctx.learnSecret(scheme ? value.slice(scheme[0].length - 1).trim() : value.trim());
    return value;
  }
  if (!redact) return ctx.text(value);
  if (redacted) return value;
  ctx.counts.redactions++;
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  capturedHeaders,
  describeUpstreamError,
  decodeIdentity,
  identitySegment,
  upstreamHeaders,
  upstreamUrl,
} from '../../../../../src/main/services/proxy/upstream';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;

void describe('identity', () => {
  void test('is the last path segment, still percent-encoded, without the query', () => {
    assert.equal(identitySegment('/ocpp/CP%201?x=1'), 'CP%201');
    assert.equal(identitySegment('/ocpp/CP-1/'), 'CP-1');
    assert.equal(identitySegment('/a%2Fb'), 'a%2Fb');
    assert.equal(identitySegment('/'), '');
    assert.equal(identitySegment('/?x=/y'), '');
  });

  void test('is decoded for people when the encoding is valid', () => {
    assert.equal(decodeIdentity('CP%20%C3%BC%2F1'), 'CP ü/1');
    assert.equal(decodeIdentity('bad%E0%A4%A'), 'bad%E0%A4%A');
  });
});

void describe('upstreamUrl', () => {
  void test('appends the identity as sent to a base URL', () => {
    assert.equal(upstreamUrl('ws://csms/ocpp', '/x/CP%201'), 'ws://csms/ocpp/CP%201');
    assert.equal(upstreamUrl('ws://csms/ocpp///', '/CP1'), 'ws://csms/ocpp/CP1');
  });

  void test('fills every {id} of a template', () => {
    assert.equal(upstreamUrl('wss://csms/{id}/ws/{id}', '/CP%3A1'), 'wss://csms/CP%3A1/ws/CP%3A1');
  });

  void test("keeps the charger's query, after the template's own", () => {
    assert.equal(upstreamUrl('ws://csms/ocpp', '/CP1?a=1&b=%20'), 'ws://csms/ocpp/CP1?a=1&b=%20');
    assert.equal(upstreamUrl('ws://csms/t/{id}?tenant=7', '/CP1?a=1'), 'ws://csms/t/CP1?tenant=7&a=1');
    assert.equal(upstreamUrl('ws://csms/t/{id}?tenant=7', '/CP1'), 'ws://csms/t/CP1?tenant=7');
    assert.equal(upstreamUrl('ws://csms/t?tenant=7', '/CP1'), 'ws://csms/t/CP1?tenant=7');
  });
});

void describe('upstreamHeaders', () => {
  const incoming = {
    host: 'proxy:8080',
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-key': 'k',
    'sec-websocket-version': '13',
    'sec-websocket-protocol': 'ocpp1.6',
    'sec-websocket-extensions': 'permessage-deflate',
    'proxy-authorization': 'Basic eA==',
    authorization: basic('CP1:secret'),
    'user-agent': 'charger/1.0',
    'x-vendor': ['a', 'b'],
  };

  void test('forwards end-to-end headers only', () => {
    assert.deepEqual(upstreamHeaders(incoming, 'passthrough'), {
      authorization: basic('CP1:secret'),
      'user-agent': 'charger/1.0',
      'x-vendor': 'a, b',
    });
  });

  void test('auth replaces the Authorization header (or adds it)', () => {
    const auth = { user: 'CP1', password: 'new: ✓' };
    assert.equal(upstreamHeaders(incoming, auth).authorization, basic('CP1:new: ✓'));
    assert.equal(upstreamHeaders({ 'user-agent': 'x' }, auth).authorization, basic('CP1:new: ✓'));
  });
});

void describe('capturedHeaders', () => {
  void test('keeps the user, never the password', () => {
    const out = capturedHeaders({ authorization: basic('CP1:secret'), 'x-a': 'b' });
    assert.deepEqual(out, { authorization: 'Basic user "CP1", password redacted', 'x-a': 'b' });
  });

  void test('an identity with colons is the user when the credentials start with it', () => {
    const out = capturedHeaders({ authorization: basic('a:b:c:pass:word') }, 'a:b:c');
    assert.equal(out.authorization, 'Basic user "a:b:c", password redacted');
    assert.equal(
      capturedHeaders({ authorization: basic('other:pw') }, 'a:b').authorization,
      'Basic user "other", password redacted',
    );
  });

  void test('other schemes and odd values are redacted whole', () => {
    assert.equal(capturedHeaders({ authorization: 'Bearer abc.def' }).authorization, 'Bearer (redacted)');
    assert.equal(capturedHeaders({ authorization: basic('nocolon') }).authorization, 'Basic (redacted)');
    assert.equal(
      capturedHeaders({ 'proxy-authorization': basic('u:p') })['proxy-authorization'],
      'Basic user "u", password redacted',
    );
    for (const value of Object.values(capturedHeaders({ authorization: `  ${basic('u:topsecret')} ` }))) {
      assert.ok(!value.includes(Buffer.from('u:topsecret').toString('base64')));
    }
  });
});

void describe('describeUpstreamError', () => {
  const failure = (message: string, code?: string, reason?: string) =>
    Object.assign(
      new Error(message),
      code !== undefined ? { code } : {},
      reason !== undefined ? { reason } : {},
    );

  void test('an untrusted CSMS certificate says to give its CA or, for a lab, --insecure', () => {
    const text = describeUpstreamError(
      failure('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      true,
      false,
    );
    assert.match(
      text,
      /not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate\)/,
    );
    assert.match(text, /--upstream-ca/);
  });

  void test('a CSMS that wants a client certificate, and one that refuses ours', () => {
    const required = failure(
      '…:SSL alert number 116',
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'tlsv13 alert certificate required',
    );
    assert.equal(
      describeUpstreamError(required, true, false),
      'the CSMS requires a client certificate (security profile 3): give --client-cert and --client-key (tlsv13 alert certificate required)',
    );
    assert.match(
      describeUpstreamError(failure('socket hang up', 'ECONNRESET'), true, true),
      /refused the client certificate/,
    );
  });

  void test('anything else keeps its message and code', () => {
    assert.equal(
      describeUpstreamError(failure('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), false, false),
      'connect ECONNREFUSED 127.0.0.1:9',
    );
    assert.equal(
      describeUpstreamError(failure('socket hang up', 'ECONNRESET'), false, false),
      'socket hang up (ECONNRESET)',
    );
  });
});

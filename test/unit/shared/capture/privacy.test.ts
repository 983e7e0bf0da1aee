import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureText } from '../../../../src/main/services/capture/read';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import type { CaptureHeader, Entry } from '../../../../src/shared/capture/entry';
import { decodeEntry, decodeHeader, encodeEntry, encodeHeader } from '../../../../src/shared/capture/format';
import { protectCapture, type PrivacyOptions } from '../../../../src/shared/capture/privacy';
import { ROOT } from '../../support';
import { leaks, SECRETS_FIXTURE, secretsList } from '../../../support/privacy-leaks';

interface Capture {
  header: CaptureHeader;
  entries: Entry[];
}

function readCapture(path: string): Capture {
  const [first, ...rest] = readFileSync(path, 'utf8').split('\n');
  const header = decodeHeader(first!);
  assert.ok(header.ok);
  const entries = rest
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const decoded = decodeEntry(l);
      assert.ok(decoded.ok, l);
      return decoded.value;
    });
  return { header: header.value, entries };
}

function captureText({ header, entries }: Capture): string {
  return [encodeHeader(header), ...entries.map(encodeEntry)].join('\n') + '\n';
}

/** Everything a capture says, with its binary frames and lines decoded too. */
function everything(capture: Capture): string {
  const binary = capture.entries.map((e) =>
    e.kind === 'frame' && e.binary
      ? Buffer.from(e.raw, 'base64').toString('latin1')
      : e.kind === 'console' && e.binary
        ? Buffer.from(e.text, 'base64').toString('latin1')
        : '',
  );
  return captureText(capture) + binary.join('\n');
}

const REDACT: PrivacyOptions = { redact: true, anonymize: false };
const BOTH: PrivacyOptions = { redact: true, anonymize: true };
const list = secretsList();

/** The shape of a JSON value: every string the same, so only structure and other values compare. */
function shape(value: unknown): unknown {
  if (typeof value === 'string') return 'S';
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return value;
}

function parses(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function findings(capture: Capture): string[] {
  const { model, fileProblems } = readCaptureText('capture.jsonl', captureText(capture), {
    registry: ocaSchemaRegistry(),
    profile: 'strict',
  });
  assert.deepEqual(fileProblems, []);
  return model.findings().map((f) => `${f.rule} ${f.severity} seqs ${f.seqs.join(',')}`);
}

void describe('protectCapture: redaction of the secrets fixture', () => {
  const original = readCapture(SECRETS_FIXTURE);
  const out = protectCapture(original.header, original.entries, REDACT);

  void test('the fixture holds every secret, so the test can fail', () => {
    assert.deepEqual(leaks(everything(original), list.secrets), list.secrets);
  });

  void test('no secret is left, in any form', () => {
    assert.deepEqual(leaks(everything(out), list.secrets), []);
  });

  void test('counts each redaction and notes it in the header', () => {
    assert.deepEqual(out.privacy, {
      redacted: true,
      anonymized: false,
      redactions: list.redactions,
      pseudonyms: 0,
    });
    assert.deepEqual(out.header.privacy, out.privacy);
    assert.equal(out.header.name, original.header.name);
    const reread = decodeHeader(encodeHeader(out.header));
    assert.ok(reread.ok);
    assert.deepEqual(reread.value.privacy, out.privacy);
  });

  void test('only the entries that held a secret change; the others are the same objects', () => {
    const changed = out.entries.filter((e, i) => e !== original.entries[i]).map((e) => e.seq);
    assert.deepEqual(changed, list.redactedSeqs);
  });

  void test('frames that parsed still parse, with the same shape; a secret becomes "<redacted>"', () => {
    out.entries.forEach((entry, i) => {
      const before = original.entries[i]!;
      if (entry.kind !== 'frame' || before.kind !== 'frame' || entry.binary) return;
      const was = parses(before.raw);
      if (was === undefined) return;
      const now = parses(entry.raw);
      assert.deepEqual(shape(now), shape(was), `seq ${entry.seq}`);
    });
    const setVariables = out.entries.find((e) => e.seq === 35);
    assert.ok(setVariables?.kind === 'frame');
    assert.match(setVariables.raw, /"attributeValue":"<redacted>","component":\{"name":"SecurityCtrlr"\}/);
    assert.match(setVariables.raw, /"attributeValue":"60"/);
  });

  void test('a binary console line stays binary: base64 of the redacted bytes, the other bytes kept', () => {
    const before = original.entries.find((e) => e.seq === 66);
    const after = out.entries.find((e) => e.seq === 66);
    assert.ok(before?.kind === 'console' && after?.kind === 'console' && after.binary);
    const bytes = Buffer.from(after.text, 'base64');
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.equal(bytes[bytes.length - 1], 0xc3);
    assert.equal(
      bytes.toString('latin1'),
      Buffer.from(before.text, 'base64')
        .toString('latin1')
        .replace(/psk=\S+/, 'psk=<redacted>'),
    );
  });

  void test('a key printed line by line: every line between BEGIN and END is redacted', () => {
    const texts = out.entries
      .filter((e) => e.seq >= 60 && e.seq <= 63)
      .map((e) => (e.kind === 'console' ? e.text : ''));
    assert.deepEqual(texts, [
      '-----BEGIN EC PRIVATE KEY-----',
      '<redacted>',
      '<redacted>',
      '-----END EC PRIVATE KEY-----',
    ]);
  });

  void test('protecting a protected capture changes nothing more', () => {
    const again = protectCapture(out.header, out.entries, REDACT);
    assert.ok(again.entries.every((e, i) => e === out.entries[i]));
    assert.equal(again.privacy.redactions, list.redactions);
  });

  void test('analysing the redacted capture gives the same findings', () => {
    assert.deepEqual(findings(out), findings(original));
  });
});

void describe('protectCapture: anonymization', () => {
  const original = readCapture(SECRETS_FIXTURE);
  const out = protectCapture(original.header, original.entries, BOTH);

  void test('no station id and no idTag / idToken is left, nor a secret', () => {
    const names = [...list.stationIds, ...list.idTags];
    assert.deepEqual(leaks(everything(original), names), names);
    assert.deepEqual(leaks(everything(out), [...names, ...list.secrets]), []);
    assert.equal(out.privacy.pseudonyms, list.pseudonyms);
    assert.equal(out.privacy.redactions, list.redactions);
    assert.ok(out.privacy.anonymized && out.privacy.redacted);
  });

  void test('station ids become station-N in order of appearance, in entries, URLs and the header', () => {
    const ids = [...new Set(out.entries.map((e) => e.stationId))];
    assert.deepEqual(ids, ['station-1', 'station-2', 'station-3', 'station-4']);
    const opened = out.entries[0];
    assert.ok(opened?.kind === 'connection');
    assert.equal(opened.url, '/ocpp/station-1');
    assert.equal(opened.upstream, 'wss://csms.example.com/ocpp/station-1?token=<redacted>');
    assert.equal(opened.headers?.['authorization'], 'Basic user "station-1", password redacted');
    assert.match(out.header.name, /^station-1, station-2, station-3, station-4: /);
  });

  void test('the same idTag always gets the same pseudonym, two idTags never one, within the schema limits', () => {
    const mapping = new Map<string, string>();
    const collect = (a: unknown, b: unknown): void => {
      if (Array.isArray(a) && Array.isArray(b)) a.forEach((v, i) => collect(v, b[i]));
      else if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
        for (const [k, v] of Object.entries(a)) {
          const w: unknown = (b as Record<string, unknown>)[k];
          if (['idTag', 'parentIdTag', 'idToken'].includes(k) && typeof v === 'string') {
            assert.equal(typeof w, 'string');
            assert.equal(mapping.get(v) ?? w, w, `${v} got two pseudonyms`);
            mapping.set(v, w as string);
          } else collect(v, w);
        }
      }
    };
    original.entries.forEach((e, i) => {
      const after = out.entries[i]!;
      if (e.kind === 'frame' && after.kind === 'frame' && !e.binary)
        collect(parses(e.raw), parses(after.raw));
    });
    assert.deepEqual(new Set(mapping.keys()), new Set(list.idTags));
    const pseudonyms = [...mapping.values()];
    assert.equal(new Set(pseudonyms).size, pseudonyms.length);
    for (const p of pseudonyms) assert.match(p, /^token-\d+$/);
    // A console line names the same card by the same pseudonym.
    const rfid = out.entries.find((e) => e.seq === 72);
    assert.ok(rfid?.kind === 'console');
    assert.equal(
      rfid.text,
      `I (5100) rfid: card ${mapping.get('TAG-ALICE-0001')} presented, station station-4`,
    );
  });

  void test('analysing the anonymized capture gives the same findings', () => {
    assert.deepEqual(findings(out), findings(original));
  });

  for (const name of [
    'ocpp16-charging-session',
    'ocpp201-charging-session',
    'codec-problems',
    'serial-with-logs',
  ]) {
    void test(`${name}: anonymized and redacted, the same findings; no station id left`, () => {
      const capture = readCapture(join(ROOT, 'fixtures/sessions', `${name}.jsonl`));
      const anonymized = protectCapture(capture.header, capture.entries, BOTH);
      assert.deepEqual(findings(anonymized), findings(capture));
      const stations = [...new Set(capture.entries.map((e) => e.stationId))];
      assert.deepEqual(leaks(everything(anonymized), stations), []);
    });
  }

  void test('anonymize alone: a Basic-auth header keeps its password under the pseudonym', () => {
    const capture = readCapture(SECRETS_FIXTURE);
    const only = protectCapture(capture.header, capture.entries, { redact: false, anonymize: true });
    const opened = only.entries[0];
    assert.ok(opened?.kind === 'connection');
    const credentials = Buffer.from(
      opened.headers!['authorization']!.slice('Basic '.length),
      'base64',
    ).toString();
    assert.equal(credentials, 'station-1:S3CRET-BASICPW-0001');
    assert.deepEqual(only.privacy, {
      redacted: false,
      anonymized: true,
      redactions: 0,
      pseudonyms: list.pseudonyms,
    });
  });
});

void describe('protectCapture: details', () => {
  const header: CaptureHeader = {
    format: 'ocpp-scope-capture',
    formatVersion: 1,
    id: 't',
    name: 'T',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const frame = (raw: string, seq = 1): Entry => ({
    seq,
    ts: seq,
    kind: 'frame',
    connectionId: 'c1',
    stationId: 'CP1',
    source: 'import',
    direction: 'toStation',
    raw,
  });

  void test('nothing asked: the same entries, nothing counted', () => {
    const entries = [frame('[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"x1234567"}]')];
    const out = protectCapture(header, entries, { redact: false, anonymize: false });
    assert.equal(out.entries[0], entries[0]);
    assert.equal(out.header, header);
    assert.deepEqual(out.privacy, { redacted: false, anonymized: false, redactions: 0, pseudonyms: 0 });
  });

  void test('only the secret string is rewritten: spacing, number spelling and duplicate keys stay', () => {
    const raw =
      '[2, "1", "ChangeConfiguration", {"key" : "AuthorizationKey", "value":"0123456789abcdef", "n": 1.50, "n": 2}]';
    const out = protectCapture(header, [frame(raw)], REDACT).entries[0];
    assert.ok(out?.kind === 'frame');
    assert.equal(out.raw, raw.replace('0123456789abcdef', '<redacted>'));
  });

  void test('escaped strings, 1.6 configuration keys named like secrets, 2.x NotifyReport and VPN keys', () => {
    const cases: [string, string][] = [
      [
        '[3,"1",{"configurationKey":[{"key":"WifiPassword","readonly":false,"value":"p\\u00e4ss\\"word"}]}]',
        '[3,"1",{"configurationKey":[{"key":"WifiPassword","readonly":false,"value":"<redacted>"}]}]',
      ],
      [
        '[2,"2","NotifyReport",{"requestId":1,"generatedAt":"2026-01-01T00:00:00Z","seqNo":0,"reportData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"variableAttribute":[{"value":"abcdefghijklmnop"}]}]}]',
        '[2,"2","NotifyReport",{"requestId":1,"generatedAt":"2026-01-01T00:00:00Z","seqNo":0,"reportData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"variableAttribute":[{"value":"<redacted>"}]}]}]',
      ],
      [
        '[2,"3","SetNetworkProfile",{"connectionData":{"vpn":{"server":"v","user":"u","password":"pw123456","key":"k123456","type":"IPSec"}}}]',
        '[2,"3","SetNetworkProfile",{"connectionData":{"vpn":{"server":"v","user":"u","password":"<redacted>","key":"<redacted>","type":"IPSec"}}}]',
      ],
    ];
    for (const [raw, expected] of cases) {
      const out = protectCapture(header, [frame(raw)], REDACT).entries[0];
      assert.ok(out?.kind === 'frame');
      assert.equal(out.raw, expected);
    }
  });

  void test('idTokens and the station id are left alone by redaction', () => {
    const raw = '[2,"1","Authorize",{"idToken":{"idToken":"CP1-TOKEN-77","type":"ISO14443"}}]';
    const entry = frame(raw);
    assert.equal(protectCapture(header, [entry], REDACT).entries[0], entry);
  });

  void test('a secret learnt in a frame is redacted where it appears earlier as plain text', () => {
    const log: Entry = {
      seq: 1,
      ts: 1,
      kind: 'console',
      connectionId: 'p',
      stationId: 'CP1',
      source: 'serial',
      text: 'cfg: now hunter2hunter2',
    };
    const set = frame('[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"hunter2hunter2"}]', 2);
    const out = protectCapture(header, [log, set], REDACT);
    assert.deepEqual(
      out.entries.map((e) => (e.kind === 'console' ? e.text : '')),
      ['cfg: now <redacted>', ''],
    );
    assert.equal(out.privacy.redactions, 2);
  });

  void test('tokens found without parsing: escaped, in a broken frame, and 2.1 idTokens arrays', () => {
    const raws = [
      '[2,"1","Authorize",{"idToken":{"idToken":"AB\\u0043-1","type":"ISO14443"}}]',
      '[2,"2","Authorize",{"idToken":{"idToken":"ABC-1","type":"ISO14443"}}',
      '[3,"3",{"tariffAssignments":[{"tariffId":"t","tariffKind":"DefaultTariff","idTokens":["ABC-1","XY"]}]}]',
    ];
    const out = protectCapture(
      header,
      raws.map((raw, i) => frame(raw, i + 1)),
      BOTH,
    ).entries;
    assert.deepEqual(
      out.map((e) => (e.kind === 'frame' ? e.raw : '')),
      [
        '[2,"1","Authorize",{"idToken":{"idToken":"token-1","type":"ISO14443"}}]',
        '[2,"2","Authorize",{"idToken":{"idToken":"token-1","type":"ISO14443"}}',
        '[3,"3",{"tariffAssignments":[{"tariffId":"t","tariffKind":"DefaultTariff","idTokens":["token-1","token-2"]}]}]',
      ],
    );
  });

  void test('short station ids: replaced in their fields and URL segments, not inside other words', () => {
    const opened: Entry = {
      seq: 1,
      ts: 1,
      kind: 'connection',
      connectionId: 'c1',
      stationId: 'A1',
      source: 'proxy',
      event: 'opened',
      url: '/ocpp/A1',
    };
    const log: Entry = {
      seq: 2,
      ts: 2,
      kind: 'console',
      connectionId: 'c1',
      stationId: 'A1',
      source: 'serial',
      text: 'A1 booted, A1B unchanged',
    };
    const out = protectCapture(header, [opened, log], BOTH);
    assert.deepEqual(
      out.entries.map((e) => [
        e.stationId,
        e.kind === 'connection' ? e.url : e.kind === 'console' ? e.text : '',
      ]),
      [
        ['station-1', '/ocpp/station-1'],
        ['station-1', 'A1 booted, A1B unchanged'],
      ],
    );
  });
});

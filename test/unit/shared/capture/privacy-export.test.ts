import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CaptureStore } from '../../../../src/main/services/capture/store';
import { decodeHeader } from '../../../../src/shared/capture/format';
import { protectCaptureText } from '../../../../src/shared/capture/privacy-export';
import { makeTempDir, removeDir } from '../../support';
import { leaks, SECRETS_FIXTURE, secretsList } from '../../../support/privacy-leaks';

const list = secretsList();
const fixture = readFileSync(SECRETS_FIXTURE, 'utf8');

void describe('protectCaptureText: the capture export', () => {
  void test('lines that held no secret are the file bytes; the others are redacted', () => {
    const { content, privacy } = protectCaptureText(fixture, { redact: true, anonymize: false });
    assert.deepEqual(leaks(content, list.secrets), []);
    assert.equal(privacy.redactions, list.redactions);
    const before = fixture.split('\n');
    const after = content.split('\n');
    assert.equal(after.length, before.length);
    const header = decodeHeader(after[0]!);
    assert.ok(header.ok);
    assert.deepEqual(header.value.privacy, privacy);
    for (let i = 1; i < before.length; i++) {
      const seq = i; // one entry per line, seq 1 on line 1
      if (list.redactedSeqs.includes(seq)) assert.notEqual(after[i], before[i], `line of seq ${seq}`);
      else assert.equal(after[i], before[i], `line of seq ${seq}`);
    }
  });

  void test('a line that is no entry is kept, redacted as text; CRLF line ends stay', () => {
    const [head, ...rest] = fixture.trimEnd().split('\n');
    const bad = '{"seq":99,"kind":"telemetry","note":"password=S3CRET-BADLINE-0099"}';
    const text = [head, ...rest.slice(0, 3), bad].join('\r\n') + '\r\n';
    const { content } = protectCaptureText(text, { redact: true, anonymize: true });
    const lines = content.split('\r\n');
    assert.equal(lines[4], '{"seq":99,"kind":"telemetry","note":"password=<redacted>"}');
    assert.match(lines[1]!, /"stationId":"station-1"/);
    assert.equal(lines[5], '');
  });

  void test('nothing asked: the text as it is', () => {
    const out = protectCaptureText(fixture, { redact: false, anonymize: false });
    assert.equal(out.content, fixture);
  });

  void test("not a capture: refused with the reader's words", () => {
    assert.throws(
      () => protectCaptureText('hello\n', { redact: true, anonymize: false }),
      /not an OCPP Scope capture/,
    );
  });
});

void describe('CaptureStore.exportText: privacy options', () => {
  void test('redacted by default, as on disk when asked, anonymized and named so on request', async () => {
    const dir = await makeTempDir('privacy-export-');
    const store = new CaptureStore(dir);
    try {
      await store.init();
      const opened = await store.importText('secrets.jsonl', fixture);
      const id = opened.info.id;

      const redacted = await store.exportText(id);
      assert.deepEqual(leaks(redacted.content, list.secrets), []);

      const raw = await store.exportText(id, { redact: false, anonymize: false });
      assert.deepEqual(leaks(raw.content, list.secrets), list.secrets);
      assert.equal(raw.content.slice(raw.content.indexOf('\n')), fixture.slice(fixture.indexOf('\n')));

      const anonymized = await store.exportText(id, { redact: true, anonymize: true });
      const names = [...list.stationIds, ...list.idTags];
      assert.deepEqual(leaks(anonymized.content + anonymized.fileName, [...names, ...list.secrets]), []);
      assert.match(anonymized.fileName, /^station-1_station-2_station-3_station-4_/);
    } finally {
      await store.dispose();
      await removeDir(dir);
    }
  });
});

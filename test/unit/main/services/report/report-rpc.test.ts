/**
 * `report.render` and the privacy options of `sessions.export` over the engine's RPC (memory
 * transport): the report of a stored session, in each format, with the session's profile unless
 * told, redacted unless told, named after the protected capture; bad params named.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RpcClient } from '../../../../../src/shared/rpc/client';
import type { ReportData } from '../../../../../src/shared/report/report-data';
import { FIXTURES, fixtureText, rpcError, startTestEngine, type TestEngine } from '../../../support';
import { SECRETS_FIXTURE, secretsList } from '../../../../support/privacy-leaks';

let channel: TestEngine['channel'];
let client: RpcClient;
let running: TestEngine;

beforeEach(async () => {
  running = await startTestEngine('report-rpc');
  ({ channel, client } = running);
});

afterEach(() => running.stop());

async function stored(path: string, fileName: string): Promise<string> {
  const opened = await client.call('sessions.import', { fileName, content: fixtureText(path) });
  return opened.info.id;
}

void describe('report.render', () => {
  void test('each format of a stored session, named after it, with the mime type to save it as', async () => {
    const sessionId = await stored(FIXTURES.ocpp16, 'ocpp16.jsonl');
    const html = await client.call('report.render', { sessionId, format: 'html' });
    assert.equal(html.mimeType, 'text/html;charset=utf-8');
    assert.match(
      html.fileName,
      /^CP-ACME-0042_boot_idle_one_11_kW_charging_session_OCPP_1\.6J_-report\.html$/,
    );
    assert.match(html.content, /^<!DOCTYPE html>/);
    const junit = await client.call('report.render', { sessionId, format: 'junit' });
    assert.equal(junit.mimeType, 'application/xml;charset=utf-8');
    assert.match(junit.fileName, /-junit\.xml$/);
    assert.match(junit.content, /<testsuite name="tx16" tests="9" failures="0"/);
    const json = await client.call('report.render', { sessionId, format: 'json' });
    const report = JSON.parse(json.content) as ReportData;
    assert.equal(report.passed, true);
    assert.equal(report.profile, 'strict');
    assert.equal(report.failOn, 'error');
    assert.equal(report.generator, 'ocpp-scope 0.0.0-test');
    // The store's file name holds the session's name: not quoted.
    assert.equal(report.capture.fileName, undefined);
  });

  void test("profile and fail-on: the session's profile unless told; fail-on as given", async () => {
    const sessionId = await stored(FIXTURES.codecProblems, 'codec.jsonl');
    await client.call('analysis.setProfile', { profile: 'lenient' });
    const lenient = JSON.parse(
      (await client.call('report.render', { sessionId, format: 'json' })).content,
    ) as ReportData;
    assert.equal(lenient.profile, 'lenient');
    assert.equal(lenient.passed, false);
    const never = JSON.parse(
      (await client.call('report.render', { sessionId, format: 'json', profile: 'strict', failOn: 'never' }))
        .content,
    ) as ReportData;
    assert.deepEqual([never.profile, never.passed], ['strict', true]);
  });

  void test('redacted unless told; anonymized on request, down to the file name', async () => {
    const sessionId = await stored(SECRETS_FIXTURE, 'secrets.jsonl');
    const { secrets, stationIds } = secretsList();
    const redacted = await client.call('report.render', { sessionId, format: 'html' });
    for (const secret of secrets) assert.ok(!redacted.content.includes(secret), secret);
    const raw = await client.call('report.render', { sessionId, format: 'json', redact: false });
    assert.ok(
      secrets.some((s) => raw.content.includes(s)),
      'without redaction the secrets are there',
    );
    const anonymous = await client.call('report.render', { sessionId, format: 'json', anonymize: true });
    for (const id of stationIds) {
      assert.ok(!anonymous.content.includes(id), id);
      assert.ok(!anonymous.fileName.includes(id), id);
    }
    const report = JSON.parse(anonymous.content) as ReportData;
    assert.equal(report.privacy.anonymized, true);
    assert.ok(report.privacy.redactions > 0);
  });

  void test('sessions.export is redacted unless told', async () => {
    const sessionId = await stored(SECRETS_FIXTURE, 'secrets.jsonl');
    const { secrets } = secretsList();
    const exported = await client.call('sessions.export', { sessionId });
    for (const secret of secrets) assert.ok(!exported.content.includes(secret), secret);
    const raw = await client.call('sessions.export', { sessionId, redact: false });
    assert.ok(secrets.some((s) => raw.content.includes(s)));
  });

  void test('bad params are named; an unknown session is not found', async () => {
    const call = (params: unknown) => channel.invoke('report.render', params);
    const sessionId = await stored(FIXTURES.ocpp16, 'ocpp16.jsonl');
    const format = await rpcError(call({ sessionId, format: 'pdf' }), 'bad-params');
    assert.match(format.message, /"format" must be one of html, junit, json/);
    const failOn = await rpcError(call({ sessionId, format: 'json', failOn: 'fatal' }), 'bad-params');
    assert.match(failOn.message, /"failOn" must be one of error, warning, info, never/);
    const redact = await rpcError(call({ sessionId, format: 'json', redact: 'no' }), 'bad-params');
    assert.match(redact.message, /"redact" must be true or false/);
    const exportFlag = await rpcError(
      channel.invoke('sessions.export', { sessionId, anonymize: 1 }),
      'bad-params',
    );
    assert.match(exportFlag.message, /"anonymize" must be true or false/);
    await rpcError(client.call('report.render', { sessionId: 'nope', format: 'json' }), 'not-found');
  });
});

void describe('report.pdf', () => {
  void test('serve mode has no printer: the error says how to get a PDF there', async () => {
    const sessionId = await stored(FIXTURES.ocpp16, 'ocpp16.jsonl');
    const error = await rpcError(client.call('report.pdf', { sessionId }), 'invalid');
    assert.match(error.message, /needs the desktop app: .*print it to PDF from the browser/);
  });

  void test("the desktop's printer gets the redacted HTML report and its PDF comes back as base64", async () => {
    const printed: string[] = [];
    const desktop = await startTestEngine('report-pdf', {
      mode: 'desktop',
      printToPdf: (html) => {
        printed.push(html);
        return Promise.resolve(Buffer.from('%PDF-1.7 fake'));
      },
    });
    try {
      const opened = await desktop.client.call('sessions.import', {
        fileName: 'secrets.jsonl',
        content: fixtureText(SECRETS_FIXTURE),
      });
      const pdf = await desktop.client.call('report.pdf', { sessionId: opened.info.id });
      assert.equal(pdf.mimeType, 'application/pdf');
      assert.match(pdf.fileName, /-report\.pdf$/);
      assert.equal(Buffer.from(pdf.base64, 'base64').toString(), '%PDF-1.7 fake');
      assert.equal(printed.length, 1);
      assert.match(printed[0]!, /^<!DOCTYPE html>/);
      for (const secret of secretsList().secrets) assert.ok(!printed[0]!.includes(secret), secret);
    } finally {
      await desktop.stop();
    }
  });
});

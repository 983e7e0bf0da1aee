/**
 * Importing other tools' files from the UI: an Open OCPP Trace from the file picker (what was
 * detected and the bad lines said, every good record in the timeline), a plain log dropped on the
 * window (directions it lacked inferred, and shown as such), a packet capture recorded with
 * tcpdump, a large trace with its progress line, and a session exported as Open OCPP Trace.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './serve-fixture';

const FIXTURE_16 = 'fixtures/sessions/ocpp16-charging-session.jsonl';

function ootRecord(i: number, station: string): string {
  const ts = new Date(Date.UTC(2024, 0, 15, 10, 0, 0) + i * 1000).toISOString();
  const call = i % 2 === 0;
  const id = `m-${Math.floor(i / 2)}`;
  const raw = call ? `[2,"${id}","Heartbeat",{}]` : `[3,"${id}",{"currentTime":"${ts}"}]`;
  return JSON.stringify({
    schemaVersion: '1.1',
    timestamp: ts,
    ocppVersion: '1.6',
    transport: 'json',
    chargePointId: station,
    direction: call ? 'cp-to-csms' : 'csms-to-cp',
    messageType: call ? 'CALL' : 'CALLRESULT',
    messageId: id,
    ...(call ? { action: 'Heartbeat' } : {}),
    payload: (JSON.parse(raw) as unknown[])[call ? 3 : 2],
    raw,
  });
}

async function drop(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content!], fileName!));
      return data;
    },
    [name, text],
  );
  await page.locator('.drop-target').dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(page.locator('.drop-overlay')).toContainText('Open OCPP Trace');
  await page.locator('.drop-target').dispatchEvent('drop', { dataTransfer: transfer });
}

test('import: an Open OCPP Trace from the picker, its bad line said, every good record kept', async ({
  page,
  serve,
  pageErrors,
}, testInfo) => {
  const path = testInfo.outputPath('bench-trace.jsonl');
  const lines = [0, 1, 2, 3].map((i) => ootRecord(i, i < 2 ? 'CP-NORTH' : 'CP-SOUTH'));
  lines.splice(2, 0, '{"schemaVersion":"1.1","timestamp":"2024-01-15T10:00:01Z","transport":"json"}');
  await writeFile(path, lines.join('\n') + '\n');
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles(path);

  const notice = page.locator('.notice');
  await expect(notice).toContainText('Imported bench-trace.jsonl: Open OCPP Trace');
  await expect(notice).toContainText('1 problem reading it (every good record was kept)');
  await expect(notice).toContainText('line 3:');
  await expect(page.getByTestId('timeline-count')).toContainText('4 entries');
  await expect(page.locator('.session.active')).toContainText('bench-trace.jsonl');
  const rows = page.locator('[data-testid="timeline"] [role="row"]');
  await expect(rows.filter({ hasText: 'Heartbeat' })).toHaveCount(4);
  await page.screenshot({ path: 'test-results/screenshots/import-oot.png' });
  expect(pageErrors).toEqual([]);
});

test('import: a plain log dropped on the window, its directions inferred and shown so', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await drop(
    page,
    'charger.log',
    [
      '[2,"b1","BootNotification",{"chargePointVendor":"ACME","chargePointModel":"X1"}]',
      'wifi: reconnecting',
      '[3,"b1",{"status":"Accepted","currentTime":"2024-03-01T08:00:00Z","interval":300}]',
      '[2,"r1","RemoteStartTransaction",{"idTag":"TAG-1"}]',
    ].join('\n'),
  );
  await expect(page.locator('.notice')).toContainText('Imported charger.log: plain log');
  const rows = page.locator('[data-testid="timeline"] [role="row"]');
  await expect(rows.filter({ hasText: 'wifi: reconnecting' })).toHaveCount(1);
  const remote = rows.filter({ hasText: 'RemoteStartTransaction' });
  await expect(remote.locator('.dir')).toHaveText('←');
  await expect(remote.locator('[data-inferred="direction"]')).toHaveCount(1);
  await remote.click();
  await expect(page.getByTestId('inferred-direction')).toContainText('the imported log did not say');
  await page.screenshot({ path: 'test-results/screenshots/import-log-inferred.png' });
  expect(pageErrors).toEqual([]);
});

test('import: a packet capture recorded with tcpdump', async ({ page, serve, pageErrors }) => {
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles('fixtures/pcap/ocpp16-basic-auth.pcap');
  await expect(page.locator('.notice')).toContainText('pcap/pcapng packet capture');
  const rows = page.locator('[data-testid="timeline"] [role="row"]');
  await expect(rows.filter({ hasText: 'BootNotification' }).first()).toBeVisible();
  await expect(rows.first()).toContainText('opened ocpp1.6');
  expect(pageErrors).toEqual([]);
});

test('import: a large trace shows its progress, and can be cancelled', async ({
  page,
  serve,
  pageErrors,
}, testInfo) => {
  // About 18 MiB: the upload takes many chunks, long enough to see and to cancel.
  const path = testInfo.outputPath('large.jsonl');
  const records: string[] = [];
  for (let i = 0; i < 60_000; i++) records.push(ootRecord(i, `CP-${i % 7}`));
  await writeFile(path, records.join('\n') + '\n');
  await page.goto(serve.url);

  await page.getByTestId('open-capture-input').setInputFiles(path);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toContainText('as Open OCPP Trace');
  await expect(progress).toContainText(
    /Importing large\.jsonl as Open OCPP Trace: [\d.]+ MiB of [\d.]+ MiB · [\d,]+ entries/,
  );
  await page.screenshot({ path: 'test-results/screenshots/import-progress.png' });
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveCount(0);
  await expect(page.locator('.session')).toHaveCount(0);

  // Again, to the end this time.
  await page.getByTestId('open-capture-input').setInputFiles(path);
  await expect(page.getByTestId('timeline-count')).toContainText('60,000 entries', { timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('export: a session as Open OCPP Trace, and what the format left out said', async ({
  page,
  serve,
}, testInfo) => {
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles(FIXTURE_16);
  await expect(page.getByTestId('timeline-count')).toContainText('60 entries');
  await page.getByTestId('session-export').click();
  const form = page.getByTestId('export-form');
  await form.getByRole('radio', { name: /Open OCPP Trace/ }).check();
  await expect(form.getByRole('radiogroup', { name: 'Profile' })).toHaveCount(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    form.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.oot\.jsonl$/);
  const saved = join(testInfo.outputPath(), download.suggestedFilename());
  await download.saveAs(saved);
  const records = (await readFile(saved, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(records.length).toBeGreaterThan(40);
  expect(records.every((r) => r['schemaVersion'] === '1.1' && typeof r['raw'] === 'string')).toBe(true);
  await expect(page.locator('.notice')).toContainText(
    /Exported .*\.oot\.jsonl: not in it: \d+ connection events/,
  );
});

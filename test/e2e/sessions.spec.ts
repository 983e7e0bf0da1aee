/**
 * The sessions sidebar: a new empty session, a rename done from the keyboard, the opened session's
 * facts (counts, span, findings, file size) for a capture whose numbers are known, its export as
 * a download, its deletion; and a session a running service records into, which is not deleted
 * until the service stops.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './serve-fixture';

const T0 = Date.parse('2025-11-21T10:00:00.000Z');

/** Two stations, one malformed frame, one the proxy dropped, an hour and two minutes long. */
const CAPTURE_LINES = [
  {
    format: 'ocpp-scope-capture',
    formatVersion: 1,
    id: 'e2e-sessions',
    name: 'Bench capture',
    createdAt: '2025-11-21T10:00:00.000Z',
    ocppVersion: 'ocpp1.6',
  },
  {
    seq: 1,
    ts: T0,
    kind: 'connection',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    event: 'opened',
    subprotocol: 'ocpp1.6',
  },
  {
    seq: 2,
    ts: T0 + 1000,
    kind: 'frame',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    direction: 'toCsms',
    raw: '[2,"1","Heartbeat",{}]',
  },
  {
    seq: 3,
    ts: T0 + 1050,
    kind: 'frame',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    direction: 'toStation',
    raw: '[3,"1",{"currentTime":"2025-11-21T10:00:01.050Z"}]',
  },
  {
    seq: 4,
    ts: T0 + 2000,
    kind: 'connection',
    connectionId: 'c2',
    stationId: 'CP-2',
    source: 'proxy',
    event: 'opened',
    subprotocol: 'ocpp1.6',
  },
  {
    seq: 5,
    ts: T0 + 3000,
    kind: 'frame',
    connectionId: 'c2',
    stationId: 'CP-2',
    source: 'proxy',
    direction: 'toCsms',
    raw: '[2,"2","Heartbeat",{}',
  },
  {
    seq: 6,
    ts: T0 + 4000,
    kind: 'frame',
    connectionId: 'c2',
    stationId: 'CP-2',
    source: 'proxy',
    direction: 'toCsms',
    raw: '[2,"3","Heartbeat",{}]',
    flags: ['dropped'],
  },
  {
    seq: 7,
    ts: T0 + 3_725_000,
    kind: 'connection',
    connectionId: 'c1',
    stationId: 'CP-1',
    source: 'proxy',
    event: 'closed',
    code: 1000,
    closedBy: 'station',
  },
].map((line) => JSON.stringify(line));

function sessionItem(page: Page, name: string) {
  return page
    .locator('[data-testid="session"]')
    .filter({ has: page.locator('.session-name', { hasText: name }) });
}

function stat(page: Page, id: string) {
  return page.getByTestId('session-stats').getByTestId(`stat-${id}`).locator('dd');
}

test('sessions: new, rename from the keyboard, facts, export, delete', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await expect(page.getByText('No sessions yet')).toBeVisible();

  // New: named in place, created empty and opened.
  await page.getByRole('button', { name: 'New session' }).click();
  const name = page.getByLabel('New session name');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue(/^Session \d{4}-\d\d-\d\d \d\d:\d\d$/);
  await name.fill('Bench A');
  await name.press('Enter');
  await expect(page.locator('.session-title')).toHaveText('Bench A');
  const benchA = sessionItem(page, 'Bench A');
  await expect(benchA).toHaveClass(/active/);
  await expect(page.getByTestId('session-stats')).toContainText('Bench A');
  await expect(stat(page, 'entries')).toHaveText('0');
  await expect(stat(page, 'first')).toHaveText('—');
  await expect(stat(page, 'duration')).toHaveText('—');
  // Escape leaves the naming without creating anything, focus back on the button.
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByLabel('New session name').press('Escape');
  await expect(page.getByRole('button', { name: 'New session' })).toBeFocused();
  await expect(page.locator('[data-testid="session"]')).toHaveCount(1);

  // A capture with known numbers, opened from the file picker.
  await page.getByTestId('open-capture-input').setInputFiles({
    name: 'bench.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(CAPTURE_LINES.join('\n') + '\n'),
  });
  await expect(page.locator('.session-title')).toHaveText('Bench capture');
  await expect(stat(page, 'entries')).toHaveText('7');
  await expect(stat(page, 'frames')).toHaveText('4');
  await expect(stat(page, 'connections')).toHaveText('3');
  await expect(stat(page, 'stations')).toHaveText('2');
  await expect(stat(page, 'malformed')).toHaveText('1');
  await expect(stat(page, 'altered')).toHaveText('1');
  await expect(stat(page, 'version')).toHaveText('ocpp1.6');
  await expect(stat(page, 'first')).toHaveText('2025-11-21 10:00:00.000');
  await expect(stat(page, 'last')).toHaveText('2025-11-21 11:02:05.000');
  await expect(stat(page, 'duration')).toHaveText('1 h 2 m');
  await expect(stat(page, 'size')).toHaveText(/^\d+(\.\d)? (B|KiB)$/);
  // The findings count is the Findings tab's.
  await expect(stat(page, 'findings')).toHaveText(/^\d+$/);
  const findingsTab = page.getByTestId('analysis-panel').getByRole('tab', { name: /^Findings/ });
  await expect(findingsTab.locator('.tab-count')).toHaveText(
    (await stat(page, 'findings').textContent()) ?? '',
  );
  await page.screenshot({ path: 'test-results/screenshots/sessions-stats.png' });

  // Rename from the keyboard: Tab from the session reaches its actions, Enter edits, Enter saves.
  const bench = page.locator(`[data-session="${await benchA.getAttribute('data-session')}"]`);
  await bench.locator('.session-open').focus();
  await page.keyboard.press('Tab');
  const rename = bench.getByRole('button', { name: 'Rename Bench A' });
  await expect(rename).toBeFocused();
  await expect(rename).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(bench.getByLabel('Session name')).toBeFocused();
  await page.keyboard.type('Bench B');
  await page.keyboard.press('Enter');
  await expect(bench.locator('.session-name')).toHaveText('Bench B');
  await expect(bench.getByRole('button', { name: 'Rename Bench B' })).toBeFocused();
  // Escape leaves the name as it was.
  await page.keyboard.press('Enter');
  await page.keyboard.type('Not this');
  await page.keyboard.press('Escape');
  await expect(bench.getByRole('button', { name: 'Rename Bench B' })).toBeFocused();
  await expect(bench.locator('.session-name')).toHaveText('Bench B');

  // Export: the capture file as a download (chosen in the export dialog), its entries byte for byte.
  const capture = sessionItem(page, 'Bench capture');
  await capture.getByRole('button', { name: 'Export Bench capture' }).click();
  const exportForm = page.getByTestId('export-form');
  await exportForm.getByRole('radio', { name: /Capture \(\.jsonl\)/ }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exportForm.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Bench_capture.jsonl');
  const exported = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
  expect(exported.slice(1)).toEqual(CAPTURE_LINES.slice(1));
  expect(JSON.parse(exported[0] ?? '{}')).toMatchObject({
    format: 'ocpp-scope-capture',
    name: 'Bench capture',
  });

  // Delete, confirmed: gone from the list, nothing opened any more.
  page.once('dialog', (dialog) => void dialog.accept());
  await capture.getByRole('button', { name: 'Delete Bench capture' }).click();
  await expect(capture).toHaveCount(0);
  await expect(page.locator('.session-title')).toHaveCount(0);
  await expect(page.getByTestId('session-stats')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('sessions: a session a mock CSMS records into is deleted only once it stops', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await page.getByTestId('start-csms').click();
  const form = page.getByTestId('csms-form');
  await form.getByLabel('Listen on').fill('127.0.0.1:0');
  await form.getByLabel('Session name').fill('Recorded bench');
  await form.getByRole('button', { name: 'Start mock CSMS', exact: true }).click();
  await expect(form).toBeHidden();
  const url = (await page.getByTestId('csms-url').textContent()) ?? '';
  const item = sessionItem(page, 'Recorded bench');
  await expect(item).toContainText('live');

  // Refused with the reason and the way out, without asking for a confirmation first.
  let asked = false;
  page.on('dialog', (dialog) => {
    asked = true;
    void dialog.accept();
  });
  await page
    .getByTestId('analysis-panel')
    .getByRole('tab', { name: /^Findings/ })
    .click();
  await item.getByRole('button', { name: 'Delete Recorded bench' }).click();
  const refused = item.getByTestId('delete-refused');
  await expect(refused).toContainText(`Still recording: the mock CSMS on ${url} writes into this session`);
  expect(asked).toBe(false);
  await page.screenshot({ path: 'test-results/screenshots/sessions-delete-refused.png' });
  await refused.getByRole('button', { name: 'Show it' }).click();
  await expect(page.getByTestId('analysis-panel').getByRole('tab', { name: /^Connections/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(refused).toHaveCount(0);

  // Stopped, the session is finished and can go.
  await page.getByTestId('csms-card').getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(item).not.toContainText('live');
  await item.getByRole('button', { name: 'Delete Recorded bench' }).click();
  await expect(item).toHaveCount(0);
  expect(asked).toBe(true);
  expect(pageErrors).toEqual([]);
});

/**
 * Console lines (the firmware logs a serial line carries between the OCPP frames): imported with
 * the frames, shown in order as quiet log rows, inspected as text (a line that is not UTF-8 as
 * hex), picked by `kind:console`, and drawn in the sequence as notes on the station's lane, in a
 * small capture and in one large enough that the diagram is windowed.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './serve-fixture';

const FIXTURE = 'fixtures/sessions/serial-with-logs.jsonl';
const STATION = 'ESP32-AC22-0117';

function timelineRow(page: Page, seq: number): Locator {
  return page.locator(`[data-testid="timeline"] [data-seq="${seq}"]`);
}

async function applyFilter(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('filter-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-applied-filter', text);
}

async function bothThemes(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `test-results/screenshots/${name}-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `test-results/screenshots/${name}-dark.png` });
}

test('a serial capture: log rows between the frames, inspected, filtered, and as notes in the sequence', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('timeline-count')).toContainText(/^21 entries/);
  // Log lines are neither frames nor connection events.
  await expect(page.getByTestId('stat-frames').locator('dd')).toHaveText('6');
  await expect(page.getByTestId('stat-connections').locator('dd')).toHaveText('1');

  // The BootNotification CALL (9), the line the firmware logged while waiting (10), the answer (11).
  const waiting = timelineRow(page, 10);
  await expect(waiting).toHaveClass(/row-console/);
  await expect(waiting.locator('.log-badge')).toHaveText('log');
  await expect(waiting.locator('.console-text')).toHaveText(
    'I (1301) ocpp: BootNotification sent (id 1), waiting for the CSMS',
  );
  await expect(waiting.locator('.dir')).toHaveText('');
  await expect(timelineRow(page, 9).locator('.dir')).toHaveText('→');
  await expect(timelineRow(page, 11).locator('.dir')).toHaveText('←');
  // Colour codes are not shown; a line that is not UTF-8 says so and shows what it can.
  await expect(timelineRow(page, 13).locator('.console-text')).toHaveText(
    'W (2210) meter: modbus read of register 0x0000 timed out, retrying',
  );
  const noisy = timelineRow(page, 18);
  await expect(noisy.locator('.console-binary')).toHaveText('not UTF-8');
  await expect(noisy.locator('.console-text')).toContainText('closed');
  await noisy.screenshot({ path: 'test-results/screenshots/console-row-binary.png' });
  await expect(page.locator('[data-testid="timeline"] .finding-badge')).toHaveCount(0);

  // The CALL is still answered by the CALLRESULT two rows down.
  const inspector = page.getByTestId('inspector');
  const heading = inspector.getByRole('heading', { level: 2 });
  await timelineRow(page, 9).click();
  await expect(heading).toHaveText('CALL BootNotification');
  await expect(inspector.getByTestId('partner')).toContainText('Answered by');
  await expect(inspector.getByTestId('edit-and-send')).toBeVisible();

  // A log line: the line itself, no Edit & send, copied as it is shown.
  await waiting.click();
  await expect(heading).toHaveText('console line');
  const code = inspector.getByTestId('code-entry');
  await expect(code.locator('.view-lines')).toContainText('waiting for the CSMS');
  await expect(inspector.getByTestId('edit-and-send')).toHaveCount(0);
  await expect(inspector.getByTestId('partner')).toHaveCount(0);
  await expect(inspector.locator('.facts')).toContainText(`serial · port-1`);
  const copy = (name: string) =>
    inspector.getByRole('group', { name: 'Copy' }).getByRole('button', { name, exact: true });
  await copy('line').click();
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe('I (1301) ocpp: BootNotification sent (id 1), waiting for the CSMS');
  await bothThemes(page, 'console-timeline');

  // Raw: the line exactly as it came, colour codes and all.
  await timelineRow(page, 17).click();
  await expect(inspector.getByTestId('code-entry').locator('.view-lines')).toContainText('E (2480) rfid');
  await expect(inspector.locator('.text-note')).toContainText('Colour codes');
  await inspector.getByRole('radio', { name: 'Raw' }).click();
  await copy('line').click();
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe('\u001b[0;31mE (2480) rfid: PN532 not found on I2C bus 0 (addr 0x24)\u001b[0m');
  await inspector.getByRole('radio', { name: 'Pretty' }).click();

  // Not UTF-8: its bytes in hex.
  await noisy.click();
  await expect(heading).toHaveText('console line (not UTF-8)');
  await expect(inspector.locator('.text-note')).toContainText('23 bytes, shown as hex');
  await expect(code.locator('.view-lines')).toContainText('49 20 28 32 36 31 31 29 20 65 76 f3 e0 80 1e 20');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: 'test-results/screenshots/console-binary-light.png' });

  // kind:console: only the log lines; free text finds a log line by what it says.
  await applyFilter(page, 'kind:console');
  await expect(page.getByTestId('timeline-count')).toContainText(/^14 of 21 entries/);
  const rows = page.locator('[data-testid="timeline"] [role="row"]');
  await expect(rows).toHaveCount(14);
  await expect(rows.locator('.log-badge')).toHaveCount(14);
  await applyFilter(page, 'kind:console "PN532"');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-seq', '17');
  await applyFilter(page, 'dir:csms');
  await expect(page.getByTestId('timeline-count')).toContainText(/^3 of 21 entries/);
  await expect(rows.locator('.log-badge')).toHaveCount(0);
  await applyFilter(page, '');

  // The sequence: arrows for the frames, a note on the station's lane for each log line.
  await page.getByTestId('view-sequence').click();
  const diagram = page.getByTestId('sequence-diagram');
  await expect(page.locator('[data-testid="seq-lane"]')).toHaveCount(2);
  const note = diagram.locator('[data-seq="10"]');
  await expect(note).toHaveAttribute('data-testid', 'seq-note');
  await expect(note).toHaveAttribute('data-kind', 'console');
  await expect(note).toContainText('waiting for the CSMS');
  await expect(note.locator('.seq-line')).toHaveCount(0);
  await expect(diagram.locator('[data-seq="9"]')).toHaveAttribute('data-kind', 'call');
  await expect(diagram.locator('[data-seq="11"]')).toHaveAttribute('data-kind', 'result');
  await expect(diagram.locator('[data-seq="11"] [data-testid="seq-label"]')).toContainText(
    'BootNotification result',
  );
  await expect(diagram.locator('[data-seq="18"] .seq-note-binary')).toHaveText('not UTF-8');
  // The note starts at the station's lifeline, not at the CSMS's.
  const lane = await page.locator(`[data-testid="seq-lane"][data-lane="station:${STATION}"]`).boundingBox();
  const noteBox = await note.locator('.seq-note').boundingBox();
  if (!lane || !noteBox) throw new Error('lane or note not drawn');
  expect(Math.abs(noteBox.x - (lane.x + lane.width / 2))).toBeLessThan(10);
  // A long line is cut before the CSMS's lifeline, which stays in sight.
  const csms = await page.locator('[data-testid="seq-lane"][data-lane="csms"]').boundingBox();
  const longNote = await diagram.locator('[data-seq="5"] .seq-note').boundingBox();
  if (!csms || !longNote) throw new Error('CSMS lane or long note not drawn');
  expect(longNote.x + longNote.width).toBeLessThan(csms.x + csms.width / 2);
  await expect(note).toHaveAttribute('aria-label', /ESP32-AC22-0117 logged: I \(1301\) ocpp/);
  await note.locator('.seq-note').click();
  await expect(note).toHaveAttribute('aria-selected', 'true');
  await expect(heading).toHaveText('console line');
  await bothThemes(page, 'console-sequence');

  expect(pageErrors).toEqual([]);
});

/** A station that logs a line before and after each of its heartbeats: `pairs` CALL/answer pairs. */
function chattyCapture(pairs: number): string {
  const start = Date.parse('2026-03-04T10:00:00Z');
  const lines = [
    JSON.stringify({
      format: 'ocpp-scope-capture',
      formatVersion: 1,
      id: 'e2e-console-windowed',
      name: 'chatty serial station',
      createdAt: '2026-03-04T10:00:00.000Z',
      ocppVersion: 'ocpp1.6',
    }),
  ];
  let seq = 0;
  const entry = (ts: number, fields: Record<string, unknown>) =>
    lines.push(
      JSON.stringify({
        seq: ++seq,
        ts,
        connectionId: 'port-1',
        stationId: STATION,
        source: 'serial',
        ...fields,
      }),
    );
  entry(start, { kind: 'connection', event: 'opened', subprotocol: 'ocpp1.6' });
  for (let k = 1; k <= pairs; k++) {
    const t = start + k * 1000;
    entry(t, { kind: 'console', text: `I (${k * 1000}) ocpp: heartbeat ${k} due` });
    entry(t + 5, { kind: 'frame', direction: 'toCsms', raw: `[2,"${k}","Heartbeat",{}]` });
    entry(t + 60, {
      kind: 'frame',
      direction: 'toStation',
      raw: `[3,"${k}",{"currentTime":"${new Date(t + 60).toISOString()}"}]`,
    });
    entry(t + 61, { kind: 'console', text: `I (${k * 1000 + 61}) ocpp: heartbeat ${k} ok` });
  }
  return lines.join('\n') + '\n';
}

test('a large capture of frames and log lines stays windowed in the sequence, filtered or not', async ({
  page,
  serve,
  pageErrors,
}) => {
  const pairs = 1500;
  const total = 1 + pairs * 4;
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles({
    name: 'chatty.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(chattyCapture(pairs)),
  });
  await expect(page.getByTestId('timeline-count')).toContainText(
    new RegExp(`^${total.toLocaleString('en-US')} entries`),
  );
  await page.getByTestId('view-sequence').click();
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram.locator('[data-row="0"]')).toBeVisible();
  const slots = () => diagram.locator('[data-row]').count();
  expect(await slots()).toBeLessThanOrEqual(100);

  await diagram.click();
  await diagram.press('End');
  const last = diagram.locator(`[data-seq="${total}"]`);
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('data-testid', 'seq-note');
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toContainText(`heartbeat ${pairs} ok`);
  expect(await slots()).toBeLessThanOrEqual(100);
  // The answer before it is still an arrow, paired with its CALL.
  await expect(diagram.locator(`[data-seq="${total - 1}"]`)).toHaveAttribute('data-kind', 'result');
  await expect(diagram.locator(`[data-seq="${total - 1}"]`)).toContainText('Heartbeat result');

  // Filtered to the log lines, the window runs over the view's indices: the last one is the last line.
  // (The filter bar serves both views; the timeline's applied-filter mark is not on screen here.)
  await page.getByTestId('filter-input').fill('kind:console');
  await page.getByTestId('filter-input').press('Enter');
  await expect(page.getByTestId('timeline-count')).toContainText(
    `${(pairs * 2).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} entries`,
  );
  await diagram.click();
  await diagram.press('Home');
  await expect(diagram.locator('[data-row="0"]')).toHaveAttribute('data-seq', '2');
  await diagram.press('End');
  await expect(diagram.locator(`[data-row="${pairs * 2 - 1}"]`)).toHaveAttribute('data-seq', String(total));
  await expect(diagram.locator('[data-testid="seq-arrow"]')).toHaveCount(0);
  expect(await slots()).toBeLessThanOrEqual(100);
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveText('console line');
  await page.screenshot({ path: 'test-results/screenshots/console-sequence-windowed.png' });

  expect(pageErrors).toEqual([]);
});

/**
 * The inspector: raw (exact bytes) and pretty text with findings as Monaco markers on both, the
 * CALL/answer pair with its latency (stacked, side by side once widened), missing halves named,
 * findings with the rule's explanation and spec reference, and copying entries and payloads.
 *
 * The capture is the schema fixture (payloads that break the 1.6 schemas, answered CALLs) with a
 * second connection added for what it lacks: a frame whose spacing, number and string escapes a
 * pretty-printer would change, an answer to no CALL, a binary frame and unanswered CALLs.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { RULES_BY_ID } from '../../src/shared/analysis/catalog';
import { expect, test } from './serve-fixture';

const FIXTURE = 'fixtures/analysis/schema.invalid-payload.jsonl';
const T0 = 1763748070000.25;
/** Two spaces, a space before a colon, `1.0`, an escaped `é`, and a status that is not allowed. */
const SPACED_RAW =
  '[2,  "93304" , "StatusNotification", {"connectorId": 1.0, "errorCode" : "NoError","status" :  "Ready",  "info": "caf\\u00e9"}]';
const BINARY_BYTES = '[2,"93305","Heartbeat",{}]';

function frame(seq: number, dt: number, direction: string, raw: string, extra: object = {}): string {
  return JSON.stringify({
    seq,
    ts: T0 + dt,
    kind: 'frame',
    connectionId: 'c2',
    stationId: 'CP-ACME-0933',
    source: 'proxy',
    direction,
    raw,
    ...extra,
  });
}

const FIXTURE_LINES = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
const LINES = [
  ...FIXTURE_LINES,
  JSON.stringify({
    seq: 9,
    ts: T0,
    kind: 'connection',
    connectionId: 'c2',
    stationId: 'CP-ACME-0933',
    source: 'proxy',
    event: 'opened',
    url: '/ocpp/CP-ACME-0933',
    subprotocol: 'ocpp1.6',
  }),
  frame(10, 500.5, 'toCsms', SPACED_RAW),
  frame(11, 537.75, 'toStation', '[3,"93304",{}]'),
  frame(12, 900, 'toStation', '[3,"93399",{"currentTime":"2025-11-21T18:01:10.900Z"}]'),
  frame(13, 1500, 'toCsms', Buffer.from(BINARY_BYTES).toString('base64'), { binary: true }),
  frame(14, 2000, 'toCsms', '[2,"93306","Heartbeat",{}]'),
  frame(15, 2100, 'toCsms', '[2,"93307","Heartbeat",{}]'),
];
/** The capture line of `seq` (lines[0] is the header). */
const lineOf = (seq: number): string => LINES[seq]!;

async function openCapture(page: Page): Promise<void> {
  await page.getByTestId('open-capture-input').setInputFiles({
    name: 'inspector.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(LINES.join('\n') + '\n'),
  });
  await expect(page.getByTestId('timeline-count')).toContainText('15 entries');
}

async function select(page: Page, seq: number): Promise<void> {
  const row = page.locator(`[data-testid="timeline"] [data-seq="${seq}"]`);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('inspector').locator('.facts dd').first()).toHaveText(String(seq));
}

/**
 * The text Monaco shows, line after line as laid out (a wrapped line is several view lines), with
 * the spaces it draws as dots or no-break spaces turned back into spaces.
 */
function editorText(code: Locator): Promise<string> {
  return code.locator('.view-lines').evaluate((lines) =>
    [...lines.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.textContent ?? '')
      .join('')
      .replace(/[\u00a0\u00b7\u2e31]/g, ' '),
  );
}

/** Whether the centre of `inner` lies inside `outer` on screen. */
async function covers(outer: Locator, inner: Locator): Promise<boolean> {
  const a = await outer.boundingBox();
  const b = await inner.boundingBox();
  if (!a || !b) return false;
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  return x >= a.x && x <= a.x + a.width && y >= a.y - 4 && y <= a.y + a.height + 4;
}

/** Clicks a copy button and waits for `expected` on the clipboard (each copy here differs from the one before). */
async function expectCopies(page: Page, button: Locator, expected: string): Promise<void> {
  await button.click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
}

test('raw and pretty text, markers on both, findings explained, copies', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
  await page.goto(serve.url);
  await openCapture(page);
  const inspector = page.getByTestId('inspector');
  const code = inspector.getByTestId('code-entry');
  const copyButton = (name: string) =>
    inspector.getByRole('group', { name: 'Copy' }).getByRole('button', { name, exact: true });

  // Pretty: indented, numbers and strings as JSON.parse read them.
  await select(page, 10);
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText('CALL StatusNotification');
  await expect(inspector.getByRole('radio', { name: 'Pretty' })).toHaveAttribute('aria-checked', 'true');
  await expect(code.locator('.view-lines')).toContainText('"connectorId": 1,');
  await expect(code.locator('.view-lines')).toContainText('"info": "café"');
  await expect(code.locator('.squiggly-error')).toHaveCount(1);

  // Raw: the bytes as captured, the marker on the same value in them.
  await inspector.getByRole('radio', { name: 'Raw' }).click();
  await expect.poll(() => editorText(code)).toBe(SPACED_RAW);
  const squiggle = code.locator('.squiggly-error');
  await expect(squiggle).toHaveCount(1);
  await expect
    .poll(() => covers(squiggle, code.locator('.view-line span span', { hasText: '"Ready"' })))
    .toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/inspector-raw.png' });
  await expectCopies(page, copyButton('frame'), SPACED_RAW);

  // The finding: title, message, the rule's explanation and spec reference from the catalog.
  const rule = RULES_BY_ID.get('schema.invalid-payload')!;
  const finding = inspector.locator('.entry-finding[data-rule="schema.invalid-payload"]');
  await expect(finding).toContainText(rule.title);
  await expect(finding).toContainText('status is "Ready"');
  await expect(finding.getByText(rule.explanation)).toBeHidden();
  await finding.getByText('Why it matters').click();
  await expect(finding.getByText(rule.explanation)).toBeVisible();
  await expect(finding.getByTestId('spec-reference')).toHaveText(`Spec ${rule.reference}`);

  // The choice holds for the next selection.
  await select(page, 6);
  await expect(inspector.getByRole('radio', { name: 'Raw' })).toHaveAttribute('aria-checked', 'true');
  const meterValues = JSON.parse(lineOf(6)) as { raw: string };
  await expect.poll(() => editorText(code)).toBe(meterValues.raw);
  await expect(code.locator('.squiggly-error')).toHaveCount(1);
  const [, , , sent] = JSON.parse(meterValues.raw) as unknown[];
  await expectCopies(page, copyButton('payload'), JSON.stringify(sent, null, 2));
  await expectCopies(page, copyButton('entry'), lineOf(6));

  // A binary frame: base64 as stored in raw, its bytes in pretty.
  await select(page, 13);
  await expect(inspector.locator('.text-note')).toContainText('base64');
  await expect.poll(() => editorText(code)).toBe(Buffer.from(BINARY_BYTES).toString('base64'));
  await inspector.getByRole('radio', { name: 'Pretty' }).click();
  await expect(inspector.locator('.text-note')).toContainText(`${BINARY_BYTES.length} bytes`);
  await expect(code.locator('.view-lines')).toContainText('5b 32 2c 22');
  await expect(copyButton('payload')).toHaveCount(0);

  // Findings naming other entries link to them; this entry is named, not linked.
  await select(page, 15);
  const concurrent = inspector.locator('.entry-finding[data-rule="rpc.concurrent-call"]');
  await expect(concurrent.locator('[aria-current="true"]')).toHaveText('#15');
  await expect(inspector.locator('.entry-finding[data-rule="session.heartbeat-interval"]')).toContainText(
    RULES_BY_ID.get('session.heartbeat-interval')!.reference,
  );
  await concurrent.getByRole('button', { name: '#14' }).click();
  await expect(page.locator('[data-testid="timeline"] [data-seq="14"]')).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(inspector.getByTestId('pair-missing')).toHaveText(/No answer to this CALL in the capture/);
  await expect(inspector.locator('.pair-half[data-half="answer"]')).toHaveAttribute(
    'data-testid',
    'pair-missing',
  );
  await page.screenshot({ path: 'test-results/screenshots/inspector-findings.png' });

  // An answer whose CALL is not in the capture.
  await select(page, 12);
  await expect(inspector.locator('.pair-half[data-half="call"]')).toContainText('"93399"');
  await expect(inspector.locator('.pair-half[data-half="call"]')).toContainText('not captured');
  expect(pageErrors).toEqual([]);
});

test('the pair: CALL and answer with the latency, each half its own facts, markers and link', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
  await page.goto(serve.url);
  await openCapture(page);
  const inspector = page.getByTestId('inspector');
  const call = inspector.locator('.pair-half[data-half="call"]');
  const answer = inspector.locator('.pair-half[data-half="answer"]');

  // The answer selected: its CALL first, the answer marked as the selected half.
  await select(page, 3);
  await expect(answer).toHaveAttribute('aria-current', 'true');
  await expect(answer).toContainText('CSMS → station');
  await expect(call).toContainText('#2 CALL BootNotification');
  await expect(call).toContainText('18:00:01.113 UTC · station → CSMS');
  // 1763748001153.95 - 1763748001113.149 ms
  await expect(inspector.getByTestId('pair-latency')).toHaveText('Answered after 41 ms');
  await expect(answer.locator('.squiggly-error')).toHaveCount(1);
  await expect(call.locator('.squiggly-error')).toHaveCount(0);

  // At the default width the halves are stacked, the CALL above.
  const above = (await call.boundingBox())!;
  const below = (await answer.boundingBox())!;
  expect(below.y).toBeGreaterThanOrEqual(above.y + above.height - 1);
  await page.screenshot({ path: 'test-results/screenshots/inspector-pair-stacked.png' });

  // The CALL selected from its half: the answer keeps its own marker in the partner half.
  await call.getByRole('button', { name: '#2 CALL BootNotification' }).click();
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText('CALL BootNotification');
  await expect(call).toHaveAttribute('aria-current', 'true');
  await expect(answer).toHaveAttribute('data-testid', 'partner');
  await expect(answer.getByTestId('code-partner').locator('.squiggly-error')).toHaveCount(1);
  await expect(inspector.getByTestId('pair-latency')).toHaveText('Answered after 41 ms');
  await expectCopies(
    page,
    inspector.getByRole('button', { name: 'Copy pair' }),
    `${lineOf(2)}\n${lineOf(3)}`,
  );
  expect(pageErrors).toEqual([]);
});

test('widened by its edge, the inspector shows the pair side by side, and keeps its width', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await openCapture(page);
  const inspector = page.getByTestId('inspector');
  const call = inspector.locator('.pair-half[data-half="call"]');
  const answer = inspector.locator('.pair-half[data-half="answer"]');
  await select(page, 3);

  const handle = page.getByTestId('inspector-resizer');
  const edge = (await handle.boundingBox())!;
  await page.mouse.move(edge.x + 2, edge.y + 200);
  await page.mouse.down();
  await page.mouse.move(edge.x - 400, edge.y + 200, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await inspector.boundingBox())!.width).toBeGreaterThanOrEqual(780);
  await expect
    .poll(async () => {
      const left = (await call.boundingBox())!;
      const right = (await answer.boundingBox())!;
      return right.x >= left.x + left.width - 1 && Math.abs(right.y - left.y) < 2;
    })
    .toBe(true);
  await expect(inspector.getByTestId('pair-latency')).toHaveText('Answered after 41 ms');
  await page.screenshot({ path: 'test-results/screenshots/inspector-pair-side-by-side.png' });

  // The keyboard narrows it again, a step at a time.
  const width = (await inspector.boundingBox())!.width;
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await inspector.boundingBox())!.width).toBeCloseTo(width - 40, 0);

  // The width is kept across a reload.
  await page.reload();
  await openCapture(page);
  await select(page, 2);
  await expect.poll(async () => (await inspector.boundingBox())!.width).toBeCloseTo(width - 40, 0);
  expect(pageErrors).toEqual([]);
});

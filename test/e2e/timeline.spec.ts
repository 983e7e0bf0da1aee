import { readFile } from 'node:fs/promises';
import { expect, test } from './serve-fixture';

const FIXTURE_16 = 'fixtures/sessions/ocpp16-charging-session.jsonl';
const FIXTURE_201 = 'fixtures/sessions/ocpp201-charging-session.jsonl';

test('open a capture with the file picker, see its rows, inspect a CALL and its answer', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await expect(page.getByText('No sessions yet')).toBeVisible();

  await page.getByTestId('open-capture-input').setInputFiles(FIXTURE_16);
  await expect(page.getByTestId('timeline-count')).toContainText('60 entries');
  await expect(page.locator('.session.active')).toContainText('CP-ACME-0042');

  const rows = page.locator('[data-testid="timeline"] [role="row"]');
  await expect(rows.first()).toContainText('opened ocpp1.6');
  const boot = rows.filter({ hasText: 'BootNotification' }).first();
  await expect(boot).toContainText('CALL');
  await boot.click();

  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText('CALL BootNotification');
  await expect(inspector.locator('[data-testid="code-entry"] .view-lines')).toContainText(
    'chargePointVendor',
  );
  await expect(inspector.getByTestId('partner')).toContainText('Answered by');
  await expect(inspector.locator('[data-testid="code-partner"] .view-lines')).toContainText('Accepted');

  // Keyboard: the next row is the CALLRESULT that answers it.
  await page.getByTestId('timeline').press('ArrowDown');
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText('CALLRESULT BootNotification');
  await expect(inspector).toContainText('latency');

  await page.screenshot({ path: 'test-results/screenshots/timeline-ocpp16.png' });
  expect(pageErrors).toEqual([]);
});

test('drop a capture on the window; malformed frames are marked', async ({ page, serve }) => {
  await page.goto(serve.url);
  const content = await readFile('fixtures/sessions/codec-problems.jsonl', 'utf8');
  const drop = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'codec-problems.jsonl', { type: 'application/x-ndjson' }));
    return transfer;
  }, content);
  await page.locator('.drop-target').dispatchEvent('dragover', { dataTransfer: drop });
  await expect(page.locator('.drop-overlay')).toBeVisible();
  await page.locator('.drop-target').dispatchEvent('drop', { dataTransfer: drop });

  await expect(page.getByTestId('timeline-count')).toContainText('12 malformed');
  const broken = page.locator('[data-testid="timeline"] [data-seq="15"]');
  await expect(broken).toContainText('duplicate-key');
  await broken.click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('note')).toContainText('appears twice');
  // Shown exactly as received: pretty-printing would have dropped one of the two keys.
  await expect(inspector.locator('[data-testid="code-entry"] .view-lines')).toContainText(
    '"idTag":"A","idTag":"B"',
  );
  await page.screenshot({ path: 'test-results/screenshots/timeline-codec-problems.png' });
});

test('sessions persist in the data dir, can be reopened, renamed and deleted', async ({ page, serve }) => {
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles(FIXTURE_201);
  await expect(page.getByTestId('timeline-count')).toContainText('56 entries');

  await page.reload();
  const session = page.locator('.session').filter({ hasText: 'EVB-P2231-0007' }).first();
  await session.locator('.session-open').click();
  await expect(page.getByTestId('timeline-count')).toContainText('56 entries');
  await expect(
    page.locator('[data-testid="timeline"] [role="row"]').filter({ hasText: 'TransactionEvent' }).first(),
  ).toBeVisible();

  await session.getByRole('button', { name: /^Rename/ }).click();
  await page.getByLabel('Session name').fill('bench EVB renamed');
  await page.getByLabel('Session name').press('Enter');
  await expect(page.locator('.session.active')).toContainText('bench EVB renamed');

  page.once('dialog', (dialog) => void dialog.accept());
  await page
    .locator('.session.active')
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expect(page.locator('.session').filter({ hasText: 'bench EVB renamed' })).toHaveCount(0);
});

test('a page without the token explains what to do', async ({ page, serve }) => {
  await page.goto(serve.url.replace(/\?token=.*/, ''));
  await expect(page.getByRole('alert')).toContainText('needs the token');
});

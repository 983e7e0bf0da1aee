/**
 * The filter bar: filters run in main over the whole session; errors underlined where they are;
 * the help applies an example; recent filters come back; a finding's rule is one click; a live
 * session through the proxy (ocpp-rpc on both ends) keeps filtering as it grows, and pauses.
 */
import type { Page } from '@playwright/test';
import { TERMS } from '../../src/shared/filter/terms';
import { throughProxy } from './ocpp-peers';
import { expect, test } from './serve-fixture';

const FIXTURE_16 = 'fixtures/sessions/ocpp16-charging-session.jsonl';

function rows(page: Page) {
  return page.locator('[data-testid="timeline"] [role="row"]');
}

async function filter(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('filter-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-applied-filter', text);
}

test('filter: narrow the rows, see a bad filter underlined, the help, recent filters', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles(FIXTURE_16);
  await expect(page.getByTestId('timeline-count')).toContainText('60 entries');

  await filter(page, 'action:MeterValues dir:csms');
  const count = page.getByTestId('timeline-count');
  await expect(count).toContainText(/^\d+ of 60 entries/);
  const shown = Number(/^(\d+)/.exec((await count.textContent()) ?? '')?.[1]);
  expect(shown).toBeGreaterThan(3);
  await expect(rows(page)).toHaveCount(shown);
  for (const row of await rows(page).all()) {
    await expect(row).toContainText('MeterValues');
    await expect(row.locator('.dir')).toHaveText('→');
  }
  await page.screenshot({ path: 'test-results/screenshots/filter-applied.png' });

  // A bad filter: said with its column, underlined where it is wrong, and not applied.
  const input = page.getByTestId('filter-input');
  await input.fill('action:Boot and (dir:up');
  const error = page.getByTestId('filter-error');
  await expect(error).toContainText('column 17');
  await expect(error).toContainText('never closed');
  await expect(page.locator('.filter-error-range')).toHaveText('(');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await input.press('Enter');
  await expect(page.getByTestId('timeline')).toHaveAttribute(
    'data-applied-filter',
    'action:MeterValues dir:csms',
  );
  await page.screenshot({ path: 'test-results/screenshots/filter-error.png' });

  // Escape reverts the draft to the applied filter, then clears it.
  await input.press('Escape');
  await expect(input).toHaveValue('action:MeterValues dir:csms');
  await expect(error).toHaveCount(0);
  await input.press('Escape');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-applied-filter', '');
  await expect(count).toHaveText(/^60 entries/);

  // A filter nothing matches says so.
  await filter(page, 'station:nobody');
  await expect(page.getByTestId('filter-empty')).toBeVisible();
  await expect(count).toContainText('0 of 60 entries');

  // The help lists every term; an example applies.
  await page.getByTestId('filter-help-button').click();
  const help = page.getByTestId('filter-help');
  await expect(help.locator('tr[data-term]')).toHaveCount(TERMS.length);
  await page.screenshot({ path: 'test-results/screenshots/filter-help.png' });
  await help.locator('tr[data-term="type"]').getByRole('button').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-applied-filter', 'type:error');

  // Applied filters are remembered across a reload, newest first.
  await page.reload();
  await page.locator('.session-open').first().click();
  await page.getByTestId('filter-input').focus();
  const options = page.locator('datalist option');
  await expect(options).toHaveCount(3);
  expect(await options.evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value))).toEqual([
    'type:error',
    'station:nobody',
    'action:MeterValues dir:csms',
  ]);
  expect(pageErrors).toEqual([]);
});

test('filter: a finding group filters its entries in one click; Enter goes to the partner', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await page
    .getByTestId('open-capture-input')
    .setInputFiles('fixtures/analysis/tx16.duplicate-transaction.jsonl');
  const group = page.locator('.finding-group[data-rule="tx16.duplicate-transaction"]');
  await group.getByTestId('filter-by-rule').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute(
    'data-applied-filter',
    'rule:tx16.duplicate-transaction',
  );
  await expect(page.getByTestId('filter-input')).toHaveValue('rule:tx16.duplicate-transaction');
  // Every entry the finding involves (both StartTransactions and their answers), the badge on the one it is about.
  await expect(rows(page)).toHaveCount(4);
  expect(await rows(page).evaluateAll((list) => list.map((r) => r.getAttribute('data-seq')))).toEqual([
    '10',
    '11',
    '14',
    '15',
  ]);
  await expect(rows(page).getByTestId('finding-badge')).toHaveCount(1);

  // Enter on a CALL goes to its answer, and back.
  const call = rows(page).filter({ hasText: 'CALL' }).filter({ hasNotText: 'CALLRESULT' }).first();
  const callSeq = await call.getAttribute('data-seq');
  await call.click();
  const heading = page.getByTestId('inspector').getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(/^CALL StartTransaction/);
  await page.getByTestId('timeline').press('Enter');
  await expect(heading).toHaveText(/^CALLRESULT StartTransaction/);
  await page.getByTestId('timeline').press('Enter');
  await expect(page.getByTestId('inspector').locator('.facts dd').first()).toHaveText(callSeq ?? '');

  // Asking for an entry the filter hides (the finding is about the second answer) clears the
  // filter to show it, and says so.
  await page.getByTestId('filter-input').fill('type:call');
  await page.getByTestId('filter-input').press('Enter');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-applied-filter', 'type:call');
  await page.getByTestId('finding-group').first().click();
  await page.getByTestId('finding').first().click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-applied-filter', '');
  await expect(page.getByRole('status')).toContainText('The filter hid entry #15');
  await expect(page.getByTestId('inspector').locator('.facts dd').first()).toHaveText('15');
  await expect(page.locator('[data-testid="timeline"] [data-seq="15"]')).toHaveAttribute(
    'aria-selected',
    'true',
  );
  expect(pageErrors).toEqual([]);
});

test('filter: a live session through the proxy keeps filtering as it grows; pause freezes the view', async ({
  page,
  serve,
  pageErrors,
}) => {
  await throughProxy(
    page,
    serve.url,
    { session: 'Live filter', identity: 'CP-LIVE-1' },
    async ({ charger }) => {
      await expect(page.getByTestId('live-badge')).toBeVisible();

      await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Live' });
      await charger.call('Heartbeat', {});
      // Frames appear live, in the whole-session view.
      await expect(rows(page).filter({ hasText: 'Heartbeat' })).toHaveCount(2);

      await filter(page, 'action:Heartbeat');
      await expect(rows(page)).toHaveCount(2);
      await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
      await charger.call('Heartbeat', {});
      // The new Heartbeat and its answer join the filtered view; the StatusNotification does not.
      await expect(rows(page)).toHaveCount(4);
      await expect(rows(page).filter({ hasText: 'StatusNotification' })).toHaveCount(0);
      await expect(page.getByTestId('timeline-count')).toContainText('4 of');

      // Paused: the capture goes on, the view does not move; resumed, it catches up.
      await page.getByTestId('pause').click();
      await charger.call('Heartbeat', {});
      await expect(page.getByTestId('pause')).toContainText('Resume');
      await expect(rows(page)).toHaveCount(4);
      await page.screenshot({ path: 'test-results/screenshots/filter-live-paused.png' });
      await page.getByTestId('pause').click();
      await expect(rows(page)).toHaveCount(6);
      expect(pageErrors).toEqual([]);
    },
  );
});

/**
 * Replay from the UI: the 1.6 fixture session replayed as the station against the mock CSMS (the
 * recorded CSMS handed out transactionId 48213, the mock starts there), at full speed: progress,
 * then the "same" verdict; the mock switched to `naive` idempotency and replayed again: the diff
 * shows StartTransaction's transactionId 48213 → 48214, linked to the recorded and replayed CALLs.
 * A replay at the recorded pace (scaled) is followed live and stopped.
 */
import type { Page } from '@playwright/test';
import type { CsmsInfo } from '../../src/shared/csms/info';
import type { RpcClient } from '../../src/shared/rpc/client';
import { appRpc } from './ocpp-peers';
import { expect, test } from './serve-fixture';

const FIXTURE_16 = 'fixtures/sessions/ocpp16-charging-session.jsonl';
/** The fixture's StartTransaction CALL, and how many CALLs the station made. */
const START_TRANSACTION_SEQ = 20;
const STATION_CALLS = 26;

/** Opens the dialog from the Replay tab and starts a replay as the station against `target`. */
async function replayAsStation(page: Page, target: string, speed: 'max' | number = 'max'): Promise<void> {
  await page.getByTestId('replay-button').click();
  const form = page.getByTestId('replay-form');
  await expect(form).toBeVisible();
  await form.getByRole('radio', { name: 'as the station' }).click();
  // The running mock CSMS is offered as the target.
  await form.getByTestId('replay-pick-csms').filter({ hasText: target }).click();
  await expect(form.getByTestId('replay-target')).toHaveValue(target);
  if (speed === 'max') {
    await form.getByRole('radio', { name: 'as fast as answers come' }).click();
  } else {
    await form.getByRole('radio', { name: 'scaled' }).click();
    await form.getByTestId('replay-factor').fill(String(speed));
  }
  await form.getByRole('button', { name: 'Start replay' }).click();
  await expect(form).toBeHidden();
}

/** A mock CSMS that starts where the recorded one did (48213), and the 1.6 fixture opened. */
async function openWithMockCsms(page: Page, url: string, rpc: RpcClient): Promise<CsmsInfo> {
  const csms = await rpc.call('csms.start', {
    listen: '127.0.0.1:0',
    config: { idempotency: 'correct', transactionIdStart: 48213 },
    name: 'Replay target',
  });
  await page.goto(url);
  await page.getByTestId('open-capture-input').setInputFiles(FIXTURE_16);
  await expect(page.getByTestId('timeline-count')).toContainText('60 entries');
  return csms;
}

test('replay: as the station against the mock CSMS, the same answers; in naive mode the new transactionId in the diff', async ({
  page,
  serve,
  pageErrors,
}) => {
  const { rpc, close } = await appRpc(serve.url);
  try {
    const csms = await openWithMockCsms(page, serve.url, rpc);
    const recordedName = (await page.locator('.session-title').textContent()) ?? '';

    await page.getByRole('tab', { name: 'Replay' }).click();
    const panel = page.getByTestId('replay-panel');
    await expect(panel).toContainText('Play one side of this session again');

    // A wrong target is caught under its field, before anything is started.
    await page.getByTestId('replay-button').click();
    const form = page.getByTestId('replay-form');
    await form.getByRole('radio', { name: 'as the station' }).click();
    await form.getByTestId('replay-target').fill('http://127.0.0.1:1/');
    await form.getByRole('button', { name: 'Start replay' }).click();
    await expect(form.getByTestId('field-error')).toContainText('A WebSocket URL');
    await page.screenshot({ path: 'test-results/screenshots/replay-dialog-error.png' });
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toBeHidden();

    await replayAsStation(page, csms.url);
    const progress = panel.getByTestId('replay-progress');
    await expect(progress).toBeVisible();
    await expect(panel.getByTestId('replay-count')).toHaveText(
      `${STATION_CALLS} / ${STATION_CALLS} CALLs replayed`,
    );
    await expect(progress).toHaveAttribute('data-phase', 'finished');
    const verdict = panel.getByTestId('replay-verdict');
    await expect(verdict).toHaveAttribute('data-verdict', 'same');
    await expect(verdict).toHaveText(`Same: all ${STATION_CALLS} CALLs answered as recorded`);
    await expect(panel.getByTestId('replay-diff')).toHaveCount(0);
    await expect(progress).toContainText('CP-ACME-0042');
    await expect(progress).toContainText(`${csms.url}CP-ACME-0042`);
    // The recorded CSMS's own commands never came from the mock: said, not counted as differences.
    await expect(panel).toContainText('ChangeConfiguration 1 → 0');
    await expect(panel.getByTestId('replay-stop')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/replay-same.png' });

    // The same bench CSMS, now handing out a new transactionId for a repeated StartTransaction.
    await rpc.call('csms.setConfig', {
      csmsId: csms.id,
      config: { idempotency: 'naive', transactionIdStart: 48213 },
    });
    await replayAsStation(page, csms.url);
    await expect(verdict).toHaveAttribute('data-verdict', 'different');
    await expect(verdict).toHaveText('1 difference in 1 CALL');
    const rows = panel.getByTestId('replay-diff-row');
    await expect(rows).toHaveCount(1);
    const row = rows.first();
    await expect(row).toHaveAttribute('data-action', 'StartTransaction');
    await expect(row.getByTestId('replay-difference')).toHaveAttribute('data-kind', 'transactionId');
    await expect(row.getByTestId('replay-difference')).toHaveText('transactionId48213 → 48214');
    await expect(panel.getByTestId('replay-same-count')).toHaveText(
      `${STATION_CALLS - 1} CALLs answered the same.`,
    );
    // Both replays are kept; the newest is shown.
    await expect(panel.getByTestId('replay-runs').locator('option')).toHaveCount(2);
    await page.screenshot({ path: 'test-results/screenshots/replay-diff.png' });

    // The recorded CALL, in the recorded session (still the opened one).
    await row.getByRole('button', { name: `#${START_TRANSACTION_SEQ}` }).click();
    const timeline = page.getByTestId('timeline');
    await expect(timeline.locator(`[data-seq="${START_TRANSACTION_SEQ}"]`)).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByTestId('inspector')).toContainText('48213');

    // The replayed CALL: the replay's session opens with it selected, its answer carrying 48214.
    const replayedSeq = Number(((await row.locator('td').last().textContent()) ?? '').replace('#', ''));
    expect(replayedSeq).toBeGreaterThan(0);
    await row.locator('td').last().getByRole('button').click();
    await expect(page.locator('.session-title')).toHaveText(`Replay of ${recordedName} as the station`);
    await expect(timeline.locator(`[data-seq="${replayedSeq}"]`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('inspector')).toContainText('48214');
    await expect(panel.getByTestId('replay-open-session')).toBeDisabled();
    await page.screenshot({ path: 'test-results/screenshots/replay-replayed-entry.png' });

    // The first replay is still there to read.
    await panel.getByTestId('replay-runs').selectOption({ index: 1 });
    await expect(verdict).toHaveAttribute('data-verdict', 'same');
    expect(pageErrors).toEqual([]);
  } finally {
    close();
  }
});

test('replay: at the recorded pace (×20) it is followed live, its session opened, and stopped', async ({
  page,
  serve,
  pageErrors,
}) => {
  const { rpc, close } = await appRpc(serve.url);
  try {
    const csms = await openWithMockCsms(page, serve.url, rpc);
    await page.getByRole('tab', { name: 'Replay' }).click();
    const panel = page.getByTestId('replay-panel');
    await replayAsStation(page, csms.url, 20);

    // The boot and two StatusNotifications go out within a second; the first Heartbeat was
    // recorded five minutes later, fifteen seconds at ×20: the replay waits there.
    const progress = panel.getByTestId('replay-progress');
    await expect(progress).toHaveAttribute('data-phase', 'running');
    await expect(panel.getByTestId('replay-count')).toHaveText(`3 / ${STATION_CALLS} CALLs`);
    await expect(panel.getByTestId('replay-facts')).toContainText('×20');
    const steps = panel.getByTestId('replay-steps').locator('li');
    await expect(steps).toHaveCount(3);
    await expect(steps.first()).toContainText('BootNotification');
    await expect(steps.last()).toContainText('StatusNotification');
    await expect(page.getByRole('tab', { name: /Replay/ })).toContainText('1');

    // Its session, live while it runs.
    await panel.getByTestId('replay-open-session').click();
    await expect(page.getByTestId('live-badge')).toBeVisible();
    await expect(
      page.locator('[data-testid="timeline"] [role="row"]').filter({ hasText: 'BootNotification' }),
    ).toHaveCount(2);
    await page.screenshot({ path: 'test-results/screenshots/replay-running.png' });

    await panel.getByTestId('replay-stop').click();
    await expect(progress).toHaveAttribute('data-phase', 'stopped');
    await expect(panel.getByTestId('replay-count')).toHaveText(`3 / ${STATION_CALLS} CALLs replayed`);
    const verdict = panel.getByTestId('replay-verdict');
    await expect(verdict).toHaveAttribute('data-verdict', 'incomplete');
    await expect(verdict).toContainText(`3 of ${STATION_CALLS} CALLs replayed, answered as recorded so far`);
    await expect(panel.getByTestId('replay-same-count')).toHaveText(
      `3 CALLs answered the same; ${STATION_CALLS - 3} CALLs not replayed (the replay ended before their turn).`,
    );
    await expect(panel.getByTestId('replay-stop')).toHaveCount(0);
    await expect(page.getByTestId('live-badge')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/replay-stopped.png' });
    expect(pageErrors).toEqual([]);
  } finally {
    close();
  }
});

test('replay: only the filtered rows, or the connection of the selected entry', async ({
  page,
  serve,
  pageErrors,
}) => {
  const { rpc, close } = await appRpc(serve.url);
  try {
    const csms = await openWithMockCsms(page, serve.url, rpc);
    const input = page.getByTestId('filter-input');
    await input.fill('action:BootNotification');
    await input.press('Enter');
    await expect(page.getByTestId('timeline-count')).toContainText('2 of 60 entries');
    await page.locator('[data-testid="timeline"] [data-seq="2"]').click();

    await page.getByRole('tab', { name: 'Replay' }).click();
    await page.getByTestId('replay-button').click();
    const form = page.getByTestId('replay-form');
    await expect(form.getByRole('radio', { name: 'Connection of #2' })).toBeVisible();
    await form.getByRole('radio', { name: 'Filtered rows (2)' }).click();
    await expect(form).toContainText('Only the frames action:BootNotification matches');
    await form.getByRole('radio', { name: 'as the station' }).click();
    await form.getByTestId('replay-target').fill(csms.url);
    await form.getByRole('radio', { name: 'as fast as answers come' }).click();
    await page.screenshot({ path: 'test-results/screenshots/replay-dialog-filter.png' });
    await form.getByRole('button', { name: 'Start replay' }).click();

    const panel = page.getByTestId('replay-panel');
    await expect(panel.getByTestId('replay-count')).toHaveText('1 / 1 CALLs replayed');
    await expect(panel.getByTestId('replay-verdict')).toHaveText('Same: the CALL answered as recorded');

    // The selected entry's connection: the whole of it again (the fixture has one).
    await page.getByTestId('replay-button').click();
    await form.getByRole('radio', { name: 'Connection of #2' }).click();
    await expect(form).toContainText('Connection c1 of CP-ACME-0042');
    await form.getByRole('button', { name: 'Start replay' }).click();
    await expect(panel.getByTestId('replay-count')).toHaveText(
      `${STATION_CALLS} / ${STATION_CALLS} CALLs replayed`,
    );
    await expect(panel.getByTestId('replay-facts')).toContainText('connection c1');
    expect(pageErrors).toEqual([]);
  } finally {
    close();
  }
});

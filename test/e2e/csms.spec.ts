/**
 * The mock CSMS started from the UI, with a real charger (ocpp-rpc) in the test process: config
 * errors named next to their field (form and JSON) and blocking the start, the state view filled by
 * BootNotification and StatusNotification, a remote start from the command palette answered
 * Accepted, a behaviour change on the running CSMS, and its live session. OCPP 1.6 and 2.0.1.
 */
import type { Locator, Page } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { expect, test } from './serve-fixture';

/** An ocpp-rpc charger that accepts remote starts, not yet connected. */
function charger(url: string, identity: string, protocol: string, received: string[]): RPCClient {
  const client = new RPCClient({
    endpoint: url.replace(/\/$/, ''),
    identity,
    protocols: [protocol],
    reconnect: false,
    pingIntervalMs: 0,
    strictMode: true,
  } as RPC_ClientOptions);
  client.handle(({ method }) => {
    received.push(String(method));
    return Promise.resolve({ status: 'Accepted' });
  });
  return client;
}

/** Replaces the text of a Monaco editor as a paste would (no auto-closed brackets). */
async function replaceEditorText(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  // Whatever Monaco closed by itself (brackets, quotes) follows the cursor: drop it.
  await page.keyboard.press('ControlOrMeta+Shift+End');
  await page.keyboard.press('Delete');
}

async function openStartDialog(page: Page): Promise<Locator> {
  await page.getByTestId('start-csms').click();
  const form = page.getByTestId('csms-form');
  await expect(form).toBeVisible();
  await form.getByLabel('Listen on').fill('127.0.0.1:0');
  return form;
}

test('mock CSMS 1.6: config errors block the start; boot, status and a remote start from the palette', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  const form = await openStartDialog(page);
  const start = form.getByRole('button', { name: 'Start mock CSMS', exact: true });

  // A form field the check refuses: said next to it, and nothing starts.
  await form.getByLabel('Heartbeat interval').fill('soon');
  await start.click();
  const heartbeatField = form.locator('.field').filter({ has: page.getByLabel('Heartbeat interval') });
  await expect(heartbeatField.getByTestId('field-error')).toContainText(
    'heartbeatInterval: must be an integer from 0 to 604800',
  );
  await form.getByLabel('Heartbeat interval').fill('60');
  await form.getByRole('button', { name: 'Add token' }).click();
  await form.getByLabel('Token 1', { exact: true }).fill('TAG-E2E');

  // The same settings as the config file's JSON; a wrong value is marked in it.
  await form.getByRole('radio', { name: 'JSON (config file)' }).click();
  const json = form.getByTestId('editor-CSMS config (JSON)');
  await expect(json).toContainText('"TAG-E2E": "Accepted"');
  await replaceEditorText(page, json, '{"heartbeatInterval": 60, "boot": {"status": "Maybe"}}');
  await start.click();
  await expect(form.getByTestId('field-error')).toContainText(
    'boot.status: must be one of Accepted, Pending, Rejected, not "Maybe"',
  );
  await expect(page.getByTestId('csms-start-error')).toContainText('Fix the config first');
  await expect(json.locator('.squiggly-error')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/csms-config-error.png' });
  await expect(page.getByTestId('csms-card')).toHaveCount(0);

  await replaceEditorText(
    page,
    json,
    '{"heartbeatInterval": 60, "authorization": {"tokens": {"TAG-E2E": "Accepted"}, "unknown": "Invalid"}}',
  );
  await form.getByRole('radio', { name: 'Form' }).click();
  await expect(form.getByLabel('Token 1', { exact: true })).toHaveValue('TAG-E2E');
  await form.getByRole('button', { name: 'Add override' }).click();
  await form.getByLabel('Override 1 action').fill('Authorize');
  await form.getByLabel('Override 1 error code').selectOption('NotSupported');
  await form.getByLabel('Override 1 error description').fill('no local authorization on this bench');
  await form.getByTestId('overrides').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/csms-start-dialog-overrides.png' });
  await form.getByLabel('Session name').fill('E2E mock CSMS');
  await page.screenshot({ path: 'test-results/screenshots/csms-start-dialog.png' });
  await start.click();
  await expect(form).toBeHidden();

  // It runs, shown in the Connections tab, its live session open in the timeline.
  await expect(page.getByTestId('analysis-panel').getByRole('tab', { name: /^Connections/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const url = (await page.getByTestId('csms-section').getByTestId('csms-url').textContent()) ?? '';
  expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(page.locator('.session-title')).toHaveText('E2E mock CSMS');
  await expect(page.getByTestId('csms-behaviour')).toContainText(
    'heartbeat 60 s · idempotency correct · 1 token (others Invalid) · 1 override',
  );
  await expect(page.getByTestId('csms-stations')).toContainText('No charger connected yet');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);

  const received: string[] = [];
  const cp = charger(url, 'CP-E2E-16', 'ocpp1.6', received);
  try {
    await cp.connect();
    const boot = await cp.call('BootNotification', {
      chargePointVendor: 'ACME',
      chargePointModel: 'Wallbox E2E',
      firmwareVersion: '1.4.2',
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 60 });
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await cp.call('Heartbeat', {});
    await expect(cp.call('Authorize', { idTag: 'TAG-E2E' })).rejects.toMatchObject({
      rpcErrorCode: 'NotSupported',
    });

    const station = page.locator('[data-testid="csms-station"][data-station="CP-E2E-16"]');
    await expect(station.getByTestId('station-boot')).toContainText('ACME Wallbox E2E · fw 1.4.2');
    await expect(station).toContainText('boot Accepted');
    await expect(station.getByTestId('connector-status')).toHaveText('Connector 1: Available');
    await expect(station.getByTestId('station-heartbeat')).toContainText(/heartbeat (just now|\d+ s ago)/);
    // The session grows live in the timeline.
    await expect(
      page.locator('[data-testid="timeline"] [role="row"]').filter({ hasText: 'StatusNotification' }),
    ).toHaveCount(2);

    // The palette: filter, pick, send; the answer is shown with the command.
    const palette = page.getByTestId('command-palette');
    await palette.getByLabel('Filter actions').fill('remotest');
    await expect(palette.getByRole('listbox', { name: 'Actions' }).getByRole('option')).toHaveText([
      'RemoteStartTransaction',
      'RemoteStopTransaction',
    ]);
    await palette.getByRole('option', { name: 'RemoteStartTransaction' }).click();
    await expect(palette.getByTestId('editor-Command payload')).toContainText('idTag');
    await palette.getByRole('button', { name: 'Send', exact: true }).click();
    const answer = palette.getByTestId('command-answer');
    await expect(answer.getByLabel('CALLRESULT payload')).toContainText('"status": "Accepted"');
    await expect(answer).toContainText('RemoteStartTransaction');
    expect(received).toEqual(['RemoteStartTransaction']);
    await expect(palette.getByRole('list', { name: 'Sent commands' }).getByRole('listitem')).toHaveCount(1);
    await page
      .getByTestId('csms-card')
      .screenshot({ path: 'test-results/screenshots/csms-state-palette.png' });
    await page.screenshot({ path: 'test-results/screenshots/csms-running.png' });

    // A running CSMS's behaviour changes without a restart.
    await page.getByRole('button', { name: 'Behaviour…' }).click();
    const edit = page.getByTestId('csms-form');
    await edit.getByRole('radio', { name: 'Pending' }).click();
    await edit.getByRole('button', { name: 'Apply' }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByTestId('csms-behaviour')).toContainText('boot Pending');
    expect(
      await cp.call('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'Wallbox E2E' }),
    ).toMatchObject({ status: 'Pending' });

    await page.getByTestId('csms-card').getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('csms-card')).toHaveCount(0);
    await expect(page.getByTestId('live-badge')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  } finally {
    await cp.close({ force: true });
  }
});

test('mock CSMS 2.0.1: EVSE status, a transaction with meter values, RequestStartTransaction', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  const form = await openStartDialog(page);
  await form.getByRole('button', { name: 'Start mock CSMS', exact: true }).click();
  await expect(form).toBeHidden();
  const url = (await page.getByTestId('csms-url').textContent()) ?? '';

  const received: string[] = [];
  const cp = charger(url, 'CP-E2E-201', 'ocpp2.0.1', received);
  try {
    await cp.connect();
    const now = new Date().toISOString();
    await cp.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'ACME', model: 'DC E2E', firmwareVersion: '2.0.0' },
    });
    await cp.call('StatusNotification', {
      timestamp: now,
      connectorStatus: 'Occupied',
      evseId: 1,
      connectorId: 1,
    });
    await cp.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: now,
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'TX-E2E-1', chargingState: 'Charging' },
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'TAG-E2E', type: 'ISO14443' },
      meterValue: [
        {
          timestamp: now,
          sampledValue: [
            { value: 1520, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
          ],
        },
      ],
    });

    const station = page.locator('[data-testid="csms-station"][data-station="CP-E2E-201"]');
    await expect(station.getByTestId('station-boot')).toContainText('ACME DC E2E · fw 2.0.0 · PowerUp');
    await expect(station.getByTestId('connector-status')).toHaveText('EVSE 1/1: Occupied');
    const tx = station.getByTestId('station-transaction');
    await expect(tx).toContainText('TX-E2E-1');
    await expect(tx).toContainText('Energy.Active.Import.Register 1,520 Wh');

    const palette = page.getByTestId('command-palette');
    await palette.getByLabel('Filter actions').fill('RequestStart');
    await palette.getByLabel('Filter actions').press('Enter');
    await expect(palette.getByRole('option', { name: 'RequestStartTransaction' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await palette.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(palette.getByTestId('command-answer').getByLabel('CALLRESULT payload')).toContainText(
      '"status": "Accepted"',
    );
    expect(received).toEqual(['RequestStartTransaction']);
    await page.getByTestId('csms-card').screenshot({ path: 'test-results/screenshots/csms-201-state.png' });

    // A station that leaves stays in the list, marked, and commands need a connected one.
    await cp.close();
    await expect(station).toHaveClass(/station-left/);
    await expect(station).toContainText(/left (just now|\d+ s ago)/);
    await expect(page.getByTestId('csms-stations')).toContainText('0 connected');
    await expect(page.getByTestId('command-palette')).toHaveCount(0);
    await expect(page.getByTestId('csms-card')).toContainText('Commands need a connected station');
  } finally {
    await cp.close({ force: true });
  }
});

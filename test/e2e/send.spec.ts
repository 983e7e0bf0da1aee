/**
 * Edit & send: a frame captured through the proxy (ocpp-rpc on both ends) is opened in the editor,
 * Monaco marks what breaks its schema, main refuses it with the issues (and sends it on request),
 * and the fixed frame reaches the CSMS with its answer correlated; a template from scratch too.
 */
import type { Page } from '@playwright/test';
import { replaceText } from './monaco-input';
import { expect, test } from './serve-fixture';
import { throughProxy } from './ocpp-peers';

function rows(page: Page) {
  return page.locator('[data-testid="timeline"] [role="row"]');
}

test('send: edit a captured frame, see the schema error, send it through the proxy, see the answer', async ({
  page,
  serve,
  pageErrors,
}) => {
  await throughProxy(
    page,
    serve.url,
    { session: 'Edit and send', identity: 'CP-SEND-1' },
    async ({ csms, charger }) => {
      await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Original' });
      await expect(rows(page).filter({ hasText: 'BootNotification' })).toHaveCount(2);

      await rows(page).filter({ hasText: 'BootNotification' }).first().click();
      await expect(page.getByTestId('inspector')).toContainText('BootNotification');
      await page.getByTestId('edit-and-send').click();
      const form = page.getByTestId('send-form');
      await expect(form).toBeVisible();
      // Aimed where the frame went: the same live connection, toward the CSMS.
      await expect(form.getByLabel('Target', { exact: true })).toHaveValue(/^proxy:.*:toCsms$/);
      await expect(form.getByTestId('send-schema')).toContainText('BootNotification request (OCPP 1.6)');
      await expect(page.getByTestId('send-editor')).toContainText('Original');

      // A field the 1.6 schema does not allow: Monaco marks it before anything is sent.
      await replaceText(
        page,
        'send-editor',
        '[2, "x", "BootNotification", {"chargePointVendor": "E2E", "chargePointModel": "Edited", "colour": "red"}]',
      );
      await expect(page.getByTestId('send-editor-problems')).toContainText('colour');
      await expect(page.getByTestId('send-editor').locator('.squiggly-error')).not.toHaveCount(0);
      await page.screenshot({ path: 'test-results/screenshots/send-schema-error.png' });

      // Main refuses it and says why; nothing reached the CSMS.
      await form.getByTestId('send-submit').click();
      const outcome = form.getByTestId('send-outcome');
      await expect(outcome).toContainText('Not sent');
      await expect(outcome.getByTestId('send-issues')).toContainText('colour');
      expect(csms.received.map((r) => r.action)).toEqual(['BootNotification']);

      // Fixed, it goes out with a fresh id and its answer comes back correlated.
      await replaceText(
        page,
        'send-editor',
        '[2, "x", "BootNotification", {"chargePointVendor": "E2E", "chargePointModel": "Edited"}]',
      );
      await expect(page.getByTestId('send-editor-problems').locator('li')).toHaveCount(0);
      await form.getByTestId('send-submit').click();
      const answer = outcome.getByTestId('command-answer');
      await expect(answer).toContainText('Accepted');
      // A fresh id, not the "x" in the editor.
      await expect(outcome).toContainText(/message id [0-9a-f-]{36}/);
      expect(csms.received.at(-1)).toEqual({
        action: 'BootNotification',
        params: { chargePointVendor: 'E2E', chargePointModel: 'Edited' },
      });
      await page.screenshot({ path: 'test-results/screenshots/send-answer.png' });

      // Still open: send it again with a pinned id (a duplicate on purpose).
      await form.getByLabel('pin id').check();
      await form.getByLabel('Pinned message id').fill('pinned-dup-1');
      await form.getByTestId('send-submit').click();
      await expect(outcome).toContainText('message id pinned-dup-1');
      await expect(answer).toContainText('Accepted');

      // The CALL link selects the sent entry in the timeline, its answer paired.
      const callLink = answer.getByRole('button', { name: /^#\d+$/ }).first();
      const callSeq = Number(((await callLink.textContent()) ?? '').slice(1));
      await callLink.click();
      await form.getByRole('button', { name: 'Close' }).click();
      await expect(form).toBeHidden();
      await expect(page.getByTestId('inspector')).toContainText('pinned-dup-1');
      await expect(rows(page).filter({ hasText: 'pinned-dup-1' })).toHaveCount(2);
      expect(callSeq).toBeGreaterThan(0);
      expect(pageErrors).toEqual([]);
    },
  );
});

test('send: from scratch, a template for the station, sent as the CSMS through the proxy', async ({
  page,
  serve,
  pageErrors,
}) => {
  await throughProxy(
    page,
    serve.url,
    { session: 'From scratch', identity: 'CP-SEND-2' },
    async ({ charger }) => {
      const asked: unknown[] = [];
      charger.handle('GetConfiguration', ({ params }: { params?: unknown }) => {
        asked.push(params);
        return Promise.resolve({
          configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
        });
      });
      await charger.call('Heartbeat', {});
      await expect(rows(page).filter({ hasText: 'Heartbeat' })).toHaveCount(2);

      await page.getByTestId('open-send').click();
      const form = page.getByTestId('send-form');
      const target = form.getByLabel('Target', { exact: true });
      const toStation = await target.locator('option[value$=":toStation"]').getAttribute('value');
      await target.selectOption(toStation ?? '');
      await form.getByLabel('Template action').selectOption('GetConfiguration');
      await form.getByTestId('load-template').click();
      await expect(form.getByTestId('send-schema')).toContainText('GetConfiguration request (OCPP 1.6)');
      await form.getByTestId('send-submit').click();
      await expect(form.getByTestId('command-answer')).toContainText('answered');
      expect(asked).toHaveLength(1);
      await page.screenshot({ path: 'test-results/screenshots/send-from-scratch.png' });
      expect(pageErrors).toEqual([]);
    },
  );
});

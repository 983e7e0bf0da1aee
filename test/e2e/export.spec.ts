/**
 * Export from the UI: the dialog from the session bar and from the sessions sidebar; the HTML
 * report as a download (self-contained, the session's name, the verdict table) and in a new tab;
 * JUnit with the options chosen; the capture of a session seeded with secrets, redacted by default
 * and not when asked (with the warning); an error from main shown in the dialog; a live session.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Locator, Page } from '@playwright/test';
import { leaks, secretsList } from '../support/privacy-leaks';
import { connectCharger } from './ocpp-peers';
import { expect, test } from './serve-fixture';

const FIXTURE_16 = 'fixtures/sessions/ocpp16-charging-session.jsonl';
const NAME_16 = 'CP-ACME-0042: boot, idle, one 11 kW charging session (OCPP 1.6J)';
const SECRETS = 'fixtures/sessions/secrets-everywhere.jsonl';

async function openFixture(page: Page, path: string, entries: number): Promise<void> {
  await page.getByTestId('open-capture-input').setInputFiles(path);
  await expect(page.getByTestId('timeline-count')).toContainText(`${entries} entries`);
}

function exportForm(page: Page): Locator {
  return page.getByTestId('export-form');
}

/** Clicks `button` and returns the file it downloads, with its name and text. */
async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

function sessionItem(page: Page, name: string): Locator {
  return page.getByTestId('session').filter({ has: page.locator('.session-name', { hasText: name }) });
}

test('export: the HTML report downloaded and in a tab, JUnit with the options chosen', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await openFixture(page, FIXTURE_16, 60);

  await page.getByTestId('session-export').click();
  const form = exportForm(page);
  await expect(form).toBeVisible();
  await expect(form).toContainText(NAME_16);
  // The defaults: the HTML report, secrets redacted, nothing pseudonymised, the app's profile.
  await expect(form.getByRole('radio', { name: /HTML report/ })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: /Redact secrets/ })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: /Anonymize/ })).not.toBeChecked();
  await expect(
    form.getByRole('radiogroup', { name: 'Profile' }).getByRole('radio', { name: 'strict' }),
  ).toHaveAttribute('aria-checked', 'true');
  await expect(
    form.getByRole('radiogroup', { name: 'Fail on' }).getByRole('radio', { name: 'error' }),
  ).toHaveAttribute('aria-checked', 'true');
  await expect(form.getByTestId('export-no-redact')).toHaveCount(0);
  await expect(form).toContainText('Print to PDF from the browser');
  // No printer in serve mode: the PDF is the browser's to make.
  await expect(form.getByRole('radio', { name: /PDF report/ })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/export-dialog-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screenshots/export-dialog-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  const html = await download(page, form.getByRole('button', { name: 'Download' }));
  await expect(form).toBeHidden();
  expect(html.name).toMatch(/-report\.html$/);
  expect(html.text.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(/<title>([^<]*)<\/title>/.exec(html.text)?.[1]).toContain(NAME_16);
  expect(html.text).toContain('id="verdicts"');
  expect(html.text).toMatch(/<table class="grid verdicts">/);
  // Self-contained: nothing to fetch, nothing to run.
  expect(html.text).not.toMatch(/<(script|link|img|iframe)\b/i);
  expect(html.text).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  expect(html.text).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);

  // Open: the same report in a tab of its own, to read and print.
  await page.getByTestId('session-export').click();
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    form.getByRole('button', { name: 'Open HTML report' }).click(),
  ]);
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(/^blob:/);
  expect(await tab.title()).toContain(NAME_16);
  await expect(tab.locator('table.verdicts')).toBeVisible();
  await expect(tab.locator('table.verdicts tbody tr').first()).toBeVisible();
  expect(await tab.evaluate(() => window.opener as unknown)).toBeNull();
  await tab.screenshot({ path: 'test-results/screenshots/export-report-tab.png' });
  await tab.close();
  // The dialog stays for a download after reading.
  await expect(form).toBeVisible();

  // JUnit, lenient, failing on warnings: the options reach the file.
  await form.getByRole('radio', { name: /JUnit XML/ }).check();
  await expect(form.getByRole('button', { name: 'Open HTML report' })).toHaveCount(0);
  await form.getByRole('radiogroup', { name: 'Profile' }).getByRole('radio', { name: 'lenient' }).click();
  await expect(form).toContainText('Not the app’s profile (strict)');
  await form.getByRole('radiogroup', { name: 'Fail on' }).getByRole('radio', { name: 'warning' }).click();
  const junit = await download(page, form.getByRole('button', { name: 'Download' }));
  expect(junit.name).toMatch(/-junit\.xml$/);
  expect(junit.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(junit.text).toMatch(/<testsuites [^>]*tests="\d+"/);
  const suites = [...junit.text.matchAll(/<testsuite name="([^"]+)" tests="(\d+)"/g)];
  expect(suites.length).toBeGreaterThan(1);
  const cases = [...junit.text.matchAll(/<testcase /g)].length;
  expect(cases).toBe(suites.reduce((n, s) => n + Number(s[2]), 0));
  expect(junit.text).toContain('<property name="profile" value="lenient"/>');
  expect(junit.text).toContain('<property name="fail-on" value="warning"/>');
  expect(junit.text).toContain('<property name="redacted" value="true"/>');
  expect(junit.text.trimEnd().endsWith('</testsuites>')).toBe(true);

  // The choice of format is remembered for the next export; privacy starts safe again.
  await page.getByTestId('session-export').click();
  await expect(form.getByRole('radio', { name: /JUnit XML/ })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: /Redact secrets/ })).toBeChecked();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toBeHidden();
  expect(pageErrors).toEqual([]);
});

test('export: a capture seeded with secrets leaves redacted, unless redaction is switched off', async ({
  page,
  serve,
  pageErrors,
}) => {
  const { secrets, stationIds, idTags } = secretsList();
  await page.goto(serve.url);
  await openFixture(page, SECRETS, 74);
  const name = (await page.locator('.session-title').textContent()) ?? '';

  // From the sidebar's export action this time.
  const item = sessionItem(page, name);
  await item.locator('.session-open').hover();
  await item.getByRole('button', { name: `Export ${name}` }).click();
  const form = exportForm(page);
  await form.getByRole('radio', { name: /Capture \(\.jsonl\)/ }).check();
  // A capture is not analysed: no profile or fail-on to choose.
  await expect(form.getByRole('radiogroup', { name: 'Profile' })).toHaveCount(0);
  const redacted = await download(page, form.getByRole('button', { name: 'Download' }));
  expect(redacted.name).toMatch(/\.jsonl$/);
  expect(leaks(redacted.text, secrets)).toEqual([]);
  expect(redacted.text).toContain('<redacted>');
  expect(JSON.parse(redacted.text.split('\n')[0] ?? '{}')).toMatchObject({ format: 'ocpp-scope-capture' });

  // The HTML report, redacted and anonymized: no secret, no station id, no idTag.
  await item.locator('.session-open').hover();
  await item.getByRole('button', { name: `Export ${name}` }).click();
  await form.getByRole('radio', { name: /HTML report/ }).check();
  await form.getByRole('checkbox', { name: /Anonymize/ }).check();
  const report = await download(page, form.getByRole('button', { name: 'Download' }));
  expect(leaks(report.text, [...secrets, ...stationIds, ...idTags])).toEqual([]);
  expect(report.name).not.toMatch(/ALPHA|BRAVO|CHARLIE|DELTA/);

  // Switched off, the dialog says what that means, and the secrets are in the file: the option
  // reaches main (the check above could not fail otherwise).
  await page.getByTestId('session-export').click();
  await form.getByRole('radio', { name: /Capture \(\.jsonl\)/ }).check();
  await form.getByRole('checkbox', { name: /Redact secrets/ }).uncheck();
  await expect(form.getByTestId('export-no-redact')).toContainText('not redacted');
  await form.screenshot({ path: 'test-results/screenshots/export-no-redact.png' });
  const clear = await download(page, form.getByRole('button', { name: 'Download' }));
  expect(leaks(clear.text, secrets).length).toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);
});

test('export: a refusal from main stays in the dialog; a live session exports what it has so far', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await openFixture(page, FIXTURE_16, 60);
  const sessionId = await page.locator('[data-testid="session"].active').getAttribute('data-session');
  expect(sessionId).toBeTruthy();
  // The session's file gone from under the app: main cannot export it, and says so.
  await rm(join(serve.dataDir, 'sessions', `${sessionId}.jsonl`));
  await page.getByTestId('session-export').click();
  const form = exportForm(page);
  await form.getByRole('radio', { name: /JSON report/ }).check();
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(form.getByTestId('export-error')).toContainText(/no session/i);
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  // A mock CSMS records a charger's boot into a live session.
  await page.getByTestId('start-csms').click();
  const csmsForm = page.getByTestId('csms-form');
  await csmsForm.getByLabel('Listen on').fill('127.0.0.1:0');
  await csmsForm.getByLabel('Session name').fill('Live export');
  await csmsForm.getByRole('button', { name: 'Start mock CSMS', exact: true }).click();
  await expect(csmsForm).toBeHidden();
  const url = (await page.getByTestId('csms-url').textContent()) ?? '';
  const charger = await connectCharger(url, 'CP-LIVE-EXPORT');
  try {
    await charger.call('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'Live-1' });
    const item = sessionItem(page, 'Live export');
    await expect(item).toContainText('live');
    await item.locator('.session-open').click();
    await expect(page.getByTestId('live-badge')).toBeVisible();
    await expect(page.getByTestId('timeline-count')).toContainText(/[1-9]\d* entries/);

    await page.getByTestId('session-export').click();
    await expect(form.getByTestId('export-live')).toContainText('Still recording');
    await form.getByRole('radio', { name: /JSON report/ }).check();
    const json = await download(page, form.getByRole('button', { name: 'Download' }));
    expect(json.name).toMatch(/-report\.json$/);
    const parsed = JSON.parse(json.text) as { summary?: { frames?: { toCsms?: number } } };
    expect(parsed.summary?.frames?.toCsms).toBeGreaterThanOrEqual(1);
    expect(json.text).toContain('BootNotification');
  } finally {
    await charger.close();
  }
  expect(pageErrors).toEqual([]);
});

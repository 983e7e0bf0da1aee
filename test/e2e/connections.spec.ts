/**
 * The Connections tab: with no session opened it explains each service and starts it; a mock CSMS
 * and a proxy in front of it, both started from the tab, carry a real charger (ocpp-rpc) whose
 * station, subprotocol and counters show on both cards; the top-bar indicators bring the tab back;
 * both stop from the tab and the tab is empty again.
 */
import type { Page } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { expect, test } from './serve-fixture';

const STATION = 'CP-E2E-CONN';

function tab(page: Page, name: RegExp) {
  return page.getByTestId('analysis-panel').getByRole('tab', { name });
}

test('connections: a mock CSMS and a proxy in front of it, started, watched and stopped from the tab', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  const panel = page.getByTestId('analysis-panel');
  const connections = page.getByTestId('connections-panel');

  // No session opened: the panel is there with the Connections tab, each service explained.
  await expect(tab(page, /^Connections/)).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, /^Findings/)).toBeDisabled();
  await expect(connections).toContainText('Nothing is running');
  await expect(page.getByTestId('proxy-section')).toContainText('Sits between chargers and their real CSMS');
  await expect(page.getByTestId('csms-section')).toContainText('A CSMS on this machine for bench tests');
  await page.screenshot({ path: 'test-results/screenshots/connections-empty.png' });

  // The mock CSMS, started from its section.
  await page.getByTestId('connections-start-csms').click();
  const csmsForm = page.getByTestId('csms-form');
  await csmsForm.getByLabel('Listen on').fill('127.0.0.1:0');
  await csmsForm.getByLabel('Session name').fill('E2E upstream CSMS');
  await csmsForm.getByRole('button', { name: 'Start mock CSMS', exact: true }).click();
  await expect(csmsForm).toBeHidden();
  const csmsCard = page.getByTestId('csms-card');
  const csmsUrl = (await csmsCard.getByTestId('csms-url').textContent()) ?? '';
  expect(csmsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(csmsCard.getByTestId('csms-status')).toContainText(/running since .* UTC · up \d+ s/);
  await expect(csmsCard.getByTestId('csms-status')).toContainText('recording E2E upstream CSMS');
  await expect(csmsCard.getByTestId('csms-totals')).toHaveText('0 stations connected');
  await expect(connections).not.toContainText('Nothing is running');
  await expect(tab(page, /^Connections/)).toContainText('1');

  // The proxy, started from its section, forwards to that CSMS.
  await page.getByTestId('connections-start-proxy').click();
  const proxyForm = page.getByTestId('proxy-form');
  await proxyForm.getByLabel('Listen on').fill('127.0.0.1:0');
  await proxyForm.getByLabel('CSMS URL').fill(csmsUrl);
  await proxyForm.getByLabel('Session name').fill('E2E proxy in front');
  await proxyForm.getByRole('button', { name: 'Start proxy', exact: true }).click();
  await expect(proxyForm).toBeHidden();
  const proxyCard = page.getByTestId('proxy-card');
  const proxyUrl = (await proxyCard.getByTestId('proxy-url').textContent()) ?? '';
  expect(proxyUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(proxyCard.getByTestId('proxy-upstream')).toHaveText(csmsUrl);
  await expect(tab(page, /^Connections/)).toContainText('2');
  // The proxy's session is the one opened now; the CSMS's can be shown from its card.
  await expect(page.locator('.session-title')).toHaveText('E2E proxy in front');
  await expect(proxyCard).toContainText('shown in the timeline');
  await expect(csmsCard.getByRole('button', { name: 'Show session' })).toBeVisible();

  const charger = new RPCClient({
    endpoint: proxyUrl.replace(/\/$/, ''),
    identity: STATION,
    protocols: ['ocpp1.6'],
    reconnect: false,
    // Pings every 100 ms: the proxy counts them on their way to the CSMS and the pongs back.
    pingIntervalMs: 100,
    strictMode: true,
  } as RPC_ClientOptions);
  try {
    await charger.connect();
    expect(
      await charger.call('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'Conn E2E' }),
    ).toMatchObject({ status: 'Accepted' });
    await charger.call('Heartbeat', {});

    // The station on both cards: through the proxy, and at the CSMS behind it.
    const row = proxyCard.locator(`[data-testid="proxy-connection"][data-station="${STATION}"]`);
    await expect(row).toContainText('ocpp1.6');
    await expect(row.getByTestId('frames-to-csms')).toHaveText('2');
    await expect(row.getByTestId('frames-to-station')).toHaveText('2');
    await expect(row.getByTestId('pings-pongs')).toHaveText(/^[1-9]\d*\/[1-9]\d*$/);
    await expect(row).toContainText(/\(\d+ s\)/);
    await expect(proxyCard.getByTestId('proxy-totals')).toContainText(
      '1 station connected · 2 → CSMS · 2 ← station',
    );
    await expect(proxyCard.getByTestId('proxy-totals')).toContainText(/\d+\/\d+ ping\/pong/);
    const station = csmsCard.locator(`[data-testid="csms-station"][data-station="${STATION}"]`);
    await expect(station).toContainText('ocpp1.6');
    await expect(station.getByTestId('station-boot')).toContainText('ACME Conn E2E');
    await expect(csmsCard.getByTestId('csms-totals')).toContainText('1 station connected');

    // The sidebar's facts of the live session keep up with it.
    const facts = page.getByTestId('session-stats');
    await expect(facts.getByTestId('stat-entries').locator('dd')).toHaveText('5');
    await expect(facts.getByTestId('stat-frames').locator('dd')).toHaveText('4');
    await expect(facts.getByTestId('stat-stations').locator('dd')).toHaveText('1');

    // The per-service tools stay on the cards.
    await expect(proxyCard.getByTestId('fault-rules')).toBeVisible();
    await expect(row.getByRole('button', { name: 'Inject…' })).toBeVisible();
    await expect(csmsCard.getByTestId('command-palette')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/connections-running.png' });

    // Another tab in front, the panel folded: a top-bar indicator brings the Connections tab back.
    await tab(page, /^Rules/).click();
    await expect(connections).toHaveCount(0);
    await panel.getByRole('button', { name: 'Hide the analysis panel' }).click();
    await page.getByTestId('csms-running').click();
    await expect(tab(page, /^Connections/)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('csms-section')).toBeInViewport();

    // The CSMS's own session, opened from its card.
    await csmsCard.getByRole('button', { name: 'Show session' }).click();
    await expect(page.locator('.session-title')).toHaveText('E2E upstream CSMS');
    await expect(csmsCard).toContainText('shown in the timeline');

    // Stop both from the tab: the charger is let go, the cards go, the explanations come back.
    const closed = new Promise<void>((resolve) => charger.once('close', () => resolve()));
    await proxyCard.getByRole('button', { name: 'Stop', exact: true }).click();
    await closed;
    await expect(proxyCard).toHaveCount(0);
    await expect(page.getByTestId('proxy-section')).toContainText('Sits between chargers');
    await expect(station).toHaveClass(/station-left/);
    await csmsCard.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(csmsCard).toHaveCount(0);
    await expect(connections).toContainText('Nothing is running');
    await expect(tab(page, /^Connections/)).toContainText('0');
    await expect(page.getByTestId('proxy-running')).toHaveCount(0);
    await expect(page.getByTestId('csms-running')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/connections-stopped.png' });
    expect(pageErrors).toEqual([]);
  } finally {
    await charger.close({ force: true });
  }
});

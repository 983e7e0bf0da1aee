/**
 * The proxy started from the UI: a tiny CSMS and a raw charger in the test process, the proxy
 * between them in serve mode. The live timeline, the connections list, injection, a fault rule
 * and stopping, all driven through the page.
 */
import type { Page } from '@playwright/test';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { expect, test } from './serve-fixture';

const STATION = 'CP-E2E-PROXY';

type Frame = [number, string, ...unknown[]];

function parse(data: RawData): Frame {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return JSON.parse(bytes.toString('utf8')) as Frame;
}

/** The frames one end received, and a way to wait for the next that matches. */
class Inbox {
  readonly frames: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  push(data: RawData): void {
    const frame = parse(data);
    this.frames.push(frame);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(frame)) return true;
      w.resolve(frame);
      return false;
    });
  }

  next(match: (f: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

/** A CSMS that accepts OCPP 1.6 and answers BootNotification and Heartbeat. */
async function startCsms(): Promise<{ server: WebSocketServer; port: number; inbox: Inbox }> {
  const inbox = new Inbox();
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
  });
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      inbox.push(data);
      const [type, id, action] = parse(data);
      if (type !== 2) return;
      const currentTime = new Date().toISOString();
      const payload =
        action === 'BootNotification' ? { status: 'Accepted', currentTime, interval: 300 } : { currentTime };
      socket.send(JSON.stringify([3, id, payload]));
    });
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the CSMS has no port');
  return { server, port: address.port, inbox };
}

async function closeCsms(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function timelineRows(page: Page) {
  return page.locator('[data-testid="timeline"] [role="row"]');
}

test('proxy: start from the UI, watch a charger live, inject, drop with a fault rule, stop', async ({
  page,
  serve,
  pageErrors,
}) => {
  const csms = await startCsms();
  let charger: WebSocket | undefined;
  try {
    await page.goto(serve.url);
    await page.getByTestId('start-proxy').click();
    const form = page.getByTestId('proxy-form');
    await expect(form).toBeVisible();
    await form.getByLabel('Listen on').fill('127.0.0.1:0');

    // What main refuses is said next to the form, and the form stays open.
    await form.getByLabel('CSMS URL').fill(`http://127.0.0.1:${csms.port}/ocpp`);
    await form.getByRole('button', { name: 'Start proxy', exact: true }).click();
    await expect(page.getByTestId('proxy-start-error')).toContainText('must be a ws:// or wss:// URL');

    // Not verifying the CSMS is said loudly.
    await form.getByLabel('Verification').check();
    await expect(form.getByRole('note')).toContainText('impersonate the CSMS');
    await form.getByLabel('Verification').uncheck();
    await expect(form.getByRole('note')).toHaveCount(0);

    await form.getByLabel('CSMS URL').fill(`ws://127.0.0.1:${csms.port}/ocpp`);
    await form.getByLabel('Session name').fill('E2E proxy');
    await page.screenshot({ path: 'test-results/screenshots/proxy-start-form.png' });
    await form.getByRole('button', { name: 'Start proxy', exact: true }).click();
    await expect(form).toBeHidden();

    // The proxy runs, shown in the Connections tab; its live session is open in the timeline.
    await expect(
      page.getByTestId('analysis-panel').getByRole('tab', { name: /^Connections/ }),
    ).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('proxy-section').getByTestId('proxy-card')).toHaveCount(1);
    const url = (await page.getByTestId('proxy-url').textContent()) ?? '';
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(page.locator('.session-title')).toHaveText('E2E proxy');
    await expect(page.getByTestId('live-badge')).toBeVisible();
    await expect(page.getByTestId('proxy-upstream')).toHaveText(`ws://127.0.0.1:${csms.port}/ocpp`);

    const inbox = new Inbox();
    charger = new WebSocket(url + STATION, 'ocpp1.6');
    const station = charger;
    station.on('message', (data) => inbox.push(data));
    await new Promise<void>((resolve, reject) => {
      station.once('open', () => resolve());
      station.once('error', reject);
    });
    const connection = page.locator(`[data-testid="proxy-connection"][data-station="${STATION}"]`);
    await expect(connection).toContainText('ocpp1.6');

    // Frames appear in the timeline as they arrive, both ways.
    station.send(
      JSON.stringify([
        2,
        'boot-1',
        'BootNotification',
        { chargePointVendor: 'ACME', chargePointModel: 'E2E' },
      ]),
    );
    await inbox.next((f) => f[0] === 3 && f[1] === 'boot-1');
    const boot = timelineRows(page).filter({ hasText: 'BootNotification' });
    await expect(boot.filter({ has: page.locator('.type-call') })).toHaveCount(1);
    await expect(boot.filter({ has: page.locator('.type-callresult') })).toHaveCount(1);

    station.send(JSON.stringify([2, 'hb-1', 'Heartbeat', {}]));
    await inbox.next((f) => f[0] === 3 && f[1] === 'hb-1');
    const heartbeats = timelineRows(page).filter({ hasText: 'Heartbeat' });
    await expect(heartbeats.filter({ has: page.locator('.type-callresult') })).toHaveCount(1);
    await expect(connection.getByTestId('frames-to-csms')).toHaveText('2');
    await expect(connection.getByTestId('frames-to-station')).toHaveText('2');

    // Injection: a CALL to the station as if from the CSMS, with a fresh scope-… id.
    await connection.getByRole('button', { name: 'Inject…' }).click();
    const inject = page.getByTestId('inject-form');
    await inject
      .getByLabel('Frame to inject')
      .fill('[2, "x", "TriggerMessage", {"requestedMessage": "Heartbeat"}]');
    await inject.getByRole('button', { name: 'Send' }).click();
    const trigger = await inbox.next((f) => f[0] === 2 && f[2] === 'TriggerMessage');
    const triggerId = trigger[1];
    expect(triggerId).toMatch(/^scope-/);
    await expect(page.getByTestId('inject-result')).toContainText(triggerId);
    station.send(JSON.stringify([3, triggerId, { status: 'Accepted' }]));
    const injected = timelineRows(page).filter({ hasText: triggerId });
    await expect(
      injected.filter({ has: page.locator('.type-call') }).locator('[data-flag="injected"]'),
    ).toBeVisible();
    // Its answer is recorded, never forwarded to a CSMS that did not send the CALL.
    await expect(
      injected.filter({ has: page.locator('.type-callresult') }).locator('[data-flag="dropped"]'),
    ).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/proxy-live-inject.png' });

    // Fault rules: main's validation error is shown, then a valid rule applies.
    const faults = page.getByTestId('fault-rules');
    await faults.getByRole('button', { name: 'Add rule' }).click();
    await faults.getByLabel('Rule 1 action').fill('Heartbeat');
    await faults.getByLabel('Rule 1 direction').selectOption('toCsms');
    await faults.getByRole('button', { name: 'Apply rules' }).click();
    await expect(page.getByTestId('fault-error')).toContainText('"name" must be a non-empty string');
    await faults.getByLabel('Rule 1 name').fill('drop Heartbeat');
    await faults.getByRole('button', { name: 'Apply rules' }).click();
    await expect(faults.locator('.section-title')).toContainText('1 active');
    await expect(page.getByTestId('fault-error')).toHaveCount(0);

    station.send(JSON.stringify([2, 'hb-2', 'Heartbeat', {}]));
    await expect(
      timelineRows(page).filter({ hasText: 'hb-2' }).locator('[data-flag="dropped"]'),
    ).toBeVisible();
    // Frames keep their order on the way: once the next one reached the CSMS, hb-2 never will.
    station.send(
      JSON.stringify([
        2,
        'boot-2',
        'BootNotification',
        { chargePointVendor: 'ACME', chargePointModel: 'E2E' },
      ]),
    );
    await csms.inbox.next((f) => f[1] === 'boot-2');
    expect(csms.inbox.frames.map((f) => f[1])).toEqual(['boot-1', 'hb-1', 'boot-2']);
    await timelineRows(page).filter({ hasText: 'hb-2' }).click();
    await expect(page.getByTestId('interventions')).toContainText('drop (rule "drop Heartbeat")');
    await page.screenshot({ path: 'test-results/screenshots/proxy-fault-rule.png' });

    // Stop: the charger is let go and the session is no longer live.
    const closed = new Promise<void>((resolve) => station.once('close', () => resolve()));
    await page.getByTestId('proxy-card').getByRole('button', { name: 'Stop' }).click();
    await closed;
    await expect(page.getByTestId('live-badge')).toHaveCount(0);
    await expect(page.getByTestId('proxy-card')).toHaveCount(0);
    await expect(page.locator('.session.active')).not.toContainText('live');
    await expect(timelineRows(page).last()).toContainText('closed');
    await page.screenshot({ path: 'test-results/screenshots/proxy-stopped.png' });
    expect(pageErrors).toEqual([]);
  } finally {
    charger?.terminate();
    await closeCsms(csms.server);
  }
});

test('proxy with TLS auto: chargers get a wss:// URL and the CA to install', async ({ page, serve }) => {
  const csms = await startCsms();
  try {
    await page.goto(serve.url);
    await page.getByTestId('start-proxy').click();
    const form = page.getByTestId('proxy-form');
    await form.getByLabel('Listen on').fill('127.0.0.1:0');
    await form.getByLabel('CSMS URL').fill(`ws://127.0.0.1:${csms.port}/ocpp/{id}`);
    await form.getByRole('radio', { name: 'Auto (local CA)' }).click();
    await expect(form).toContainText('Install the CA certificate');
    await form.getByRole('button', { name: 'Start proxy', exact: true }).click();

    await expect(page.getByTestId('proxy-url')).toHaveText(/^wss:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(page.getByTestId('proxy-ca')).toContainText(serve.dataDir);
    await expect(page.locator('.session-title')).toHaveText(`Proxy to ws://127.0.0.1:${csms.port}/ocpp/{id}`);
    await page.screenshot({ path: 'test-results/screenshots/proxy-tls-auto.png' });
    await page.getByTestId('proxy-card').getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('live-badge')).toHaveCount(0);
  } finally {
    await closeCsms(csms.server);
  }
});

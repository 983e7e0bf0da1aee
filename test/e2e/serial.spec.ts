/**
 * The serial bridge from the Connections tab: a socat pty pair in the test, the bridge started
 * from the form on one end (to a mock CSMS of its own, or to a CSMS that cannot be reached), a
 * scripted charger on the other end (serialport) writing frames and firmware log lines. The card's
 * states and counters follow; the session shows the log lines between the frames; killing socat
 * takes the port away and bringing it back opens it again; what main refuses shows in the form.
 */
import type { Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { expect, test } from './serve-fixture';
import { PtyPair } from './serial-pty';

/** The charger on its end of the pair: writes lines, keeps the lines the bridge writes back. */
class Charger {
  readonly lines: string[] = [];
  /** Every byte written, to check the bridge's count. */
  written = 0;
  private pending = '';
  private waiters: { prefix: string; resolve: (line: string) => void }[] = [];

  private constructor(private readonly port: SerialPort) {
    // The pty vanishing under it (socat killed) is expected.
    port.on('error', () => undefined);
    port.on('data', (chunk: Buffer) => {
      this.pending += chunk.toString('utf8');
      for (let at = this.pending.indexOf('\n'); at >= 0; at = this.pending.indexOf('\n')) {
        const line = this.pending.slice(0, at);
        this.pending = this.pending.slice(at + 1);
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => !(line.startsWith(w.prefix) && (w.resolve(line), true)));
      }
    });
  }

  static async open(path: string): Promise<Charger> {
    const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    return new Charger(port);
  }

  write(line: string): Promise<void> {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    this.written += bytes.length;
    return new Promise((resolve, reject) =>
      this.port.write(bytes, (e) => (e ? reject(e) : this.port.drain(() => resolve()))),
    );
  }

  /** A CALL written, and the bridge's line carrying its answer. */
  async call(id: string, action: string, payload: object): Promise<string> {
    const answered = new Promise<string>((resolve) => {
      const seen = this.lines.find((l) => l.startsWith(`[3,"${id}"`));
      if (seen) resolve(seen);
      else this.waiters.push({ prefix: `[3,"${id}"`, resolve });
    });
    await this.write(JSON.stringify([2, id, action, payload]));
    return answered;
  }

  /** Bytes the bridge wrote to the port: every line read with its delimiter. */
  get read(): number {
    return this.lines.reduce((sum, l) => sum + Buffer.byteLength(l, 'utf8') + 1, 0);
  }

  close(): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.close(() => resolve()));
  }
}

function count(page: Page, key: string) {
  return page.getByTestId('serial-card').getByTestId(`serial-count-${key}`);
}

/** The page in both themes, and `close` (a card) on its own. */
async function screenshots(page: Page, name: string, close?: Locator): Promise<void> {
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}.png` });
    await close?.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}-close.png` });
  }
  await page.emulateMedia({ colorScheme: 'dark' });
}

let pair: PtyPair | undefined;
const chargers: Charger[] = [];

test.afterEach(async () => {
  for (const charger of chargers.splice(0)) await charger.close();
  await pair?.dispose();
  pair = undefined;
});

async function newPair(): Promise<PtyPair> {
  pair = await PtyPair.open('serial-e2e');
  return pair;
}

async function openCharger(path: string): Promise<Charger> {
  const charger = await Charger.open(path);
  chargers.push(charger);
  return charger;
}

test('serial: a bridge to its own mock CSMS, a charger on a pty, frames and log lines, the port lost and back', async ({
  page,
  serve,
  pageErrors,
}) => {
  const pty = await newPair();
  await page.goto(serve.url);
  await expect(page.getByTestId('serial-section')).toContainText('speak OCPP-J over a serial line');

  await page.getByTestId('connections-start-serial').click();
  const form = page.getByTestId('serial-form');
  // The system's ports are listed (or it says it has none, or why it cannot list them).
  await expect(form.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  await form.getByLabel('Port', { exact: true }).fill(pty.bridge);
  await expect(form.getByLabel('Station identity')).toHaveAttribute('placeholder', 'bridge');
  await expect(form.getByLabel('Baud rate')).toHaveValue('115200');
  await expect(form.getByLabel('Delimiter')).toHaveValue('\\n');
  await expect(form.getByRole('radio', { name: 'Mock CSMS (started for this bridge)' })).toBeChecked();
  await form.getByLabel('Session name').fill('E2E serial bench');
  await screenshots(page, 'serial-form');
  await form.getByRole('button', { name: 'Start serial bridge', exact: true }).click();
  await expect(form).toBeHidden();

  const card = page.getByTestId('serial-card');
  await expect(card.getByTestId('serial-port')).toHaveText(pty.bridge);
  // Seen at once, not under the card of its own mock CSMS.
  await expect(card).toBeInViewport();
  await expect(card.getByTestId('serial-settings')).toHaveText('115200 8N1');
  await expect(card.getByTestId('serial-station')).toHaveText('as bridge ocpp1.6');
  await expect(card.getByTestId('serial-target')).toContainText(
    /its mock CSMS csms-\d+ ws:\/\/127\.0\.0\.1:\d+\//,
  );
  await expect(card.getByTestId('serial-port-state')).toHaveText('open');
  await expect(card.getByTestId('serial-link-state')).toHaveText('open ocpp1.6');
  await expect(card.getByTestId('serial-status')).toContainText(/up \d+ s · recording E2E serial bench/);
  await expect(page.getByTestId('serial-running')).toHaveText('1 serial bridge');
  await expect(page.getByTestId('csms-card')).toHaveCount(1);

  const charger = await openCharger(pty.charger);
  await charger.write('boot: firmware 1.2.3');
  const boot = await charger.call('b1', 'BootNotification', {
    chargePointVendor: 'ACME',
    chargePointModel: 'Serial E2E',
  });
  expect(JSON.parse(boot)).toMatchObject([3, 'b1', { status: 'Accepted' }]);
  await charger.write('net: link up');
  await charger.write('meter: 0 Wh');
  await charger.call('h1', 'Heartbeat', {});
  await charger.write('idle');

  await expect(count(page, 'to-csms')).toHaveText('2');
  await expect(count(page, 'to-station')).toHaveText('2');
  await expect(count(page, 'log-lines')).toHaveText('4');
  await expect(count(page, 'dropped')).toHaveText('0');
  await expect(count(page, 'bytes-in')).toHaveText(`${charger.written} B`);
  await expect(count(page, 'bytes-out')).toHaveText(`${charger.read} B`);
  await expect(count(page, 'port-reopens')).toHaveText('0');
  await expect(count(page, 'reconnects')).toHaveText('0');
  await expect(card.getByTestId('serial-error')).toHaveCount(0);
  await screenshots(page, 'serial-card', card);

  // Another tab in front: the top-bar indicator brings the bridges back.
  await page
    .getByTestId('analysis-panel')
    .getByRole('tab', { name: /^Rules/ })
    .click();
  await expect(card).toHaveCount(0);
  await page.getByTestId('serial-running').click();
  await expect(card).toBeInViewport();

  // Its mock CSMS's card, one click away; then the bridge's own session again from its card.
  await card.getByRole('button', { name: 'Show its card' }).click();
  const csmsCard = page.getByTestId('csms-card');
  await expect(csmsCard).toBeInViewport();
  await csmsCard.getByRole('button', { name: 'Show session' }).click();
  await expect(page.locator('.session-title')).toContainText('Mock CSMS for serial');
  await card.getByRole('button', { name: 'Show session' }).click();
  await expect(page.locator('.session-title')).toHaveText('E2E serial bench');
  await expect(card).toContainText('shown in the timeline');

  // The firmware's lines between the frames, in the order they came off the wire.
  const rows = page.locator('[data-testid="timeline"] [role="row"]');
  await expect(rows.filter({ hasText: 'idle' })).toHaveCount(1);
  const texts = await rows.allTextContents();
  const at = (text: string) => texts.findIndex((t) => t.includes(text));
  const order = [
    'boot: firmware 1.2.3',
    'BootNotification',
    'net: link up',
    'meter: 0 Wh',
    'Heartbeat',
    'idle',
  ].map(at);
  expect(
    order.every((i) => i >= 0),
    `every line is in the timeline: ${texts.join(' | ')}`,
  ).toBe(true);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  await page.screenshot({ path: 'test-results/screenshots/serial-session.png' });

  // socat gone: the port vanishes under the bridge, which says so and keeps trying.
  await pty.kill();
  // The charger lets go of its end: this serialport lacks the bridge's hangup fix and may never
  // report the port gone by itself (its read spins on the hung-up pty instead).
  await charger.close();
  await expect(card.getByTestId('serial-port-state')).toHaveText('lost, reopening…');
  await expect(card.getByTestId('serial-error')).toContainText(/^Last error \S/);
  await expect(card.getByTestId('serial-link-state')).toHaveText('closed until the port is back');
  await expect(page.getByTestId('serial-running')).toHaveText('1 serial bridge · 1 port lost');
  await screenshots(page, 'serial-card-lost', card);

  // Back on the same links: the port opens again, the CSMS link with it.
  await pty.start();
  await expect(card.getByTestId('serial-port-state')).toHaveText('open', { timeout: 20_000 });
  await expect(card.getByTestId('serial-link-state')).toHaveText('open ocpp1.6');
  await expect(count(page, 'port-reopens')).toHaveText('1');
  await expect(count(page, 'reconnects')).toHaveText('1');
  await expect(card.getByTestId('serial-error')).toHaveCount(0);
  await expect(page.getByTestId('serial-running')).toHaveText('1 serial bridge');
  const again = await openCharger(pty.charger);
  await again.call('h2', 'Heartbeat', {});
  await expect(count(page, 'to-csms')).toHaveText('3');

  // Stopped from its card: its mock CSMS goes with it.
  await card.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId('csms-card')).toHaveCount(0);
  await expect(page.getByTestId('serial-section')).toContainText('speak OCPP-J over a serial line');
  await expect(page.getByTestId('serial-running')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('serial: what the form refuses, a missing port, and a CSMS that cannot be reached', async ({
  page,
  serve,
  pageErrors,
}) => {
  const pty = await newPair();
  await page.goto(serve.url);
  await page.getByTestId('connections-start-serial').click();
  const form = page.getByTestId('serial-form');
  const port = form.getByLabel('Port', { exact: true });
  const error = form.getByTestId('serial-start-error');

  // A delimiter main would refuse is said at once, in main's words.
  await form.getByLabel('Delimiter').fill('\\q');
  await expect(form.getByTestId('field-error')).toContainText('unknown escape \\q');
  await form.getByLabel('Delimiter').fill('\\r\\n');
  await expect(form.getByTestId('field-error')).toHaveCount(0);

  // A port that is not there: said under the port, nothing left running or recorded.
  const missing = join(pty.dir, 'no-such-port');
  await port.fill(missing);
  await form.getByRole('button', { name: 'Start serial bridge', exact: true }).click();
  await expect(form.getByTestId('field-error')).toHaveText(
    `there is no serial port ${missing} (is the adapter plugged in? is the path right?)`,
  );
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(error).toHaveText('Not started: the serial port did not open (see Port).');
  await expect(page.getByTestId('csms-running')).toHaveCount(0);
  await expect(page.getByTestId('session')).toHaveCount(0);
  await screenshots(page, 'serial-form-missing-port');

  // A CSMS URL nobody listens on: the bridge runs, the link waits and says why.
  await port.fill(pty.bridge);
  await expect(form.getByTestId('field-error')).toHaveCount(0);
  await form.getByLabel('Delimiter').fill('\\n');
  await form.getByRole('radio', { name: 'CSMS URL' }).click();
  await expect(error).toBeEmpty();
  // Without a URL the form is not sent: the browser points at the empty field.
  await form.getByRole('button', { name: 'Start serial bridge', exact: true }).click();
  expect(
    await form.getByLabel('CSMS URL').evaluate((input) => (input as HTMLInputElement).validity.valueMissing),
  ).toBe(true);
  await expect(form).toBeVisible();
  await form.getByLabel('CSMS URL').fill('ws://127.0.0.1:1/ocpp/');
  await form.getByLabel('Station identity').fill('CP-SERIAL-7');
  await form.getByRole('radio', { name: 'ocpp2.0.1' }).click();
  await form.getByText('Credentials and TLS toward the CSMS').click();
  await form.getByLabel('User', { exact: true }).fill('CP-SERIAL-7');
  await form.getByLabel('Password').fill('secret');
  await form.getByLabel('Baud rate').selectOption('other');
  await form.getByLabel('Other baud rate').fill('250000');
  await form.getByLabel('Parity').selectOption('even');
  await form.getByLabel('Stop bits').selectOption('2');
  await form.getByLabel('data bits').selectOption('7');
  await screenshots(page, 'serial-form-url');
  await form.getByRole('button', { name: 'Start serial bridge', exact: true }).click();
  await expect(form).toBeHidden();

  const card = page.getByTestId('serial-card');
  await expect(card.getByTestId('serial-settings')).toHaveText('250000 7E2');
  await expect(card.getByTestId('serial-station')).toHaveText('as CP-SERIAL-7 ocpp2.0.1');
  await expect(card.getByTestId('serial-target')).toHaveText('ws://127.0.0.1:1/ocpp/CP-SERIAL-7');
  await expect(card.getByTestId('serial-port-state')).toHaveText('open');
  await expect(card.getByTestId('serial-link-state')).toHaveText(/^waiting, (retry in \d+ s|retrying now)$/);
  await expect(card.getByTestId('serial-error')).toContainText('ECONNREFUSED');
  await expect(page.getByTestId('serial-running')).toHaveText('1 serial bridge · 1 waiting for the CSMS');
  await expect(page.getByTestId('csms-card')).toHaveCount(0);
  await screenshots(page, 'serial-card-waiting', card);

  await card.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(card).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

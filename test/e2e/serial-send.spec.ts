/**
 * Send frame through a serial bridge: a socat pty pair, the bridge started from the Connections
 * form to a mock CSMS of its own, a scripted charger (serialport) on the other end that answers
 * RemoteStartTransaction. The engineer picks the bridge as the target, as the CSMS, sends the frame,
 * and sees the charger's answer in the dialog; the charger read it as one line.
 */
import { SerialPort } from 'serialport';
import { replaceText } from './monaco-input';
import { expect, test } from './serve-fixture';
import { PtyPair } from './serial-pty';

let pair: PtyPair | undefined;
let port: SerialPort | undefined;

test.afterEach(async () => {
  if (port?.isOpen) await new Promise<void>((resolve) => port!.close(() => resolve()));
  port = undefined;
  await pair?.dispose();
  pair = undefined;
});

/** The charger: keeps every line it reads and answers RemoteStartTransaction with Accepted. */
async function charger(path: string): Promise<string[]> {
  const opened = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => opened.open((e) => (e ? reject(e) : resolve())));
  port = opened;
  opened.on('error', () => undefined);
  const lines: string[] = [];
  let pending = '';
  opened.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      lines.push(line);
      const call = JSON.parse(line) as unknown[];
      if (call[0] === 2 && call[2] === 'RemoteStartTransaction')
        opened.write(`${JSON.stringify([3, call[1], { status: 'Accepted' }])}\n`);
    }
  });
  return lines;
}

test('serial send: RemoteStartTransaction to the charger through the bridge, its answer in the dialog', async ({
  page,
  serve,
  pageErrors,
}) => {
  const pty = (pair = await PtyPair.open('serial-send-e2e'));
  await page.goto(serve.url);
  await page.getByTestId('connections-start-serial').click();
  const serialForm = page.getByTestId('serial-form');
  await serialForm.getByLabel('Port', { exact: true }).fill(pty.bridge);
  await serialForm.getByLabel('Station identity').fill('CP-SERIAL-E2E');
  await serialForm.getByRole('button', { name: 'Start serial bridge', exact: true }).click();
  await expect(serialForm).toBeHidden();
  const card = page.getByTestId('serial-card');
  await expect(card.getByTestId('serial-port-state')).toHaveText('open');
  await expect(card.getByTestId('serial-link-state')).toHaveText('open ocpp1.6');
  const lines = await charger(pty.charger);

  await page.getByTestId('open-send').click();
  const form = page.getByTestId('send-form');
  const target = form.getByLabel('Target', { exact: true });
  const toCharger = target.locator('option[value^="serial:"][value$=":toStation"]');
  await expect(toCharger).toHaveText(`← CP-SERIAL-E2E on ${pty.bridge}, as the CSMS · OCPP 1.6`);
  await expect(target.locator('option[value^="serial:"][value$=":toCsms"]')).toHaveText(
    `→ CSMS, as CP-SERIAL-E2E (serial ${pty.bridge}) · OCPP 1.6`,
  );
  await target.selectOption((await toCharger.getAttribute('value')) ?? '');
  await replaceText(
    page,
    'send-editor',
    '[2, "x", "RemoteStartTransaction", {"connectorId": 1, "idTag": "04A2B3C4"}]',
  );
  await expect(form.getByTestId('send-schema')).toContainText('RemoteStartTransaction request (OCPP 1.6)');
  await form.getByTestId('send-submit').click();
  const outcome = form.getByTestId('send-outcome');
  await expect(outcome.getByTestId('command-answer')).toContainText('Accepted');
  const sentId = /message id (scope-\S+|[0-9a-f-]{36})/.exec((await outcome.textContent()) ?? '')?.[1];
  expect(sentId, 'the outcome names the id it went out with').toBeDefined();
  expect(lines).toEqual([`[2,"${sentId}","RemoteStartTransaction",{"connectorId":1,"idTag":"04A2B3C4"}]`]);
  await page.screenshot({ path: 'test-results/screenshots/serial-send-answer.png' });
  expect(pageErrors).toEqual([]);
});

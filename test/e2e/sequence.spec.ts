/**
 * The sequence diagram: lanes and arrows of real captures, what the proxy did, selection shared
 * with the timeline and the inspector, and a 12k-frame capture kept windowed.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { writeOcpp16Capture } from '../../bench/lib/ocpp16-capture';
import { expect, test } from './serve-fixture';

const FIXTURE_16 = 'fixtures/sessions/ocpp16-charging-session.jsonl';
/** StartTransaction answered with CALLERRORs, then a StopTransaction with id -1 refused. */
const FIXTURE_CALLERROR = 'fixtures/analysis/tx16.minus-one-rejected.jsonl';

async function openSequence(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByTestId('open-capture-input').setInputFiles(file);
  await expect(page.getByTestId('timeline-count')).toContainText('entries');
  await page.getByTestId('view-sequence').click();
  await expect(page.getByTestId('view-sequence')).toHaveAttribute('aria-selected', 'true');
  return page.getByTestId('sequence-diagram');
}

const lanes = (page: Page) =>
  page.locator('[data-testid="seq-lane"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane')));

/** A lane's centre on screen, to check the order of the lanes and where arrows start and end. */
async function laneCentre(page: Page, lane: string): Promise<number> {
  const box = await page.locator(`[data-testid="seq-lane"][data-lane="${lane}"]`).boundingBox();
  if (!box) throw new Error(`lane ${lane} is not on screen`);
  return box.x + box.width / 2;
}

/** The x range an arrow's line covers on screen. */
async function arrowSpan(slot: Locator): Promise<[number, number]> {
  const line = slot.locator('.seq-line');
  const svg = await slot.locator('svg').boundingBox();
  const [x1, x2] = await line.evaluate((l) => [Number(l.getAttribute('x1')), Number(l.getAttribute('x2'))]);
  if (!svg || x1 === undefined || x2 === undefined) throw new Error('arrow not drawn');
  return [svg.x + Math.min(x1, x2), svg.x + Math.max(x1, x2)];
}

/** What a CSS variable resolves to as a computed colour (the theme decides the hex value). */
const cssColour = (page: Page, variable: string) =>
  page.evaluate((v) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${v})`;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, variable);

test('an OCPP 1.6 session as a sequence diagram: lanes, labelled arrows, gaps; a click inspects the entry', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  const diagram = await openSequence(page, FIXTURE_16);
  await expect(page.locator('[data-testid="seq-lane"]')).toHaveCount(2);
  expect(await lanes(page)).toEqual(['station:CP-ACME-0042', 'csms']);
  expect(await laneCentre(page, 'station:CP-ACME-0042')).toBeLessThan(await laneCentre(page, 'csms'));

  const opened = diagram.locator('[data-seq="1"]');
  await expect(opened).toHaveAttribute('data-kind', 'connection');
  await expect(opened).toContainText('opened ocpp1.6');

  const boot = diagram.locator('[data-seq="2"]');
  await expect(boot).toHaveAttribute('data-testid', 'seq-arrow');
  await expect(boot).toHaveAttribute('data-kind', 'call');
  await expect(boot).toHaveAttribute('data-from', 'station:CP-ACME-0042');
  await expect(boot).toHaveAttribute('data-to', 'csms');
  await expect(boot.getByTestId('seq-label')).toHaveText('BootNotification');
  await expect(boot.locator('.seq-line')).toHaveCSS('stroke-dasharray', 'none');
  await expect(boot.locator('.seq-line')).toHaveCSS('stroke', await cssColour(page, '--to-csms'));

  const answer = diagram.locator('[data-seq="3"]');
  await expect(answer).toHaveAttribute('data-kind', 'result');
  await expect(answer).toHaveAttribute('data-from', 'csms');
  await expect(answer.getByTestId('seq-label')).toContainText('BootNotification result');
  await expect(answer.locator('.seq-line')).not.toHaveCSS('stroke-dasharray', 'none');
  await expect(answer.locator('.seq-line')).toHaveCSS('stroke', await cssColour(page, '--to-station'));
  // The arrow really runs from the station's lane to the CSMS's.
  const [left, right] = await arrowSpan(boot);
  expect(Math.abs(left - (await laneCentre(page, 'station:CP-ACME-0042')))).toBeLessThan(2);
  expect(Math.abs(right - (await laneCentre(page, 'csms')))).toBeLessThan(12);

  // Time compressed: a pause over a second is marked with its length; a short one is not.
  await expect(diagram.locator('[data-seq="12"] [data-testid="seq-gap"]')).toHaveText('+4 min 56 s');
  await expect(diagram.locator('[data-seq="8"] [data-testid="seq-gap"]')).toHaveText('+1.7 s');
  await expect(diagram.locator('[data-seq="9"] [data-testid="seq-gap"]')).toHaveCount(0);
  await expect(diagram.locator('[data-seq="12"]')).toContainText('07:47:18.457');

  await boot.getByTestId('seq-label').click();
  await expect(boot).toHaveAttribute('aria-selected', 'true');
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText('CALL BootNotification');
  await expect(diagram).toHaveAttribute('aria-activedescendant', 'seq-slot-1');

  // The keyboard moves the selection as in the timeline; the timeline keeps it when shown.
  await diagram.press('ArrowDown');
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText('CALLRESULT BootNotification');
  await expect(answer).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: 'test-results/screenshots/sequence-ocpp16.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(answer.locator('.seq-line')).toHaveCSS('stroke', await cssColour(page, '--to-station'));
  await page.screenshot({ path: 'test-results/screenshots/sequence-ocpp16-dark.png' });
  await page.getByTestId('view-timeline').click();
  await expect(page.locator('[data-testid="timeline"] [data-seq="3"]')).toHaveAttribute(
    'aria-selected',
    'true',
  );
  expect(pageErrors).toEqual([]);
});

test('under a filter the diagram shows its rows, and the pauses between them', async ({ page, serve }) => {
  await page.goto(serve.url);
  const diagram = await openSequence(page, FIXTURE_16);
  await page.getByTestId('filter-input').fill('action:MeterValues type:call');
  await page.getByTestId('filter-input').press('Enter');
  const third = diagram.locator('[data-row="2"]');
  await expect(third).toHaveAttribute('data-seq', '30');
  await expect(diagram.locator('[data-kind]:not([data-kind="call"])')).toHaveCount(0);
  await expect(diagram.locator('[data-testid="seq-label"]').first()).toHaveText('MeterValues');
  // 30 s after the session's previous entry (an answer), but a minute after the previous row shown.
  await expect(third.getByTestId('seq-gap')).toHaveText('+1 min');
  await third.click();
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveText(
    'CALL MeterValues',
  );
  await expect(page.getByTestId('inspector').locator('.facts')).toContainText('30');
});

test('CALLERRORs are red and dashed, with their code; findings show on the arrow', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  const diagram = await openSequence(page, FIXTURE_CALLERROR);
  const error = diagram.locator('[data-seq="11"]');
  await expect(error).toHaveAttribute('data-kind', 'error');
  await expect(error).toHaveAttribute('data-from', 'csms');
  await expect(error.getByTestId('seq-label')).toContainText('StartTransaction InternalError');
  const red = await cssColour(page, '--error');
  await expect(error.locator('.seq-line')).toHaveCSS('stroke', red);
  await expect(error.locator('.seq-line')).not.toHaveCSS('stroke-dasharray', 'none');
  await expect(error.locator('.seq-code')).toHaveCSS('color', red);
  // The answer to a normal CALL next to it is not red.
  await expect(diagram.locator('[data-seq="13"] .seq-line')).not.toHaveCSS('stroke', red);

  // tx16.minus-one-rejected is about the CALLERROR to StopTransaction(-1).
  const refused = diagram.locator('[data-seq="17"]');
  await expect(refused.getByTestId('finding-badge')).toHaveText('1');
  await expect(refused.getByTestId('seq-label')).toContainText('StopTransaction PropertyConstraintViolation');
  await refused.click();
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveText(
    'CALLERROR StopTransaction PropertyConstraintViolation',
  );
  await page.screenshot({ path: 'test-results/screenshots/sequence-callerror.png' });
});

test('malformed frames are marked with what is wrong, in red', async ({ page, serve }) => {
  await page.goto(serve.url);
  const diagram = await openSequence(page, 'fixtures/sessions/codec-problems.jsonl');
  const broken = diagram.locator('[data-seq="15"]');
  await expect(broken).toHaveAttribute('data-malformed', 'true');
  await expect(broken.locator('.seq-problem')).toHaveText('duplicate-key');
  await expect(broken.locator('.seq-line')).toHaveCSS('stroke', await cssColour(page, '--error'));
  await expect(diagram.locator('[data-malformed]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/sequence-malformed.png' });
});

/** What a proxy session with fault rules and an injection records (bridge.ts writes these flags). */
function alteredCapture(): Buffer {
  const t0 = Date.UTC(2025, 10, 21, 9, 0, 0);
  const base = { connectionId: 'c1', stationId: 'CP-7', source: 'proxy' };
  const frame = (seq: number, ms: number, direction: string, raw: unknown[], flags?: string[]) => ({
    seq,
    ts: t0 + ms,
    kind: 'frame',
    ...base,
    direction,
    raw: JSON.stringify(raw),
    ...(flags ? { flags } : {}),
  });
  const lines = [
    {
      format: 'ocpp-scope-capture',
      formatVersion: 1,
      id: 'altered',
      name: 'CP-7 through the proxy',
      createdAt: new Date(t0).toISOString(),
      ocppVersion: 'ocpp1.6',
    },
    {
      seq: 1,
      ts: t0,
      kind: 'connection',
      ...base,
      event: 'opened',
      url: '/ocpp/CP-7',
      subprotocol: 'ocpp1.6',
    },
    frame(2, 300, 'toCsms', [2, '1', 'Heartbeat', {}], ['delayed']),
    frame(3, 3400, 'toStation', [3, '1', { currentTime: '2025-11-21T09:00:03Z' }]),
    frame(
      4,
      5000,
      'toStation',
      [2, 'scope-1', 'TriggerMessage', { requestedMessage: 'StatusNotification' }],
      ['injected'],
    ),
    frame(5, 5100, 'toCsms', [3, 'scope-1', { status: 'Accepted' }], ['dropped']),
    frame(
      6,
      5200,
      'toCsms',
      [2, '2', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }],
      ['dropped'],
    ),
    frame(7, 5300, 'toCsms', [2, '3', 'Heartbeat', {}], ['modified']),
    frame(8, 5400, 'toStation', [3, '3', { currentTime: '2025-11-21T09:00:05Z' }]),
  ];
  return Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

test('what the proxy did: its own lane, injected arrows start there, dropped ones end there', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  const diagram = await openSequence(page, {
    name: 'altered.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: alteredCapture(),
  });
  expect(await lanes(page)).toEqual(['station:CP-7', 'proxy', 'csms']);
  const [station, proxy, csms] = [
    await laneCentre(page, 'station:CP-7'),
    await laneCentre(page, 'proxy'),
    await laneCentre(page, 'csms'),
  ];
  expect(station < proxy && proxy < csms).toBe(true);

  const injected = diagram.locator('[data-seq="4"]');
  await expect(injected).toHaveAttribute('data-from', 'proxy');
  await expect(injected).toHaveAttribute('data-to', 'station:CP-7');
  await expect(injected.locator('[data-flag="injected"]')).toBeVisible();
  await expect(injected.locator('.seq-origin')).toHaveCount(1);
  const [injLeft, injRight] = await arrowSpan(injected);
  expect(Math.abs(injRight - proxy)).toBeLessThan(2);
  expect(Math.abs(injLeft - station)).toBeLessThan(12);

  for (const seq of [5, 6]) {
    const dropped = diagram.locator(`[data-seq="${seq}"]`);
    await expect(dropped).toHaveAttribute('data-to', 'proxy');
    await expect(dropped.locator('.seq-cross')).toHaveCount(1);
  }
  await expect(diagram.locator('[data-seq="6"] [data-testid="seq-label"]')).toContainText(
    'StatusNotification',
  );
  await expect(diagram.locator('[data-seq="2"] .seq-delayed')).toHaveCount(1);
  await expect(diagram.locator('[data-seq="2"]')).toHaveAttribute('data-to', 'csms');
  await expect(diagram.locator('[data-seq="7"] .seq-modified')).toHaveCount(1);
  await expect(diagram.locator('[data-seq="3"] [data-testid="seq-gap"]')).toHaveText('+3.1 s');
  await page.screenshot({ path: 'test-results/screenshots/sequence-proxy.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screenshots/sequence-proxy-dark.png' });
});

test('12k frames over 20 stations: windowed, End reaches the last entry, the selection follows views', async ({
  page,
  serve,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  const id = 'e2e-seq-12k';
  const capture = await writeOcpp16Capture(join(serve.dataDir, 'sessions', `${id}.jsonl`), {
    frames: 12_000,
    stations: 20,
    seed: 11,
    id,
  });
  await page.goto(serve.url);
  await page.locator(`.session-open[title="${id}"]`).click();
  await expect(page.getByTestId('timeline-count')).toContainText(
    `${capture.entries.toLocaleString('en-US')} entries`,
  );
  await page.getByTestId('view-sequence').click();
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram.locator('[data-seq]').first()).toBeVisible({ timeout: 30_000 });

  const slots = () => diagram.locator('[data-row]').count();
  expect(await slots()).toBeLessThanOrEqual(100);
  // Twenty stations do not fit: they scroll sideways, the CSMS lane stays in view.
  await expect(page.getByTestId('seq-sideways')).toBeVisible();
  await expect(page.locator('[data-lane="csms"]')).toBeInViewport();
  expect(await page.locator('[data-lane^="station:"]').count()).toBeLessThan(20);

  await diagram.click();
  await diagram.press('End');
  const lastSlot = diagram.locator(`[data-seq="${capture.entries}"]`);
  await expect(lastSlot).toBeVisible();
  await expect(lastSlot).toHaveAttribute('aria-selected', 'true');
  expect(await slots()).toBeLessThanOrEqual(100);
  await expect(page.getByTestId('inspector').locator('.facts')).toContainText(String(capture.entries));
  // The selected entry's station lane was scrolled into view.
  const lastStation = await lastSlot
    .getAttribute('data-from')
    .then((from) => (from === 'csms' ? lastSlot.getAttribute('data-to') : from));
  await expect(page.locator(`[data-testid="seq-lane"][data-lane="${lastStation}"]`)).toBeInViewport();
  await page.screenshot({ path: 'test-results/screenshots/sequence-12k-end.png' });

  await diagram.press('Home');
  await expect(diagram.locator('[data-row="0"]')).toBeVisible();

  // A selection made in the timeline is where the diagram opens.
  await page.getByTestId('view-timeline').click();
  const timeline = page.getByTestId('timeline');
  const chosen = timeline.locator('[aria-selected="true"]');
  await timeline.press('End');
  await expect(chosen).toHaveAttribute('data-seq', String(capture.entries));
  await timeline.press('PageUp');
  await expect(chosen).not.toHaveAttribute('data-seq', String(capture.entries));
  const selected = await chosen.getAttribute('data-seq');
  await page.getByTestId('view-sequence').click();
  await expect(diagram.locator(`[data-seq="${selected}"]`)).toBeInViewport();
  await expect(diagram.locator(`[data-seq="${selected}"]`)).toHaveAttribute('aria-selected', 'true');
  expect(await slots()).toBeLessThanOrEqual(100);
  expect(pageErrors).toEqual([]);
});

test('a live session: the station gets its lane as it connects, the diagram follows the newest entries', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await page.getByTestId('start-csms').click();
  const form = page.getByTestId('csms-form');
  await form.getByLabel('Listen on').fill('127.0.0.1:0');
  await form.getByRole('button', { name: 'Start mock CSMS', exact: true }).click();
  await expect(form).toBeHidden();
  const url = (await page.getByTestId('csms-url').textContent()) ?? '';
  await page.getByTestId('view-sequence').click();
  const diagram = page.getByTestId('sequence-diagram');
  await expect(page.getByTestId('live-badge')).toBeVisible();
  expect(await lanes(page)).toEqual(['csms']);

  const cp = new RPCClient({
    endpoint: url.replace(/\/$/, ''),
    identity: 'CP-LIVE-1',
    protocols: ['ocpp1.6'],
    reconnect: false,
    pingIntervalMs: 0,
  } as RPC_ClientOptions);
  try {
    await cp.connect();
    await cp.call('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'Live' });
    await expect(page.locator('[data-testid="seq-lane"][data-lane="station:CP-LIVE-1"]')).toBeVisible();
    // Far more than a screen of entries: following keeps the newest in view.
    const heartbeats = 40;
    for (let i = 0; i < heartbeats; i++) await cp.call('Heartbeat', {});
    const entries = 1 + 2 * (1 + heartbeats);
    await expect(page.getByTestId('timeline-count')).toContainText(`${entries} entries`);
    const newest = diagram.locator(`[data-row="${entries - 1}"]`);
    await expect(newest).toBeInViewport();
    await expect(newest).toHaveAttribute('data-kind', 'result');
    await expect(newest.getByTestId('seq-label')).toContainText('Heartbeat result');
    await expect(diagram.locator('[data-row="0"]')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/sequence-live.png' });
  } finally {
    await cp.close({ force: true });
  }
  expect(pageErrors).toEqual([]);
});

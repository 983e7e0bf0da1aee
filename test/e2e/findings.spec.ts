/**
 * The analysis in the UI: finding badges on timeline rows, the findings panel (groups, pages,
 * jumping to an entry that was never loaded), the inspector's findings and Monaco markers, the
 * profile switch and the rule catalog.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './serve-fixture';
import { DEVIATION_FRAMES, findingsCapture } from './findings-capture';

const ENTRIES = 3 + 2 * DEVIATION_FRAMES + 4;
const LAST_DEVIATION_SEQ = 4 + 2 * (DEVIATION_FRAMES - 1);

async function openCapture(page: Page): Promise<void> {
  await page.getByTestId('open-capture-input').setInputFiles({
    name: 'findings.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(findingsCapture()),
  });
  await expect(page.getByTestId('timeline-count')).toContainText(`${ENTRIES} entries`);
}

/** Whether the centre of `inner` lies inside `outer` on screen. */
async function covers(outer: Locator, inner: Locator): Promise<boolean> {
  const a = await outer.boundingBox();
  const b = await inner.boundingBox();
  if (!a || !b) return false;
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  return x >= a.x && x <= a.x + a.width && y >= a.y - 4 && y <= a.y + a.height + 4;
}

test('findings: row badges, the panel, jumping to an entry, markers, profile and rules', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.goto(serve.url);
  await openCapture(page);

  const timeline = page.getByTestId('timeline');
  const bootBadge = timeline.locator('[data-seq="2"]').getByTestId('finding-badge');
  await expect(bootBadge).toHaveText('1');
  await expect(bootBadge).toHaveAttribute('title', '1 finding, worst: error');
  await expect(bootBadge).toHaveClass(/sev-error/);
  await expect(timeline.locator('[data-seq="3"]').getByTestId('finding-badge')).toHaveCount(0);
  await expect(timeline.locator('[data-seq="4"]').getByTestId('finding-badge')).toHaveClass(/sev-error/);

  const panel = page.getByTestId('analysis-panel');
  const group = (rule: string) => panel.locator(`.finding-group[data-rule="${rule}"]`);
  await expect(group('schema.field-deviation').getByTestId('group-count')).toHaveText(
    String(DEVIATION_FRAMES),
  );
  await expect(group('schema.invalid-payload').getByTestId('group-count')).toHaveText('1');
  await expect(group('rpc.unanswered-call').getByTestId('group-count')).toHaveText('1');
  await expect(panel.getByTestId('severity-totals')).toContainText(`${DEVIATION_FRAMES + 1} errors`);
  await expect(panel.getByTestId('severity-totals')).toContainText('1 warning');
  await expect(panel.getByTestId('versions')).toContainText('CP-E2E-01: OCPP 1.6 (negotiated subprotocol)');
  await expect(panel.getByTestId('versions')).toContainText(
    'CP-E2E-02: OCPP 1.6 (detected from StartTransaction',
  );

  // A group shows a page of 200, then the rest on request.
  await group('schema.field-deviation').getByTestId('finding-group').click();
  const items = group('schema.field-deviation').getByTestId('finding');
  await expect(items).toHaveCount(200);
  await group('schema.field-deviation')
    .getByRole('button', { name: /Load more/ })
    .click();
  await expect(items).toHaveCount(DEVIATION_FRAMES);

  // The last one is about a row far below what the timeline has loaded.
  await items.last().click();
  const selected = timeline.locator(`[data-seq="${LAST_DEVIATION_SEQ}"]`);
  await expect(selected).toHaveAttribute('aria-selected', 'true');
  const inspector = page.getByTestId('inspector');
  await expect(inspector.locator('.facts')).toContainText(String(LAST_DEVIATION_SEQ));
  await expect(inspector.getByTestId('entry-findings')).toContainText('schema.field-deviation');
  await expect(inspector.getByTestId('entry-findings')).toContainText('"Hz"');

  // The marker sits on the value the finding is about.
  const code = inspector.getByTestId('code-entry');
  const squiggle = code.locator('.squiggly-error');
  await expect(squiggle).toHaveCount(1);
  // Polled: Monaco lays the lines out again after revealing the marked one.
  await expect
    .poll(() => covers(squiggle, code.locator('.view-line span span', { hasText: '"Hz"' })))
    .toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/findings-strict.png' });

  // A missing field is marked where it belongs: the payload object.
  await panel
    .locator('.finding-group[data-rule="schema.invalid-payload"]')
    .getByTestId('finding-group')
    .click();
  await group('schema.invalid-payload').getByTestId('finding').click();
  await expect(inspector.locator('.facts dd').first()).toHaveText('2');
  await expect(inspector.getByTestId('entry-findings')).toContainText('chargePointModel is missing');
  await expect(code.locator('.squiggly-error')).toHaveCount(1);

  // Lenient: the field deviations become warnings, in the panel, the badges and the markers.
  await items.last().click();
  await expect(code.locator('.squiggly-error')).toHaveCount(1);
  await panel.getByRole('radio', { name: 'lenient' }).click();
  await expect(panel.getByRole('radio', { name: 'lenient' })).toHaveAttribute('aria-checked', 'true');
  await expect(group('schema.field-deviation').locator('.group-head .sev-icon')).toHaveClass(/sev-warning/);
  await expect(panel.getByTestId('severity-totals')).toContainText(`${DEVIATION_FRAMES + 1} warnings`);
  await expect(panel.getByTestId('severity-totals')).toContainText('1 error');
  await expect(selected.getByTestId('finding-badge')).toHaveAttribute('title', '1 finding, worst: warning');
  await expect(code.locator('.squiggly-warning')).toHaveCount(1);
  await expect(code.locator('.squiggly-error')).toHaveCount(0);
  await expect(items.first().locator('.sev-icon')).toHaveClass(/sev-warning/);
  await page.screenshot({ path: 'test-results/screenshots/findings-lenient.png' });

  // The rule catalog.
  await panel.getByRole('tab', { name: 'Rules' }).click();
  const rules = panel.getByTestId('rules');
  await expect(rules.locator('.rule').first()).toBeVisible();
  expect(await rules.locator('.rule').count()).toBeGreaterThanOrEqual(10);
  const deviation = rules.locator('.rule[data-rule="schema.field-deviation"]');
  await expect(deviation).toContainText('Known field deviation');
  await expect(deviation).toContainText('lenient: warning');
  await expect(deviation).toContainText(String(DEVIATION_FRAMES));
  await page.screenshot({ path: 'test-results/screenshots/findings-rules.png' });

  // Back to strict for whoever comes next (the profile belongs to the engine, not the page).
  await panel.getByRole('radio', { name: 'strict' }).click();
  await expect(panel.getByRole('radio', { name: 'strict' })).toHaveAttribute('aria-checked', 'true');
  expect(pageErrors).toEqual([]);
});

test('malformed frames of a fixture carry finding badges', async ({ page, serve }) => {
  await page.goto(serve.url);
  await page.getByTestId('open-capture-input').setInputFiles('fixtures/sessions/codec-problems.jsonl');
  await expect(page.getByTestId('timeline-count')).toContainText('12 malformed');
  const row = page.locator('[data-testid="timeline"] [data-seq="15"]');
  await expect(row.getByTestId('finding-badge')).toHaveAttribute('title', /finding.*, worst: \w+/);
  await row.click();
  await expect(page.getByTestId('inspector').getByTestId('entry-findings')).toContainText('frame.');
  await expect(page.getByTestId('analysis-panel').getByTestId('finding-group').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/findings-codec-problems.png' });
});

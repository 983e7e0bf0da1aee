/**
 * A 100,000-frame capture in the browser: the timeline keeps at most ~100 rows in the DOM however
 * far it scrolls. The time to first rows is printed for the record (benchmarks measure speed;
 * tests never assert on time).
 */
import { join } from 'node:path';
import { writeOcpp16Capture } from '../../bench/lib/ocpp16-capture';
import { expect, test } from './serve-fixture';

test('100k frames: first rows, bounded DOM, scrolling to the end', async ({ page, serve }) => {
  test.setTimeout(120_000);
  const id = 'e2e-100k';
  const capture = await writeOcpp16Capture(join(serve.dataDir, 'sessions', `${id}.jsonl`), {
    frames: 100_000,
    stations: 20,
    seed: 7,
    id,
  });
  await page.goto(serve.url);
  const started = Date.now();
  await page.locator(`.session-open[title="${id}"]`).click();
  const rows = page.locator('[data-testid="timeline"] [data-seq]');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  console.log(`100k-frame capture: first rows on screen ${Date.now() - started} ms after the click`);
  await expect(page.getByTestId('timeline-count')).toContainText(
    `${capture.entries.toLocaleString('en-US')} entries`,
  );

  const domRows = () => page.locator('[data-testid="timeline"] [role="row"]').count();
  expect(await domRows()).toBeLessThanOrEqual(100);

  await page.getByTestId('timeline').click();
  await page.getByTestId('timeline').press('End');
  await expect(page.locator(`[data-testid="timeline"] [data-seq="${capture.entries}"]`)).toBeVisible();
  expect(await domRows()).toBeLessThanOrEqual(100);
  // The inspector follows the selection even when the row was not loaded before the jump.
  await expect(page.getByTestId('inspector').locator('.facts')).toContainText(String(capture.entries));
  await expect(page.getByTestId('timeline-count')).toContainText('20 stations');
  await page.screenshot({ path: 'test-results/screenshots/timeline-100k-end.png' });
});

/**
 * The HTML report of every fixture session, made by the built CLI (`ocpp-scope report <capture>
 * --html F`), opened from disk in Chromium: its sections, the verdict table, the findings with
 * their frames, the transactions, the diagram and charts, the appendix, no request for anything,
 * and a print (screenshots under test-results/screenshots/report-*.png). Requires `npm run build`.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { RULES } from '../../src/shared/analysis/catalog';
import type { ReportData } from '../../src/shared/report/report-data';
import { SEQUENCE_CHUNK, SEQUENCE_LIMIT } from '../../src/shared/report/html/sequence';

const run = promisify(execFile);
const FIXTURES = 'fixtures/sessions';
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();

const SECTIONS = [
  'Summary',
  'Verdicts',
  'Findings',
  'Transactions',
  'Sequence diagram',
  'Charts',
  'Appendix: the timeline',
];

interface Made {
  html: string;
  report: ReportData;
}

/** The CLI writes the HTML and, from the same analysis, the JSON report the counts come from. */
async function makeReport(dir: string, capture: string): Promise<Made> {
  const name = basename(capture, '.jsonl');
  const html = join(dir, `${name}.html`);
  const json = join(dir, `${name}.json`);
  // Exit 1 means findings reached --fail-on: the report is written all the same.
  const result = await run(process.execPath, [
    'bin/ocpp-scope.js',
    'report',
    capture,
    '--html',
    html,
    '--json',
    json,
  ]).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
    if (error.code !== 1) throw new Error(`ocpp-scope report ${capture} failed: ${error.stderr}`);
    return error;
  });
  expect(result.stdout).toContain('wrote the HTML report');
  return { html, report: JSON.parse(await readFile(json, 'utf8')) as ReportData };
}

let dir: string;
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-report-html-'));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

for (const fixture of fixtures) {
  const name = basename(fixture, '.jsonl');

  test(`the HTML report of ${name} reads on its own and prints`, async ({ page }) => {
    const { html, report } = await makeReport(dir, join(FIXTURES, fixture));
    // The findings the fixture is known for (its .findings.json), else those the report lists.
    const known = await readFile(join(FIXTURES, `${name}.findings.json`), 'utf8').catch(() => undefined);
    const expectedFindings =
      known !== undefined
        ? (JSON.parse(known) as { findings: unknown[] }).findings.length
        : report.findings.length;
    const url = pathToFileURL(html).href;
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);

    // Headings: one h1, then the sections in order.
    await expect(page.locator('h1')).toHaveText(report.title);
    await expect(page.locator('main h2')).toHaveText(SECTIONS);
    await expect(page.locator('.result')).toContainText(report.passed ? 'PASSED' : 'FAILED');
    await expect(page.locator('.privacy')).toContainText('Redacted');

    // A verdict per rule of the catalog, in words.
    const verdicts = page.locator('table.verdicts tbody tr:has(td.v)');
    await expect(verdicts).toHaveCount(RULES.length);
    const failed = report.verdicts.filter((v) => v.verdict === 'failed').length;
    await expect(page.locator('table.verdicts td.v-failed')).toHaveCount(failed);

    // Each finding with the frames behind it.
    const findings = page.locator('article.finding');
    await expect(findings).toHaveCount(expectedFindings);
    if (expectedFindings > 0) {
      const first = findings.first();
      await expect(first.locator('.sev')).toBeVisible();
      await expect(first.locator('pre.frame').first()).toBeVisible();
      // Findings are grouped by rule, in the verdicts' (the catalog's) order.
      const order = report.verdicts.map((v) => v.rule.id);
      const firstReported = report.findings.find(
        (f) => f.rule === order.find((id) => report.findings.some((g) => g.rule === id)),
      )!;
      await expect(first).toContainText(firstReported.message);
      // Its evidence links to the appendix row of that entry.
      const link = first.locator('.ev-head a').first();
      const target = await link.getAttribute('href');
      await link.click();
      await expect(page.locator(`#appendix tr${target}`)).toBeInViewport();
    } else {
      await expect(page.locator('#findings')).toContainText('No findings');
    }

    // The transactions table.
    const transactions = page.locator('table.transactions tbody tr');
    await expect(transactions).toHaveCount(report.transactions.length);
    for (const [i, t] of report.transactions.entries()) {
      if (t.transactionId !== undefined)
        await expect(transactions.nth(i).locator('th')).toHaveText(t.transactionId);
    }

    // The sequence diagram in page-sized chunks, the charts with their titles.
    const entries = report.summary.entries;
    await expect(page.locator('figure.sq svg')).toHaveCount(
      Math.ceil(Math.min(entries, SEQUENCE_LIMIT) / SEQUENCE_CHUNK),
    );
    const frames = report.summary.frames.toCsms + report.summary.frames.toStation;
    const charts = page.locator('#charts svg[role="img"]');
    const answered = report.charts.latency.some((b) => b.count > 0);
    await expect(charts).toHaveCount((frames > 0 ? 1 : 0) + (answered ? 1 : 0));
    for (const chart of await charts.all()) await expect(chart.locator('title')).not.toBeEmpty();

    // Every entry in the appendix.
    await expect(page.locator('#appendix table.tl tbody tr')).toHaveCount(entries);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `test-results/screenshots/report-${name}.png` });
    await page.locator('#sequence').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/report-${name}-sequence.png` });
    await page.locator('#charts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/report-${name}-charts.png` });

    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('nav.toc')).toBeHidden();
    await page.screenshot({ path: `test-results/screenshots/report-${name}-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Each major section starts a page: at least one page per section.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(SECTIONS.length);

    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
  });
}

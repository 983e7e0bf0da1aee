/**
 * Light and dark themes follow the system's colour scheme, live: the app's palette, native
 * controls and Monaco switch together without a reload, and keyboard focus shows a ring in both.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './serve-fixture';

const FIXTURE = 'fixtures/sessions/ocpp16-charging-session.jsonl';
type Scheme = 'light' | 'dark';

/** A CSS colour as the browser computes it, so palette hex values compare with computed styles. */
function rgb(page: Page, color: string): Promise<string> {
  return page.evaluate((value) => {
    const probe = document.createElement('span');
    probe.style.color = value;
    document.body.append(probe);
    const computed = getComputedStyle(probe).color;
    probe.remove();
    return computed;
  }, color);
}

/** A variable of the palette that applies now (styles.css is the only place it is defined). */
async function paletteColor(page: Page, name: string): Promise<string> {
  const value = await page.evaluate(
    (variable) => getComputedStyle(document.documentElement).getPropertyValue(variable).trim(),
    name,
  );
  expect(value, `${name} is defined`).toMatch(/^#[0-9a-f]{6}$/i);
  return rgb(page, value);
}

function style(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
}

/** WCAG relative luminance of a computed rgb() colour: says which way a theme went. */
function luminance(color: string): number {
  const channels = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(color);
  expect(channels, `${color} is an opaque rgb() colour`).not.toBeNull();
  const [r, g, b] = channels!.slice(1).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

interface Look {
  background: string;
  foreground: string;
  editor: string;
}

/** What the page paints in `scheme`, checked against the palette that scheme selects. */
async function expectTheme(page: Page, scheme: Scheme): Promise<Look> {
  const body = page.locator('body');
  const editor = page.getByTestId('inspector').locator('.monaco-editor-background').first();
  await expect
    .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme))
    .toBe(scheme);
  const bg = await paletteColor(page, '--bg');
  const fg = await paletteColor(page, '--fg');
  await expect.poll(() => style(body, 'background-color')).toBe(bg);
  await expect.poll(() => style(body, 'color')).toBe(fg);
  // Monaco's theme is global and set from the same palette when the scheme changes.
  await expect.poll(() => style(editor, 'background-color')).toBe(bg);
  if (scheme === 'light') expect(luminance(bg)).toBeGreaterThan(luminance(fg));
  else expect(luminance(bg)).toBeLessThan(luminance(fg));
  return { background: bg, foreground: fg, editor: await style(editor, 'background-color') };
}

async function openAndSelect(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('open-capture-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('timeline-count')).toContainText('60 entries');
  const boot = page
    .locator('[data-testid="timeline"] [role="row"]')
    .filter({ hasText: 'BootNotification' })
    .first();
  await boot.click();
  await expect(boot).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('inspector').locator('.view-lines').first()).toContainText(
    'chargePointVendor',
  );
}

/**
 * The focused element's ring: a solid line in the accent colour, at least 2px wide. Monaco's focus
 * sits on a hidden element inside the editor, so its ring is drawn over the editor's host.
 */
async function expectFocusRing(page: Page): Promise<void> {
  const accent = await paletteColor(page, '--accent');
  const ring = await page.evaluate(() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return undefined;
    const editorHost = focused.closest('.monaco-editor')?.parentElement;
    const drawn = editorHost ? getComputedStyle(editorHost, '::after') : getComputedStyle(focused);
    const side = editorHost ? 'border-top' : 'outline';
    return {
      what: (editorHost ?? focused).outerHTML.slice(0, 100),
      style: drawn.getPropertyValue(`${side}-style`),
      width: parseFloat(drawn.getPropertyValue(`${side}-width`)),
      color: drawn.getPropertyValue(`${side}-color`),
    };
  });
  expect(ring, 'something has focus').toBeDefined();
  expect(ring!.style, ring!.what).toBe('solid');
  expect(ring!.width, ring!.what).toBeGreaterThanOrEqual(2);
  expect(ring!.color, ring!.what).toBe(accent);
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme} theme: palette, Monaco and the focus ring`, async ({ page, serve, pageErrors }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openAndSelect(page, serve.url);
    await expectTheme(page, scheme);

    // From the top bar (a click on plain text starts Tab navigation there), every Tab stop up to
    // the timeline grid shows the ring; so do the grid's selected row and the inspector's editor.
    await page.locator('.brand').click();
    const grid = page.getByTestId('timeline');
    for (let stops = 0; stops < 40 && !(await isFocused(grid)); stops++) {
      await page.keyboard.press('Tab');
      await expectFocusRing(page);
    }
    await expect(grid).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const selected = grid.locator('.row-selected');
    await expect(selected).toContainText('CALLRESULT');
    expect(await style(selected, 'outline-style')).toBe('solid');
    expect(await style(selected, 'outline-color')).toBe(await paletteColor(page, '--accent'));
    await page.screenshot({ path: `test-results/screenshots/theme-${scheme}.png` });

    const editor = page.getByTestId('inspector').locator('.monaco-editor').first();
    const editorFocused = () => editor.evaluate((el) => el.contains(document.activeElement));
    for (let stops = 0; stops < 40 && !(await editorFocused()); stops++) {
      await page.keyboard.press('Tab');
      await expectFocusRing(page);
    }
    expect(await editorFocused()).toBe(true);

    expect(pageErrors).toEqual([]);
  });
}

test('switching the system scheme restyles the open app live, Monaco included', async ({
  page,
  serve,
  pageErrors,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openAndSelect(page, serve.url);
  const dark = await expectTheme(page, 'dark');
  // Survives only if the page is not reloaded.
  await page.evaluate(() => document.documentElement.setAttribute('data-no-reload', ''));

  await page.emulateMedia({ colorScheme: 'light' });
  const light = await expectTheme(page, 'light');
  expect(light.background).not.toBe(dark.background);
  expect(light.foreground).not.toBe(dark.foreground);
  expect(light.editor).not.toBe(dark.editor);

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await expectTheme(page, 'dark')).toEqual(dark);
  await expect(page.locator('html')).toHaveAttribute('data-no-reload', '');
  await expect(page.locator('[data-testid="timeline"] .row-selected')).toContainText('BootNotification');
  expect(pageErrors).toEqual([]);
});

import type { Page } from '@playwright/test';

/**
 * Replaces the editor's whole text as an engineer pasting would (Monaco has no fill(), and typed
 * brackets get closing ones added).
 */
export async function replaceText(page: Page, testId: string, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.getByTestId(testId).locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

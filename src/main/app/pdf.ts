/**
 * Electron prints the HTML report to PDF: the report is loaded from a temporary file into a hidden
 * window with JavaScript off (the report needs none, and its own CSP forbids everything else) and
 * printed on A4 with its print stylesheet.
 */
import { BrowserWindow } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-scope-pdf-'));
  const file = join(dir, 'report.html');
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    await writeFile(file, html, 'utf8');
    await window.loadFile(file);
    return await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
  } finally {
    window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

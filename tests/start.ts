/**
 * `npm start`: the stand-in workbench plus Chromium with the freshly built extension,
 * opened on the phone service-record page. With a display, a real window to try things
 * in; with `--headless` or without a display, a short scripted walk-through that prints
 * what it did and saves a screenshot.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startWorkbench } from './workbench/server.ts';
import { launchExtension } from './e2e/harness.ts';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const workbench = await startWorkbench({ port: 0 });
const ext = await launchExtension({ hostResolverRules: workbench.hostResolverRules, headless });
const page = ext.context.pages()[0] ?? (await ext.context.newPage());

await page.goto(workbench.loginUrl);
await page.goto(workbench.recordPageUrl);
console.log(`Stand-in workbench: ${workbench.recordPageUrl} (served from 127.0.0.1:${workbench.port})`);
console.log(`Extension ${ext.extensionId} loaded; downloads go to ${ext.downloadsDir}`);

if (!headless) {
  console.log('A Chromium window is open on the record page. Close it (or press Ctrl-C) to stop.');
  await new Promise<void>((done) => {
    ext.context.on('close', () => done());
    process.once('SIGINT', () => done());
  });
} else {
  const host = page.locator('tccc-record-tools');
  await host.waitFor({ state: 'attached', timeout: 20_000 });
  console.log('✓ the record page shows the helper bar <tccc-record-tools> above the table');
  await host.locator('[data-testid=match-count]').waitFor();
  console.log(`  it says: ${(await host.locator('[data-testid=match-count]').textContent())?.trim()}`);
  await page.getByRole('button', { name: '下一页' }).click();
  await page.waitForTimeout(500);
  await host.waitFor({ state: 'attached' });
  console.log('✓ after paging to page 2 the bar is still there');
  const dir = resolve(import.meta.dirname, '../tmp');
  await mkdir(dir, { recursive: true });
  const shot = resolve(dir, 'start.png');
  await page.screenshot({ path: shot, fullPage: false });
  console.log(`✓ screenshot saved: ${shot}`);
}

await ext.dispose();
await workbench.close();

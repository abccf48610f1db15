import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandIn } from './harness';
import { toolsOf, visibleRowIds } from './page-actions';

let s: Awaited<ReturnType<typeof startStandIn>>;

// A page that calls its 时间 column 日期: nothing the extension knows.
beforeAll(async () => {
  s = await startStandIn({ count: 20, renameColumns: { 时间: '日期' } });
});
afterAll(() => s?.dispose());

it('says which header is missing, and takes the page back at once when the user names it in the options', async () => {
  await s.page.goto(s.workbench.recordPageUrl);
  const notice = toolsOf(s.page).locator('[data-testid=notice]');
  await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
  // It names what is missing, and what it did recognise.
  expect(await notice.textContent()).toMatch(/时间.*主叫号码.*被叫号码/s);
  expect(await s.page.locator('input[data-testid=row-select]').count()).toBe(0);

  const options = await s.ext.context.newPage();
  await options.goto(`chrome-extension://${s.ext.extensionId}/options.html`);
  await options.locator('[data-testid=column-name-add]').click();
  await options.locator('[data-testid=column-name-text]').fill('日期');
  await options.locator('[data-testid=column-name-field]').selectOption('time');
  await options.locator('[data-testid=save-options]').click();
  await expect.poll(() => options.getByRole('status').count()).toBe(1);
  await options.close();

  // No reload: the open page picks the name up.
  await expect.poll(() => visibleRowIds(s.page), { timeout: 15_000 }).toEqual(s.workbench.calls.slice(0, 10).map((c) => c.cdr.SessionId));
  expect(await toolsOf(s.page).locator('[data-testid=match-count]').count()).toBe(1);
});

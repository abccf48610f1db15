import type { Page } from 'playwright-core';

/** Records the page's long tasks from its very start, in its own world (call before it loads). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[]; __longTaskEntries: { start: number; duration: number }[] };
    w.__longTasks = [];
    // Where each one was, too: `task-owner.ts` finds whose code ran in it.
    w.__longTaskEntries = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__longTasks.push(e.duration);
        w.__longTaskEntries.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks recorded since the last call, in ms; none where `watchLongTasks` was not called. */
export const takeLongTasks = (page: Page): Promise<number[]> =>
  page.evaluate(() => {
    const w = window as unknown as { __longTasks?: number[]; __longTaskEntries?: unknown[] };
    w.__longTaskEntries?.splice(0);
    return w.__longTasks?.splice(0) ?? [];
  });

/** Click on the 挂断方: 客户 chip to the rows and the bar updated, `runs` times, in ms. */
export function chipClickTimes(page: Page, runs: number): Promise<number[]> {
  return page.evaluate(async (n) => {
    const chip = () =>
      document
        .querySelector('tccc-record-tools')!
        .shadowRoot!.querySelector<HTMLButtonElement>('[data-testid=filter-chip][data-group=hangup][data-value=user]')!;
    // The next task, by a message: a chain of `setTimeout(0)` is clamped to 4 ms after five
    // levels, which would be timed as the click's.
    const channel = new MessageChannel();
    const nextTask = () =>
      new Promise((r) => {
        channel.port1.onmessage = r;
        channel.port2.postMessage(null);
      });
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      await nextTask();
      const t0 = performance.now();
      chip().click();
      // Rows update at once; the bar re-renders in a microtask after the click: the next task sees both.
      await nextTask();
      out.push(performance.now() - t0);
    }
    return out;
  }, runs);
}

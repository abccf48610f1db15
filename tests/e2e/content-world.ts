import type { Page } from 'playwright-core';

/**
 * Runs `fn(arg)` where the extension's content scripts run in this page's top frame (their
 * isolated world), and returns its value: a test's way to send what only a content script
 * may send (the background refuses the page's messages from the popup). Playwright's own
 * `evaluate` runs in the page's main world, where `chrome.runtime` is not ours.
 */
export async function inContentScript<A, T>(page: Page, fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type Context = { id: number; origin: string; name: string; auxData?: { frameId?: string; type?: string } };
    const contexts: Context[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: Context }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const world = contexts.find(
      (c) => c.auxData?.frameId === frameTree.frame.id && c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'),
    );
    if (!world) throw new Error(`no content script in this page; worlds: ${contexts.map((c) => `${c.name} ${c.origin}`).join(', ')}`);
    const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', {
      expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } };
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach();
  }
}

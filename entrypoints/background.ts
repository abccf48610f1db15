import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { isMessage, isTrustedSender, type EnqueueReply, type Message, type MessageSender } from '../utils/messages';
import { startDirectDownloads } from '../utils/direct-download';
import { rootFolder } from '../utils/settings';

export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/');

  // Registered synchronously at the top level so a message wakes a stopped worker.
  browser.runtime.onMessage.addListener((raw: unknown, sender: MessageSender) => {
    if (!isTrustedSender(sender, browser.runtime.id, extensionOrigin) || !isMessage(raw)) {
      console.warn('[tccc] ignored a message from', sender.url ?? sender.id);
      return undefined;
    }
    return handle(raw);
  });

  async function handle(message: Message): Promise<unknown> {
    switch (message.type) {
      case 'ping':
        return { ok: true, version: browser.runtime.getManifest().version };
      case 'enqueue':
        return enqueue(message.records);
    }
  }

  async function enqueue(records: unknown[]): Promise<EnqueueReply> {
    try {
      const root = await rootFolder.getValue();
      const result = await startDirectDownloads(records, (options) => browser.downloads.download(options), root);
      console.info('[tccc] download request', result);
      return { ok: true, ...result };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  }
});

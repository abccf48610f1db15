import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { isMessage, isTrustedSender, type EnqueueReply, type Message, type MessageSender } from '../utils/messages';
import { clampConcurrency, concurrency, rootFolder } from '../utils/settings';
import { openQueueDb } from '../utils/queue/store';
import { createQueueEngine, type QueueEngine } from '../utils/queue/engine';
import { batchView } from '../utils/queue/view';
import { asCallRecord } from '../utils/record-guard';
import type { CallRecord } from '../utils/record';

const WAKE_ALARM = 'tccc-queue-wake';

export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/');

  // The queue lives in IndexedDB; events that arrive while it opens wait for it.
  const engine: Promise<QueueEngine> = openQueueDb().then((db) =>
    createQueueEngine({
      db,
      downloads: {
        download: (o) => browser.downloads.download(o),
        search: (q) => browser.downloads.search(q),
        cancel: (id) => browser.downloads.cancel(id),
      },
      now: () => Date.now(),
      concurrency: async () => clampConcurrency(await concurrency.getValue()),
      rootFolder: () => rootFolder.getValue(),
      // An alarm, not a timer: it survives the worker being stopped.
      wakeAt: (when) => void browser.alarms.create(WAKE_ALARM, { when: Math.max(when, Date.now() + 1000) }),
    }),
  );

  const updateBadge = async () => {
    const left = await (await engine).remaining();
    await browser.action.setBadgeBackgroundColor({ color: '#006eff' });
    await browser.action.setBadgeText({ text: left ? String(left) : '' });
  };

  // Registered synchronously at the top level, so each of these wakes a stopped worker.
  browser.downloads.onChanged.addListener((delta) => {
    if (!delta.state?.current || delta.state.current === 'in_progress') return;
    void engine.then((e) => e.onDownloadChanged(delta.id)).then(updateBadge);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) void engine.then((e) => e.pump()).then(updateBadge);
  });
  browser.runtime.onMessage.addListener((raw: unknown, sender: MessageSender) => {
    if (!isTrustedSender(sender, browser.runtime.id, extensionOrigin) || !isMessage(raw)) {
      console.warn('[tccc] ignored a message from', sender.url ?? sender.id);
      return undefined;
    }
    return handle(raw);
  });
  // A worker start after a crash, an update or a browser restart: settle what was under way.
  void engine.then((e) => e.recover()).then(updateBadge);

  async function handle(message: Message): Promise<unknown> {
    const e = await engine;
    switch (message.type) {
      case 'ping':
        return { ok: true, version: browser.runtime.getManifest().version };
      case 'enqueue':
        return enqueue(e, message.records, message.force ?? false);
      case 'batches':
        return (await e.overview()).map(({ batch, items }) => batchView(batch, items));
      case 'batch-action': {
        if (message.action === 'retry-failed') await e.retryFailed(message.batchId);
        else await e.setBatchState(message.batchId, message.action === 'pause' ? 'paused' : message.action === 'resume' ? 'running' : 'canceled');
        await updateBadge();
        return { ok: true };
      }
    }
  }

  async function enqueue(e: QueueEngine, records: unknown[], force: boolean): Promise<EnqueueReply> {
    try {
      const valid = records.map(asCallRecord).filter((r): r is CallRecord => r !== null);
      const { batch, queued, skipped } = await e.enqueue(valid, force);
      await updateBadge();
      return { ok: true, batchId: batch.id, accepted: queued, rejected: skipped + records.length - valid.length };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  }
});

import { defineBackground } from 'wxt/utils/define-background';
import { storage } from 'wxt/utils/storage';
import type { LinkRecipe } from '../utils/page-requests/link-recipe';
import { browser } from 'wxt/browser';
import {
  isAcceptedFrom,
  isMessage,
  SENTINEL_PING,
  type EnqueueReply,
  type Message,
  type MessageOf,
  type MessageSender,
  type MessageType,
  type ReplyTo,
  type TabMessage,
} from '../utils/extension/messages';
import { sendToTab } from '../utils/extension/send';
import {
  clampConcurrency,
  concurrency,
  maskPhones,
  nameTemplate,
  notifyOnFinish,
  pageFeatures,
  rootFolder,
  skipDuplicates,
} from '../utils/settings/settings';
import { batchManifests } from '../utils/queue/manifest';
import { writeManifest } from '../utils/queue/manifest-file';
import { offscreenBlobUrls, pageBlobUrls, type BlobRequest } from '../utils/queue/blob-urls';
import { createDownloadEnds } from '../utils/queue/download-ends';
import { progressOf } from '../utils/queue/transitions';
import type { Batch, ManifestFailure, QueueItem } from '../utils/queue/types';
import { openQueueDb } from '../utils/queue/store';
import { createQueueEngine, type QueueEngine } from '../utils/queue/engine';
import { createUploads, type EnqueuePart, type PartReply } from '../utils/extension/enqueue-upload';
import { withinTime } from '../utils/helpers/time-limit';
import { isWorkbenchUrl, WORKBENCH_MATCH, workbenchAppOf } from '../utils/extension/origins';
import { createWakeAlarm } from '../utils/background/wake-alarm';
import { linkFetchOrder, tabsByApp } from '../utils/background/link-tabs';
import { isBrowserRestart } from '../utils/background/worker-start';
import { isStateAction, STATE_AFTER } from '../utils/extension/batch-actions';

const WAKE_ALARM = 'tccc-queue-wake';
/**
 * How long a finished batch waits for its manifest to be saved before the notification
 * goes out anyway: the queue waits meanwhile. A local file of megabytes takes well under a second.
 */
const MANIFEST_WAIT_MS = 60_000;

/** Set by the first worker of a browser session: session storage empties when the browser closes. */
const workerRanThisSession = storage.defineItem<boolean>('session:workerRan', { fallback: false });
/** The version the last worker ran: session storage empties on an update too, which is no browser restart. */
const workerVersion = storage.defineItem<string>('local:workerVersion', { fallback: '' });
/**
 * How the workbench fetches a call's link, as one of its tabs learned it, per workbench app
 * (SdkAppId; '' where the route named none): each app asks its own server its own way. Kept
 * for the browser session only (it may hold the page's request headers), so a reloaded page
 * need not be shown again.
 */
const linkRecipes = storage.defineItem<Record<string, LinkRecipe>>('session:linkRecipes', { fallback: {} });
const appKey = (app: string | null) => app ?? '';

/** Who sent a message: the queue it may act on, the workbench app of its tab, the sender as the browser reports it. */
interface Sender {
  queue: QueueEngine;
  app: string | null;
  sender: MessageSender;
}

export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/');

  // Asked at every start of a download: kept here, and kept current by the storage's change events.
  let concurrencyNow: Promise<number> = concurrency.getValue();
  concurrency.watch((value) => (concurrencyNow = Promise.resolve(value)));

  // The queue lives in IndexedDB; events that arrive while it opens wait for it.
  const engine: Promise<QueueEngine> = openQueueDb().then((db) =>
    createQueueEngine({
      db,
      downloads: {
        download: (o) => browser.downloads.download(o),
        search: (q) => browser.downloads.search(q),
        cancel: (id) => browser.downloads.cancel(id),
        erase: (q) => browser.downloads.erase(q),
        removeFile: (id) => browser.downloads.removeFile(id),
      },
      now: () => Date.now(),
      concurrency: async () => clampConcurrency(await concurrencyNow),
      naming: async () => {
        const [template, root, mask] = await Promise.all([nameTemplate.getValue(), rootFolder.getValue(), maskPhones.getValue()]);
        return { template, root, maskPhones: mask };
      },
      // The alarm survives the worker being stopped; the timer only saves waiting for the
      // alarm's coarse clock while the worker is alive anyway.
      wakeAt: (when) => {
        void setWakeAlarm(when);
        setTimeout(pump, Math.max(0, when - Date.now()) + 50);
      },
      onBatchFinished: batchFinished,
      // Links that expire together, or slots freeing one after another, make one ask.
      onLinksNeeded: () => {
        clearTimeout(linksTimer);
        linksTimer = setTimeout(() => void askForLinks(), 100);
      },
    }),
  );
  let linksTimer: ReturnType<typeof setTimeout> | undefined;
  /** Selections coming in parts, until each is whole. */
  const uploads = createUploads();
  const setWakeAlarm = createWakeAlarm(browser.alarms, WAKE_ALARM, Date.now, (error) =>
    console.warn('[tccc] could not set the wake alarm:', error),
  );

  const workbenchTabs = async () => (await browser.tabs.query({ url: WORKBENCH_MATCH })).filter((t) => t.id !== undefined);

  /** Per workbench app, the tab that last learned how the page fetches a link: it asks for links with the page's own credentials. */
  const recipeTabs = new Map<string, number | undefined>();

  /**
   * Items wait for links. Each workbench app's calls go to that app's tabs alone
   * (link-trust.ts). Read from a page's query (expired links), every such tab with the page
   * tools looks in its own. Fetched one by one the page's way, one tab does it (the one that
   * learned how, first), not each of them.
   */
  async function askForLinks(): Promise<void> {
    const recipes = await linkRecipes.getValue();
    for (const [app, tabs] of tabsByApp(await workbenchTabs())) {
      const want = await (await engine).linksWanted(app);
      if (!want.wanted.length) continue;
      const message = { type: 'need-links' as const, ...want };
      // A tab without the page tools has no one listening: its items wait for the user to open one.
      if (!recipes[appKey(app)]) {
        for (const tab of tabs) sendToTab(tab.id!, message).catch(() => {});
        continue;
      }
      for (const tab of linkFetchOrder(tabs, recipeTabs.get(appKey(app)))) {
        if ((await sendToTab(tab.id!, message).catch(() => false)) === true) break;
      }
    }
  }

  /** Every other workbench tab of the same app learns how to fetch links too, so none of them says "click once" again. */
  async function shareRecipe(recipe: LinkRecipe, app: string | null, from: number | undefined): Promise<void> {
    const message: Extract<TabMessage, { type: 'link-recipe' }> = { type: 'link-recipe', recipe, ...(app ? { sdkAppId: app } : {}) };
    for (const tab of await workbenchTabs()) {
      if (tab.id !== from && workbenchAppOf(tab.url) === app) sendToTab(tab.id!, message).catch(() => {});
    }
  }

  const downloadEnds = createDownloadEnds(async (id) => (await browser.downloads.search({ id }))[0]);
  // Chrome's worker cannot make Blob URLs, an offscreen document can; Firefox's background page can itself.
  const blobUrls = browser.offscreen
    ? offscreenBlobUrls(browser.offscreen, (request: BlobRequest) => browser.runtime.sendMessage(request))
    : pageBlobUrls();
  const manifestIo = {
    objectUrl: (text: string, type: string) => blobUrls.create(text, type),
    revoke: (url: string) => blobUrls.revoke(url),
    download: (o: Parameters<typeof browser.downloads.download>[0]) => browser.downloads.download(o),
    ended: (id: number) => downloadEnds.ended(id),
  };

  /** Writes the manifests (one per folder of the batch) and tells the user; answers why one is missing, if one is. */
  async function batchFinished(batch: Batch, items: QueueItem[]): Promise<ManifestFailure | null> {
    let failure: ManifestFailure | null = null;
    for (const { path, csv } of batchManifests(batch, items)) {
      const written = await withinTime(
        writeManifest(manifestIo, path, csv),
        MANIFEST_WAIT_MS,
        (): ManifestFailure => ({
          reason: 'timeout',
          detail: `not saved within ${MANIFEST_WAIT_MS / 1000} s`,
        }),
      );
      if (written) console.warn('[tccc] the manifest of batch', batch.label, 'was not saved:', written.detail);
      failure ??= written;
    }
    if (await notifyOnFinish.getValue()) {
      const p = progressOf(items);
      const counts = browser.i18n.getMessage('batchCounts', [String(p.done), String(p.total), String(p.failed), String(p.skipped)]);
      await browser.notifications
        .create(`tccc-batch-${batch.id}`, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: browser.i18n.getMessage(batch.state === 'done' ? 'notifyDoneTitle' : 'notifyFailedTitle'),
          message: failure ? `${counts}\n${browser.i18n.getMessage('noManifest', [failure.detail])}` : counts,
        })
        .catch((error: unknown) => console.warn('[tccc] could not show the notification:', error));
    }
    return failure;
  }

  /** Starts what may start now, and shows what is left. */
  function pump(): void {
    void engine.then((queue) => queue.pump()).then(updateBadge);
  }

  const updateBadge = async () => {
    const left = await (await engine).remaining();
    await browser.action.setBadgeBackgroundColor({ color: '#006eff' });
    await browser.action.setBadgeText({ text: left ? String(left) : '' });
  };

  // Registered synchronously at the top level, so each of these wakes a stopped worker.
  // An end, a new path or a pause by the user: Chrome resumes a dropped download by itself,
  // with no interrupted state to see, and the only sign before it lands elsewhere is its path changing.
  browser.downloads.onChanged.addListener((delta) => {
    downloadEnds.changed(delta);
    const ended = !!delta.state?.current && delta.state.current !== 'in_progress';
    if (!ended && !delta.filename?.current && !delta.paused?.current) return;
    void engine
      .then((e) => e.onDownloadChanged(delta.id, { state: delta.state, filename: delta.filename, paused: delta.paused }))
      .then(updateBadge);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) pump();
  });
  browser.runtime.onMessage.addListener((raw: unknown, sender: MessageSender) => {
    if (!isMessage(raw) || !isAcceptedFrom(raw, sender, browser.runtime.id, extensionOrigin)) {
      console.warn('[tccc] ignored a message from', sender.url ?? sender.id);
      return undefined;
    }
    return handle(raw, sender);
  });
  // Before the tap was in the manifest, it was registered at run time: such a registration, kept
  // from an older version, would only run it twice.
  void browser.scripting.unregisterContentScripts({ ids: ['tccc-workbench-tap'] }).catch(() => {});
  // Tabs open before this install, update or enable have no live content script: give them one.
  void adoptOpenTabs().catch((error: unknown) => console.warn('[tccc] could not reach the open workbench tabs:', error));

  // A browser start wakes the worker even with nothing else to do: the queue goes on by itself.
  browser.runtime.onStartup.addListener(pump);
  // A worker start after a crash, an update or a browser restart: settle what was under way.
  // After an update the claims keep their grace: the old worker's downloads may still be listed.
  void engine
    .then(async (e) => {
      const version = browser.runtime.getManifest().version;
      const browserRestarted = isBrowserRestart({
        ranThisSession: await workerRanThisSession.getValue(),
        lastVersion: await workerVersion.getValue(),
        version,
      });
      await workerRanThisSession.setValue(true);
      await workerVersion.setValue(version);
      await e.recover(browserRestarted);
      // Each worker start is often enough to keep the history within its bounds.
      await e.forgetFinished();
    })
    .then(updateBadge)
    .then(askForLinks);

  /** What each message does, answering as the protocol says. */
  const handlers: { [K in Exclude<MessageType, 'load-tools'>]: (message: MessageOf<K>, from: Sender) => Promise<ReplyTo<K>> | ReplyTo<K> } =
    {
      ping: () => ({ ok: true, version: browser.runtime.getManifest().version }),
      enqueue: (message, { queue, app, sender }) => enqueue(queue, message, `${sender.tab?.id}/${sender.frameId ?? 0}`, app),
      'links-wanted': (_, { queue, app }) => queue.linksWanted(app),
      'fresh-links': async (message, { queue, app }) => {
        const links = new Map(message.links.map((l) => [l.sessionId, l.recordUrl]));
        const unavailable = new Map((message.unavailable ?? []).map((u) => [u.sessionId, u.reason]));
        const applied = await queue.applyFreshLinks(links, unavailable, app);
        await updateBadge();
        return { ok: true, applied };
      },
      'link-recipe': async (message, { app, sender }) => {
        recipeTabs.set(appKey(app), sender.tab?.id);
        await linkRecipes.setValue({ ...(await linkRecipes.getValue()), [appKey(app)]: message.recipe });
        void shareRecipe(message.recipe, app, sender.tab?.id).catch(() => {});
        return { ok: true };
      },
      'known-link-recipe': async (_, { app }) => (await linkRecipes.getValue())[appKey(app)] ?? null,
      batches: async (_, { queue }) => {
        const live = new Map((await browser.downloads.search({ state: 'in_progress' })).map((d) => [d.id, d.bytesReceived]));
        return queue.overview(live);
      },
      'clear-history': async (_, { queue }) => ({ ok: true, forgotten: await queue.forgetFinished(true) }),
      'batch-action': async ({ batchId, action }, { queue }) => {
        if (action === 'open-folder') {
          const id = await queue.savedDownload(batchId);
          if (id === null) browser.downloads.showDefaultFolder();
          else browser.downloads.show(id);
          return { ok: true };
        }
        if (isStateAction(action)) await queue.setBatchState(batchId, STATE_AFTER[action]);
        else await queue.retryFailed(batchId);
        await updateBadge();
        return { ok: true };
      },
    };

  async function handle(message: Message, sender: MessageSender): Promise<unknown> {
    if (message.type === 'load-tools') return loadTools(sender);
    const queue = await engine;
    // The app of the tab that sent it, as the browser reports the tab, not as the message says.
    const app = workbenchAppOf(sender.url);
    const handler = handlers[message.type] as (message: Message, from: Sender) => Promise<unknown>;
    return handler(message, { queue, app, sender });
  }

  /**
   * The browser injects manifest content scripts only into pages loaded after the extension
   * was: a workbench tab already open at an install, an update or an enable has none, or only
   * orphaned ones. Such a tab does not answer the sentinel's ping and gets the tap and the
   * sentinel now. After an update the old tap is still in the page with what it saw, and the
   * tab works at once; after an install the page tools offer a reload (`reload-page`).
   */
  async function adoptOpenTabs(): Promise<void> {
    if (!(await pageFeatures.getValue())) return;
    const ping = { type: SENTINEL_PING };
    await Promise.all(
      (await workbenchTabs()).map(async (tab) => {
        if (tab.discarded || (await sendToTab(tab.id!, ping).catch(() => false)) === true) return;
        const target = { tabId: tab.id! };
        await browser.scripting.executeScript({
          target,
          files: ['/content-scripts/workbench-tap.js'],
          world: 'MAIN',
          injectImmediately: true,
        });
        await browser.scripting.executeScript({ target, files: ['/content-scripts/workbench.js'], injectImmediately: true });
      }),
    );
  }

  /** The page tools go only into the workbench frame that asked, and only from a content script. */
  async function loadTools(sender: MessageSender): Promise<ReplyTo<'load-tools'>> {
    const tabId = sender.tab?.id;
    if (tabId === undefined || !isWorkbenchUrl(sender.url)) return { ok: false };
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [sender.frameId ?? 0] },
      files: ['/content-scripts/workbench-tools.js'],
    });
    return { ok: true };
  }

  /** A part of a selection; the batch is made when its last part is in (enqueue-upload.ts). */
  async function enqueue(queue: QueueEngine, part: EnqueuePart, from: string, app: string | null): Promise<EnqueueReply | PartReply> {
    try {
      const whole = uploads.add(part, from, app);
      if (!whole) return { ok: true, part: part.part };
      const { batch, queued, skipped, downloadedBefore } = await queue.enqueue(
        whole.records,
        (part.force ?? false) || !(await skipDuplicates.getValue()),
        whole.calls,
      );
      // After the items are filed and the first downloads started.
      void queue.pump().then(updateBadge);
      return { ok: true, batchId: batch.id, accepted: queued, rejected: skipped + whole.rejected, downloadedBefore };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  }
});

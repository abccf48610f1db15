import { browser } from 'wxt/browser';
import { isBlobRequest, pageBlobUrls } from '../../utils/queue/blob-urls';

/**
 * Chrome's offscreen document (reason `BLOBS`): makes Blob URLs for the service worker,
 * which cannot. It answers only the extension's own worker.
 */
const blobs = pageBlobUrls();
const worker = browser.runtime.getURL('/background.js');

browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string; url?: string; tab?: unknown }) => {
  if (sender.id !== browser.runtime.id || sender.tab || sender.url !== worker || !isBlobRequest(raw)) return undefined;
  return raw.type === 'blob-url' ? blobs.create(raw.text, raw.mime) : blobs.revoke(raw.url).then(() => true);
});

/**
 * Blob URLs for files the extension makes itself (the manifest), which have no size cap as
 * `data:` URLs do. Firefox's background page makes them itself; Chrome's service worker has
 * no `URL.createObjectURL`, so an offscreen document (reason `BLOBS`) makes them there.
 */
export interface BlobUrls {
  create(text: string, type: string): Promise<string>;
  revoke(url: string): Promise<void>;
}

/** What the background asks the offscreen document: a Blob URL of this text, or to let one go. */
export type BlobRequest =
  | { to: 'offscreen'; type: 'blob-url'; text: string; mime: string }
  | { to: 'offscreen'; type: 'revoke-blob'; url: string };

export function isBlobRequest(value: unknown): value is BlobRequest {
  const m = value as Partial<{ to: string; type: string; text: unknown; mime: unknown; url: unknown }> | null;
  if (m?.to !== 'offscreen') return false;
  if (m.type === 'blob-url') return typeof m.text === 'string' && typeof m.mime === 'string';
  return m.type === 'revoke-blob' && typeof m.url === 'string' && m.url.startsWith('blob:');
}

/** Where `URL.createObjectURL` exists (Firefox's background page, the offscreen document). */
export function pageBlobUrls(): BlobUrls {
  return {
    create: async (text, type) => URL.createObjectURL(new Blob([text], { type })),
    revoke: async (url) => URL.revokeObjectURL(url),
  };
}

export interface OffscreenApi {
  createDocument(params: { url: string; reasons: 'BLOBS'[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

/**
 * Chrome: the offscreen document opens for the first URL and closes when the last is let
 * go. One left open by a worker that died meanwhile is used as it is.
 */
export function offscreenBlobUrls(
  offscreen: OffscreenApi,
  send: (request: BlobRequest) => Promise<unknown>,
  page = 'offscreen.html',
): BlobUrls {
  let open: Promise<void> | null = null;
  let live = 0;
  const ready = () =>
    (open ??= offscreen
      .createDocument({ url: page, reasons: ['BLOBS'], justification: 'Save the batch manifest (清单.csv) as a file of any size' })
      .catch((error: unknown) => {
        if (/single offscreen document/i.test(String(error))) return;
        open = null;
        throw error;
      }));
  const release = async () => {
    if (--live > 0) return;
    open = null;
    await offscreen.closeDocument().catch(() => {});
  };
  return {
    async create(text, mime) {
      live++;
      try {
        await ready();
        const url = await send({ to: 'offscreen', type: 'blob-url', text, mime });
        if (typeof url !== 'string' || !url.startsWith('blob:')) throw new Error('the offscreen document gave no Blob URL');
        return url;
      } catch (error) {
        await release();
        throw error;
      }
    },
    async revoke(url) {
      await send({ to: 'offscreen', type: 'revoke-blob', url }).catch(() => {});
      await release();
    },
  };
}

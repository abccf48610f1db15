import { describe, expect, it } from 'vitest';
import { writeManifest, type ManifestIo } from '../../utils/queue/manifest-file';
import { offscreenBlobUrls, isBlobRequest, type BlobRequest } from '../../utils/queue/blob-urls';
import { createDownloadEnds } from '../../utils/queue/download-ends';

/** A browser that saves what it is given, with the steps a test can make fail. */
function browserIo(fail: { url?: boolean; download?: boolean; interrupt?: string } = {}) {
  const urls = new Map<string, string>();
  const saved = new Map<string, string>();
  let next = 0;
  const io: ManifestIo = {
    async objectUrl(text) {
      if (fail.url) throw new Error('no document');
      const url = `blob:ext/${++next}`;
      urls.set(url, text);
      return url;
    },
    async revoke(url) {
      urls.delete(url);
    },
    async download({ url, filename }) {
      if (fail.download) throw new Error('Invalid URL');
      saved.set(filename, urls.get(url)!);
      return next;
    },
    async ended() {
      return fail.interrupt ?? null;
    },
  };
  return { io, urls, saved };
}

describe('saving the manifest', () => {
  it('saves a manifest of any size under its name, and lets its URL go afterwards', async () => {
    const b = browserIo();
    const big = 'x'.repeat(3 * 1024 * 1024);
    expect(await writeManifest(b.io, 'TCCC录音/L/清单.csv', big)).toBeNull();
    expect(b.saved.get('TCCC录音/L/清单.csv')).toBe(big);
    expect(b.urls.size).toBe(0);
  });

  it('answers why, never throws: no URL, a refused download, an interrupted one', async () => {
    expect(await writeManifest(browserIo({ url: true }).io, 'a.csv', 'x')).toEqual({ reason: 'no-blob', detail: 'no document' });
    const refused = browserIo({ download: true });
    expect(await writeManifest(refused.io, 'a.csv', 'x')).toEqual({ reason: 'refused', detail: 'Invalid URL' });
    expect(refused.urls.size).toBe(0);
    expect(await writeManifest(browserIo({ interrupt: 'FILE_NO_SPACE' }).io, 'a.csv', 'x')).toEqual({
      reason: 'FILE_NO_SPACE',
      detail: 'FILE_NO_SPACE',
    });
  });
});

describe('Blob URLs from an offscreen document (Chrome)', () => {
  function offscreen() {
    const log: string[] = [];
    let open = false;
    const api = {
      async createDocument() {
        if (open) throw new Error('Only a single offscreen document may be created.');
        open = true;
        log.push('open');
      },
      async closeDocument() {
        open = false;
        log.push('close');
      },
    };
    const send = async (r: BlobRequest) => {
      if (!open) throw new Error('Could not establish connection. Receiving end does not exist.');
      log.push(r.type);
      return r.type === 'blob-url' ? `blob:chrome-extension://x/${log.length}` : true;
    };
    return { api, send, log, reopen: () => (open = true) };
  }

  it('opens the document for the first URL and closes it when the last is let go', async () => {
    const o = offscreen();
    const blobs = offscreenBlobUrls(o.api, o.send);
    const a = await blobs.create('a', 'text/csv');
    const b = await blobs.create('b', 'text/csv');
    await blobs.revoke(a);
    expect(o.log).not.toContain('close');
    await blobs.revoke(b);
    expect(o.log).toEqual(['open', 'blob-url', 'blob-url', 'revoke-blob', 'revoke-blob', 'close']);
  });

  it('uses a document a stopped worker left open', async () => {
    const o = offscreen();
    o.reopen();
    const blobs = offscreenBlobUrls(o.api, o.send);
    expect(await blobs.create('a', 'text/csv')).toMatch(/^blob:/);
  });

  it('the document answers only requests of its own shape', () => {
    expect(isBlobRequest({ to: 'offscreen', type: 'blob-url', text: 'a', mime: 'text/csv' })).toBe(true);
    expect(isBlobRequest({ to: 'offscreen', type: 'revoke-blob', url: 'https://x' })).toBe(false);
    expect(isBlobRequest({ type: 'blob-url', text: 'a', mime: 'text/csv' })).toBe(false);
  });
});

describe('waiting for a download to end', () => {
  it('hears the end from onChanged, or finds it ended already', async () => {
    const states = new Map<number, { state: string; error?: string }>([
      [1, { state: 'in_progress' }],
      [2, { state: 'complete' }],
    ]);
    const ends = createDownloadEnds(async (id) => states.get(id));
    const first = ends.ended(1);
    ends.changed({ id: 1, state: { current: 'interrupted' }, error: { current: 'FILE_FAILED' } });
    expect(await first).toBe('FILE_FAILED');
    expect(await ends.ended(2)).toBeNull();
    expect(await ends.ended(3)).toBe('ERASED');
  });
});

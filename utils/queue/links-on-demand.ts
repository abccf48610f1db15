/**
 * Links on demand: which calls an open workbench page is asked to find fresh links for
 * (expired ones, or on a page that gives a call's link only when asked), and what its
 * answer does to the queue.
 */
import { servesCall } from '../background/link-trust';
import type { LinksWanted, LinkUnavailableReason } from '../extension/messages';
import { QUEUED_CHUNK, chunksOf } from './scan';
import { itemsById, type QueueDb } from './store';
import { applyFreshLinks, linksNotGiven, linksWanted } from './transitions';
import type { Batch, QueueItem } from './types';

/** Calls a page is asked about at once: the rest is asked about as these start. */
const LINKS_LISTED = 1_000;
/** Queued items read at most to find them: past this, links are not wanted yet. */
const LINKS_READ = 4 * LINKS_LISTED;
/** Links asked of the page per download slot: enough to keep the slots busy, few enough not to expire. */
const LINKS_AHEAD_PER_SLOT = 4;

export interface LinksDeps {
  db: QueueDb;
  now: () => number;
  batches: () => Promise<Batch[]>;
  concurrency: () => Promise<number>;
  writeItems: (items: QueueItem[]) => Promise<void>;
  /** Starts what can start; `askForLinks`: the page may be asked for the next links. */
  pump: (askForLinks: boolean) => Promise<void>;
}

export function createLinksOnDemand(d: LinksDeps) {
  const { db, now } = d;
  return {
    /** Which calls a workbench page should find fresh links for: with `tabApp`, only those a tab of that app may serve (link-trust.ts). */
    async wanted(tabApp?: string | null): Promise<LinksWanted> {
      // Read in queue order, a chunk at a time, only as far as a page is asked about at once:
      // on a page that gives links on demand this is asked every few downloads. Running
      // batches first: theirs are the links wanted now.
      const all = [...(await d.batches())].sort((a, b) => a.createdAt - b.createdAt);
      const live = [...all.filter((b) => b.state === 'running'), ...all.filter((b) => b.state === 'paused')];
      const want = { wanted: [] as string[], welcome: [] as string[] };
      let read = 0;
      const readOn = () => want.wanted.length < LINKS_LISTED && read < LINKS_READ;
      for (const batch of live) {
        if (!readOn()) break;
        for await (const chunk of chunksOf(db, batch.id, 'queued', QUEUED_CHUNK)) {
          read += chunk.length;
          const part = linksWanted(tabApp === undefined ? chunk : chunk.filter((i) => servesCall(tabApp, i.record)), [batch], now());
          want.wanted.push(...part.wanted);
          want.welcome.push(...part.welcome);
          if (!readOn()) break;
        }
      }
      return {
        wanted: want.wanted.slice(0, LINKS_LISTED),
        welcome: want.welcome.slice(0, LINKS_LISTED),
        ahead: (await d.concurrency()) * LINKS_AHEAD_PER_SLOT,
      };
    },

    /**
     * The page's answer: fresh links start expired and waiting items, calls it could give
     * none for wait, fail or are asked again later with the reason. Answers how many links were fresh.
     */
    async apply(
      links: ReadonlyMap<string, string>,
      unavailable: ReadonlyMap<string, LinkUnavailableReason>,
      tabApp?: string | null,
    ): Promise<number> {
      // Only the items of the calls answered: on-demand pages answer every few downloads.
      // With `tabApp`, only those its tab may serve: another app's calls keep their links.
      const live = (await d.batches()).filter((b) => b.state === 'running' || b.state === 'paused');
      const ids = [...new Set([...links.keys(), ...unavailable.keys()])];
      const queued = (
        await itemsById(
          db,
          live.flatMap((b) => ids.map((id) => `${b.id}:${id}`)),
        )
      ).filter((i) => i.state === 'queued' && (tabApp === undefined || servesCall(tabApp, i.record)));
      const fresh = applyFreshLinks(queued, links, now());
      const freshIds = new Set(fresh.map((i) => i.id));
      const running = new Set(live.filter((b) => b.state === 'running').map((b) => b.id));
      const notGiven = linksNotGiven(
        queued.filter((i) => !freshIds.has(i.id)),
        links,
        unavailable,
        running,
        now(),
      );
      await d.writeItems([...fresh, ...notGiven]);
      // An answer that moved the queue on (links came for calls that waited, calls failed for
      // good) lets the next calls be asked about. One that only says "wait" (for a click, for a
      // retry), or only swapped links of calls that did not wait (a page signs them anew on
      // each read), must not: the same calls would be asked about again at once.
      const waited = new Set(queued.filter((i) => i.needsLink).map((i) => i.id));
      await d.pump(fresh.some((i) => waited.has(i.id)) || notGiven.some((i) => i.state === 'failed'));
      return fresh.length;
    },
  };
}

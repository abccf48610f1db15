import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createQueueEngine, type QueueEngine } from '../../utils/queue/engine';
import { allBatches, itemsInState, itemsOfBatch, openQueueDb, putBatch, putItems } from '../../utils/queue/store';
import { LOGIN_PAGE, MAX_ATTEMPTS, NOT_A_RECORDING, RENAMED_BY_EXTENSION, SAVED_ELSEWHERE } from '../../utils/queue/transitions';
import { FakeDownloads, type Outcome } from '../fakes/downloads';
import { RECORDING_LINK, callRecord } from '../fakes/records';
import { mulberry32 } from '../workbench/generator';

let dbCount = 0;
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A queue on a fresh database with a fake browser; `run()` plays the server, the clock and the alarm until nothing is left to do. */
async function queue(opts: { serve?: (url: string) => Outcome; concurrency?: number; template?: string } = {}) {
  let clock = 1_000_000;
  const name = `engine-${dbCount++}`;
  let db = await openQueueDb(name);
  const fake = new FakeDownloads(() => clock, opts.serve);
  const finished: string[] = [];
  let linksNeeded = 0;
  /** When the engine asked to be woken (the alarm). */
  const wakes: number[] = [];
  const make = (): QueueEngine =>
    createQueueEngine({
      db,
      downloads: fake.forWorker(),
      now: () => clock,
      concurrency: async () => opts.concurrency ?? 3,
      naming: async () => ({ template: opts.template ?? '', root: 'TCCC录音', maskPhones: false }),
      wakeAt: (when) => void wakes.push(when),
      onBatchFinished: async (batch) => {
        finished.push(batch.id);
        return null;
      },
      onLinksNeeded: () => void linksNeeded++,
    });
  let engine = make();
  const listen = () => {
    fake.listener = (id, delta) => void engine.onDownloadChanged(id, delta);
  };
  listen();

  /** Lets the browser's answers and events reach the engine, and waits for everything it queued, until all is quiet. */
  const settle = async () => {
    do {
      await tick();
      await engine.pump();
    } while (fake.unanswered > 0);
  };

  return {
    fake,
    finished,
    get engine() {
      return engine;
    },
    get db() {
      return db;
    },
    get linksNeeded() {
      return linksNeeded;
    },
    advance: (ms: number) => {
      clock += ms;
    },
    get now() {
      return clock;
    },
    wakes,
    settle,
    /** The worker dies: the browser's events find no one, and answers it waited for never come. */
    die: () => fake.killWorker(),
    /** A new worker on the same database, as Chrome starts one: it recovers first. */
    async restart(browserRestarted = false, recover = true) {
      // The dead worker's connection goes with it: nothing it had under way writes again.
      db.close();
      db = await openQueueDb(name);
      engine = make();
      listen();
      if (recover) await engine.recover(browserRestarted);
    },
    async run(maxRounds = 500) {
      for (let round = 0; round < maxRounds; round++) {
        await settle();
        if (fake.finishAll() > 0) continue;
        if (fake.inProgress().length) return; // only hanging downloads left
        const running = new Set((await allBatches(db)).filter((b) => b.state === 'running').map((b) => b.id));
        const waiting = (await itemsInState(db, 'queued')).filter((i) => !i.needsLink && running.has(i.batchId));
        // The alarm: time passes to the first backoff's end and the queue is pumped.
        if (waiting.length) clock = Math.max(clock, Math.min(...waiting.map((i) => i.notBefore)));
        else {
          // Claims waiting for their downloads to be listed: time passes to the alarm the engine set.
          const claims = (await itemsInState(db, 'downloading')).filter((i) => i.downloadId === null);
          const alarm = wakes.filter((w) => w > clock).sort((a, b) => a - b)[0];
          if (!claims.length || alarm === undefined) return;
          clock = alarm;
        }
      }
      throw new Error('the queue did not settle');
    },
  };
}

const records = (n: number, prefix = 's') =>
  Array.from({ length: n }, (_, i) => callRecord(`${prefix}${i}`, { recordUrl: `${RECORDING_LINK}?${prefix}${i}` }));

describe('the queue engine against a faithful fake of chrome.downloads', () => {
  it('acknowledges an enqueue once it is saved, then downloads every recording once, never more than `concurrency` at a time, starting the next as one finishes', async () => {
    const q = await queue({ concurrency: 3 });
    const { batch } = await q.engine.enqueue(records(10));
    await q.settle();
    expect(q.fake.inProgress()).toHaveLength(3);
    q.fake.finishAll();
    await q.settle();
    expect(q.fake.inProgress()).toHaveLength(3);
    await q.run();
    expect(q.fake.maxInProgress).toBe(3);
    for (let i = 0; i < 10; i++) expect(q.fake.filesOf(`s${i}`)).toHaveLength(1);
    expect(q.fake.requested).toHaveLength(10);
    expect(q.finished).toEqual([batch.id]);
    const items = await itemsOfBatch(q.db, batch.id);
    expect(items.every((i) => i.state === 'done' && i.finalPath?.startsWith('/home/user/Downloads/TCCC录音/'))).toBe(true);
  });

  it('gives a finished download’s slot to the next at once, before the finished one is checked and filed', async () => {
    const q = await queue({ concurrency: 1 });
    const { batch } = await q.engine.enqueue(records(2));
    await q.settle();
    // The browser's answer to the first is recorded: its end comes as an event.
    await q.engine.pump();
    // What the store said of the first call when the browser was asked for the second.
    const firstWhenNextAsked: Promise<string | undefined>[] = [];
    const download = q.fake.download.bind(q.fake);
    vi.spyOn(q.fake, 'download').mockImplementation((o) => {
      firstWhenNextAsked.push(itemsOfBatch(q.db, batch.id).then((items) => items.find((i) => i.sessionId === 's0')?.state));
      return download(o);
    });
    q.fake.finishAll();
    await q.run();
    expect(await Promise.all(firstWhenNextAsked)).toEqual(['downloading']);
    expect(q.fake.maxInProgress).toBe(1);
    expect((await itemsOfBatch(q.db, batch.id)).map((i) => i.state)).toEqual(['done', 'done']);
    expect(q.finished).toEqual([batch.id]);
  });

  it('retries network and server errors with backoff, and fails an item only after the last attempt', async () => {
    const tries = new Map<string, number>();
    const q = await queue({
      serve: (url) => {
        const n = (tries.get(url) ?? 0) + 1;
        tries.set(url, n);
        if (url.endsWith('s0')) return n < 3 ? { fail: 'NETWORK_FAILED' } : { ok: true };
        if (url.endsWith('s1')) return { fail: 'SERVER_FAILED' };
        return { ok: true };
      },
    });
    const { batch } = await q.engine.enqueue(records(3));
    await q.settle();
    q.fake.finishAll();
    await q.settle();
    const [s0] = (await itemsOfBatch(q.db, batch.id)).filter((i) => i.sessionId === 's0');
    expect(s0).toMatchObject({ state: 'queued', lastError: 'NETWORK_FAILED' });
    expect(s0!.notBefore).toBeGreaterThan(1_000_000);
    await q.run();
    const items = await itemsOfBatch(q.db, batch.id);
    expect(items.map((i) => [i.sessionId, i.state, i.attempts])).toEqual([
      ['s0', 'done', 3],
      ['s1', 'failed', MAX_ATTEMPTS],
      ['s2', 'done', 1],
    ]);
    expect(q.finished).toEqual([batch.id]);
  });

  describe('every file under the name it asked for', () => {
    /** Each URL's requests, counted, so a server can answer the first differently. */
    const nth = () => {
      const tries = new Map<string, number>();
      return (url: string) => {
        const n = (tries.get(url) ?? 0) + 1;
        tries.set(url, n);
        return n;
      };
    };

    it('starts a download again, fresh, when the browser resumed it under the server’s name: nothing lands at the folder’s root', async () => {
      const count = nth();
      const q = await queue({ serve: (url) => (url.endsWith('s1') && count(url) === 1 ? { resumeElsewhere: 'rk1.mp3' } : { ok: true }) });
      const { batch } = await q.engine.enqueue(records(3));
      await q.run();
      expect(q.fake.atRoot()).toEqual([]);
      expect(q.fake.filesOf('s1')).toHaveLength(1);
      const s1 = (await itemsOfBatch(q.db, batch.id)).find((i) => i.sessionId === 's1')!;
      expect(s1).toMatchObject({ state: 'done', attempts: 2 });
      expect(s1.finalPath!.endsWith(s1.filename)).toBe(true);
      expect(q.finished).toEqual([batch.id]);
    });

    it('removes a file that finished elsewhere unnoticed and fetches it again, as an attempt', async () => {
      const count = nth();
      const q = await queue({ serve: (url) => (url.endsWith('s0') && count(url) === 1 ? { resumeElsewhere: 'rk0.mp3' } : { ok: true }) });
      // The move went by unseen (a worker that was starting): only the end is told.
      q.fake.listener = (id, delta) => void (delta.state && q.engine.onDownloadChanged(id, delta));
      const { batch } = await q.engine.enqueue(records(2));
      await q.run();
      expect(q.fake.atRoot()).toEqual([]);
      expect(q.fake.filesOf('s0')).toHaveLength(1);
      const s0 = (await itemsOfBatch(q.db, batch.id)).find((i) => i.sessionId === 's0')!;
      expect(s0).toMatchObject({ state: 'done', attempts: 2 });
    });

    it('gives up after the last attempt when the browser keeps saving it elsewhere, leaving nothing there', async () => {
      const q = await queue({ serve: (url) => (url.endsWith('s0') ? { resumeElsewhere: 'rk0.mp3' } : { ok: true }) });
      const { batch } = await q.engine.enqueue(records(2));
      await q.run();
      expect(q.fake.atRoot()).toEqual([]);
      const s0 = (await itemsOfBatch(q.db, batch.id)).find((i) => i.sessionId === 's0')!;
      expect(s0).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, lastError: SAVED_ELSEWHERE });
    });

    it('reports a file another extension renamed as such, keeps it, and does not fetch it again', async () => {
      const q = await queue({ serve: (url) => (url.endsWith('s0') ? { renamedTo: 'Other/renamed.mp3' } : { ok: true }) });
      const { batch } = await q.engine.enqueue(records(2));
      await q.run();
      const s0 = (await itemsOfBatch(q.db, batch.id)).find((i) => i.sessionId === 's0')!;
      expect(s0).toMatchObject({
        state: 'failed',
        attempts: 1,
        lastError: RENAMED_BY_EXTENSION,
        finalPath: '/home/user/Downloads/Other/renamed.mp3',
      });
      expect(q.fake.disk.has('/home/user/Downloads/Other/renamed.mp3')).toBe(true);
      expect(q.fake.requested.filter((u) => u.endsWith('s0'))).toHaveLength(1);
    });
  });

  describe('a file is a recording', () => {
    it('takes a login page answered 200 for an expired login: the file is removed, and the call waits for the workbench like an expired link', async () => {
      let loggedIn = true;
      const q = await queue({ serve: () => (loggedIn ? { ok: true } : { ok: true, mime: 'text/html', size: 5_312 }) });
      const { batch } = await q.engine.enqueue(records(6));
      await q.settle();
      // The login expires with three downloads under way: the rest get the login page.
      loggedIn = false;
      await q.run();
      const items = await itemsOfBatch(q.db, batch.id);
      expect(items.map((i) => [i.state, i.needsLink, i.lastError])).toEqual([
        ...Array(3).fill(['done', false, null]),
        ...Array(3).fill(['queued', true, LOGIN_PAGE]),
      ]);
      expect(q.fake.disk.size).toBe(3);
      expect(q.linksNeeded).toBeGreaterThan(0);
      // Logged in again: the page gives fresh links, and every file ends right.
      loggedIn = true;
      await q.engine.applyFreshLinks(new Map(items.map((i) => [i.sessionId, `${RECORDING_LINK}?fresh-${i.sessionId}`])));
      await q.run();
      expect((await itemsOfBatch(q.db, batch.id)).every((i) => i.state === 'done')).toBe(true);
      for (const i of items) expect(q.fake.filesOf(i.sessionId)).toHaveLength(1);
      expect(q.fake.disk.size).toBe(6);
      expect(q.finished).toEqual([batch.id]);
    });

    it('takes a JSON error, or a body far too small to be audio, for a failed attempt: removed, retried, and failed with that reason at last', async () => {
      const q = await queue({
        serve: (url) =>
          url.endsWith('s0')
            ? { ok: true, mime: 'application/json', size: 83 }
            : url.endsWith('s1')
              ? { ok: true, mime: 'audio/mpeg', size: 120 }
              : { ok: true },
      });
      const { batch } = await q.engine.enqueue(records(3));
      await q.run();
      const items = await itemsOfBatch(q.db, batch.id);
      expect(items.map((i) => [i.sessionId, i.state, i.attempts, i.lastError])).toEqual([
        ['s0', 'failed', MAX_ATTEMPTS, NOT_A_RECORDING],
        ['s1', 'failed', MAX_ATTEMPTS, NOT_A_RECORDING],
        ['s2', 'done', 1, null],
      ]);
      expect([...q.fake.disk.keys()]).toEqual([items[2]!.finalPath]);
      // Not done, so not blocked as a duplicate: selected again, it is downloaded again.
      const again = await q.engine.enqueue(records(2));
      expect(again.queued).toBe(2);
    });
  });

  describe('what needs the user', () => {
    it('pauses the batch once when the disk is full, keeps every call, and goes on when resumed', async () => {
      let full = true;
      const q = await queue({ serve: () => (full ? { fail: 'FILE_NO_SPACE' } : { ok: true }) });
      const { batch } = await q.engine.enqueue(records(5));
      await q.run();
      expect((await allBatches(q.db))[0]!.state).toBe('paused');
      const items = await itemsOfBatch(q.db, batch.id);
      expect(items.every((i) => i.state === 'queued' && i.attempts === 0)).toBe(true);
      // Not failed one by one: three tried at once, no more.
      expect(q.fake.requested).toHaveLength(3);
      const [view] = await q.engine.overview(new Map());
      expect(view!.reasons.map((r) => r.reason)).toEqual(['disk-full']);
      full = false;
      await q.engine.setBatchState(batch.id, 'running');
      await q.run();
      expect((await itemsOfBatch(q.db, batch.id)).every((i) => i.state === 'done')).toBe(true);
    });

    it('pauses the batch once when the browser asks where to save each file, and says what to change', async () => {
      let asks = true;
      const q = await queue({ serve: () => (asks ? { askWhereToSave: true } : { ok: true }) });
      const { batch } = await q.engine.enqueue(records(5));
      await q.run();
      expect((await allBatches(q.db))[0]!.state).toBe('paused');
      const items = await itemsOfBatch(q.db, batch.id);
      // Not failed as "canceled in the browser's list": every call waits, no attempt spent.
      expect(items.every((i) => i.state === 'queued' && i.attempts === 0)).toBe(true);
      expect(q.fake.requested).toHaveLength(3);
      const [view] = await q.engine.overview(new Map());
      expect(view!.reasons.map((r) => r.reason)).toEqual(['ask-where-to-save']);
      // The user turns the setting off and resumes.
      asks = false;
      await q.engine.setBatchState(batch.id, 'running');
      await q.run();
      expect((await itemsOfBatch(q.db, batch.id)).every((i) => i.state === 'done')).toBe(true);
    });

    it('frees the slot of a download the user paused or canceled in the browser’s list, and says so', async () => {
      const q = await queue({ concurrency: 1, serve: (url) => (url.endsWith('s0') ? { hang: true } : { ok: true }) });
      const { batch } = await q.engine.enqueue(records(2));
      await q.settle();
      // The user pauses it in chrome://downloads.
      await q.engine.onDownloadChanged(1, { paused: { current: true } });
      await q.run();
      const items = await itemsOfBatch(q.db, batch.id);
      expect(items.map((i) => [i.sessionId, i.state, i.lastError])).toEqual([
        ['s0', 'failed', 'USER_PAUSED'],
        ['s1', 'done', null],
      ]);
      expect(q.fake.inProgress()).toEqual([]);
    });
  });

  it('lets expired links wait for fresh ones, asks for them, and goes on when they come', async () => {
    const q = await queue({ serve: (url) => (url.includes('?old') ? { fail: 'SERVER_FORBIDDEN' } : { ok: true }) });
    const old = records(4).map((r) => ({ ...r, recordUrl: `${r.recordUrl}?old` }));
    const { batch } = await q.engine.enqueue(old);
    await q.settle();
    await q.run();
    expect(q.linksNeeded).toBeGreaterThan(0);
    expect(await q.engine.linksWanted()).toMatchObject({ wanted: ['s0', 's1', 's2', 's3'], welcome: [] });
    expect(q.finished).toEqual([]);
    // Three expired on a refusal each; the fourth was read with them and waits without trying.
    expect(q.fake.requested).toHaveLength(3);

    expect(await q.engine.applyFreshLinks(new Map(records(4).map((r) => [r.sessionId, r.recordUrl!])))).toBe(4);
    await q.run();
    for (let i = 0; i < 4; i++) expect(q.fake.filesOf(`s${i}`)).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });

  describe('where the page gives links only on demand', () => {
    const onDemand = (n: number) => records(n).map((r) => ({ ...r, recordUrl: null, linkOnDemand: true }));
    const linkOf = (id: string) => `${RECORDING_LINK}?${id}`;
    const reasons = async (q: Awaited<ReturnType<typeof queue>>) => (await q.engine.overview(new Map()))[0]!.reasons;

    it('queues talked calls to wait for links, asks for the next few in queue order, and downloads each as its link comes', async () => {
      const q = await queue({ concurrency: 2 });
      const never = callRecord('x', {
        recordUrl: null,
        linkOnDemand: true,
        duration: 0,
        status: { code: 202, key: 'notAnswer', label: '未接听', connected: false },
      });
      const { batch, queued, skipped } = await q.engine.enqueue([...onDemand(10), never]);
      await q.settle();
      expect({ queued, skipped }).toEqual({ queued: 10, skipped: 1 });
      expect(q.linksNeeded).toBeGreaterThan(0);
      expect(q.fake.requested).toEqual([]);
      const want = await q.engine.linksWanted();
      expect(want).toEqual({ wanted: onDemand(10).map((r) => r.sessionId), welcome: [], ahead: 8 });
      expect(await reasons(q)).toContainEqual({ reason: 'link-wanted', count: 10 });

      // The page answers the first `ahead`; two start, the rest wait ready.
      expect(await q.engine.applyFreshLinks(new Map(want.wanted.slice(0, want.ahead).map((id) => [id, linkOf(id)])))).toBe(8);
      await q.settle();
      expect(q.fake.requested).toHaveLength(2);
      const asked = q.linksNeeded;
      await q.run();
      // Slots freed with items still waiting: the page is asked for the rest.
      expect(q.linksNeeded).toBeGreaterThan(asked);
      expect((await q.engine.linksWanted()).wanted).toEqual(['s8', 's9']);
      await q.engine.applyFreshLinks(new Map(['s8', 's9'].map((id) => [id, linkOf(id)])));
      await q.run();
      for (let i = 0; i < 10; i++) expect(q.fake.filesOf(`s${i}`)).toHaveLength(1);
      expect(q.finished).toEqual([batch.id]);
    });

    it('asks a tab only about its own workbench app’s calls, and takes its links only for those: a forged answer cannot swap another app’s link', async () => {
      const q = await queue({ concurrency: 1 });
      const ofApp = (app: string, prefix: string) =>
        onDemand(3).map((r) => ({ ...r, sessionId: `${prefix}${r.sessionId}`, sdkAppId: app }));
      await q.engine.enqueue([
        ...ofApp('1400000001', 'a'),
        ...ofApp('1400000002', 'b'),
        ...onDemand(1).map((r) => ({ ...r, sessionId: 'anywhere' })),
      ]);
      await q.settle();
      expect((await q.engine.linksWanted('1400000001')).wanted).toEqual(['as0', 'as1', 'as2', 'anywhere']);
      expect((await q.engine.linksWanted('1400000002')).wanted).toEqual(['bs0', 'bs1', 'bs2', 'anywhere']);
      expect((await q.engine.linksWanted(null)).wanted).toEqual(['anywhere']);

      // A tab of app 2 answers for app 1's calls too: only its own app's are taken.
      const forged = `${RECORDING_LINK}?forged`;
      const applied = await q.engine.applyFreshLinks(
        new Map(['as0', 'bs0'].map((id) => [id, forged])),
        new Map([['as1', 'no-link' as const]]),
        '1400000002',
      );
      expect(applied).toBe(1);
      const items = await itemsOfBatch(q.db, (await allBatches(q.db))[0]!.id);
      const byId = new Map(items.map((i) => [i.sessionId, i]));
      expect(byId.get('as0')).toMatchObject({ needsLink: true, record: { recordUrl: null } });
      expect(byId.get('as1')).toMatchObject({ state: 'queued', lastError: null });
      expect(byId.get('bs0')!.record.recordUrl).toBe(forged);
    });

    it('asks a page about the first thousand waiting calls at a time, in queue order, across batches', async () => {
      const q = await queue({ concurrency: 1 });
      await q.engine.enqueue(onDemand(700));
      q.advance(10);
      await q.engine.enqueue(onDemand(700).map((r) => ({ ...r, sessionId: `t${r.sessionId}` })));
      await q.settle();
      const { wanted } = await q.engine.linksWanted();
      expect(wanted).toHaveLength(1000);
      expect(wanted.slice(0, 2)).toEqual(['s0', 's1']);
      expect(wanted.slice(699, 702)).toEqual(['s699', 'ts0', 'ts1']);
    });

    it('waits with "click once" until the page can fetch links, and does not ask again by itself after that answer', async () => {
      const q = await queue();
      await q.engine.enqueue(onDemand(3));
      await q.settle();
      const asked = q.linksNeeded;
      await q.engine.applyFreshLinks(new Map(), new Map(['s0', 's1', 's2'].map((id) => [id, 'needs-click' as const])));
      await q.run();
      expect(q.linksNeeded).toBe(asked);
      expect(await reasons(q)).toEqual([{ reason: 'link-needs-click', count: 3 }]);
      // The user plays a recording; the page fetches links now.
      await q.engine.applyFreshLinks(new Map(['s0', 's1', 's2'].map((id) => [id, linkOf(id)])));
      await q.run();
      expect(await reasons(q)).toEqual([]);
      for (let i = 0; i < 3; i++) expect(q.fake.filesOf(`s${i}`)).toHaveLength(1);
    });

    /**
     * An open workbench page: whenever the queue asks, it answers about the next `ahead`
     * calls wanted, as `answer` says, until the queue stops asking. Returns the rounds.
     */
    async function servePage(
      q: Awaited<ReturnType<typeof queue>>,
      answer: (id: string) => string | 'no-link' | 'request-failed' | 'needs-click',
      maxRounds = 200,
    ) {
      let answered = 0;
      let rounds = 0;
      for (; q.linksNeeded > answered && rounds < maxRounds; rounds++) {
        answered = q.linksNeeded;
        const want = await q.engine.linksWanted();
        const links = new Map<string, string>();
        const unavailable = new Map<string, 'no-link' | 'request-failed' | 'needs-click'>();
        for (const id of want.wanted.slice(0, want.ahead)) {
          const a = answer(id);
          if (a === 'no-link' || a === 'request-failed' || a === 'needs-click') unavailable.set(id, a);
          else links.set(id, a);
        }
        await q.engine.applyFreshLinks(links, unavailable);
        await q.run();
      }
      return rounds;
    }

    it('goes on asking after a round whose calls all had no link, though nothing is downloading', async () => {
      const q = await queue({ concurrency: 1 });
      const { batch } = await q.engine.enqueue(onDemand(30));
      await q.settle();
      // The first 18 calls have no recording after all; the rest do.
      const rounds = await servePage(q, (id) => (Number(id.slice(1)) < 18 ? 'no-link' : linkOf(id)));
      const items = await itemsOfBatch(q.db, batch.id);
      expect(items.filter((i) => i.state === 'failed')).toHaveLength(18);
      expect(items.filter((i) => i.state === 'done')).toHaveLength(12);
      expect(q.finished).toEqual([batch.id]);
      expect(rounds).toBeLessThan(20);
    });

    it('asks again later, not at once, when asking for links failed, and fails them after as many attempts as a download', async () => {
      const q = await queue({ concurrency: 1 });
      const { batch } = await q.engine.enqueue(onDemand(6));
      await q.settle();
      let broken = true;
      await servePage(q, (id) => (broken ? 'request-failed' : linkOf(id)));
      // One round: the first `ahead` wait out a backoff, the rest are not asked about meanwhile.
      expect(await reasons(q)).toEqual([
        { reason: 'link-retrying', count: 4 },
        { reason: 'link-wanted', count: 2 },
      ]);
      expect((await q.engine.linksWanted()).wanted).toEqual(['s4', 's5']);
      // The page is logged in again; the backoff's alarm asks again, and all come.
      broken = false;
      const wake = Math.min(...(await itemsInState(q.db, 'queued')).map((i) => i.notBefore).filter((n) => n > 0));
      q.advance(wake);
      await q.engine.pump();
      await servePage(q, (id) => linkOf(id));
      for (let i = 0; i < 6; i++) expect(q.fake.filesOf(`s${i}`)).toHaveLength(1);
      expect(q.finished).toEqual([batch.id]);
    });

    it("does not fail a paused batch's expired calls because the page sends back the links it holds for them", async () => {
      const old = (id: string) => `${RECORDING_LINK}?old-${id}`;
      const q = await queue({ serve: (url) => (url.includes('?old') ? { fail: 'SERVER_FORBIDDEN' } : { ok: true }), concurrency: 1 });
      const { batch } = await q.engine.enqueue(['p0', 'p1'].map((id) => callRecord(id, { recordUrl: old(id) })));
      await q.run();
      await q.engine.setBatchState(batch.id, 'paused');
      expect((await q.engine.linksWanted()).welcome).toEqual(['p0', 'p1']);
      for (let round = 0; round < MAX_ATTEMPTS + 1; round++)
        await q.engine.applyFreshLinks(
          new Map([
            ['p0', old('p0')],
            ['p1', old('p1')],
          ]),
        );
      expect((await itemsOfBatch(q.db, batch.id)).map((i) => i.state)).toEqual(['queued', 'queued']);
    });

    it('does not ask again because the page signed anew the links of calls that were not waiting', async () => {
      const q = await queue({ concurrency: 1 });
      const paused = await q.engine.enqueue(onDemand(1).map((r) => ({ ...r, sessionId: 'p0' })));
      await q.engine.setBatchState(paused.batch.id, 'paused');
      q.advance(10);
      await q.engine.enqueue(onDemand(1).map((r) => ({ ...r, sessionId: 'x0' })));
      await q.settle();
      // The page cannot answer x0 (not in its query); p0 comes with a link signed anew on each read.
      await q.engine.applyFreshLinks(new Map([['p0', `${RECORDING_LINK}?p0&sign=0`]]));
      await q.settle();
      // (The harness's own pumps ask too, as the worker's events would: counted without them.)
      const asked = q.linksNeeded;
      await q.engine.applyFreshLinks(new Map([['p0', `${RECORDING_LINK}?p0&sign=1`]]));
      expect(q.linksNeeded).toBe(asked);
    });

    it("gives a paused older batch's calls only as welcome, so the running batch gets the links fetched", async () => {
      const q = await queue({ concurrency: 1 });
      const older = await q.engine.enqueue(onDemand(20));
      await q.engine.setBatchState(older.batch.id, 'paused');
      q.advance(10);
      await q.engine.enqueue(onDemand(3).map((r) => ({ ...r, sessionId: `t${r.sessionId}` })));
      await q.settle();
      const want = await q.engine.linksWanted();
      expect(want.wanted).toEqual(['ts0', 'ts1', 'ts2']);
      expect(want.welcome).toHaveLength(20);
    });

    it('fails a call the page gives no link for with its reason, and asks again on retry', async () => {
      const q = await queue();
      const { batch } = await q.engine.enqueue(onDemand(2));
      await q.settle();
      await q.engine.applyFreshLinks(new Map([['s0', linkOf('s0')]]), new Map([['s1', 'no-link' as const]]));
      await q.run();
      expect(q.finished).toEqual([batch.id]);
      expect((await itemsOfBatch(q.db, batch.id)).map((i) => [i.state, i.lastError])).toEqual([
        ['done', null],
        ['failed', 'NO_LINK_GIVEN'],
      ]);
      expect(await reasons(q)).toEqual([{ reason: 'NO_LINK_GIVEN', count: 1 }]);
      await q.engine.retryFailed(batch.id);
      expect((await q.engine.linksWanted()).wanted).toEqual(['s1']);
    });
  });

  it('starts again what the browser refused while shutting down, and fails what it refuses for good', async () => {
    let closing = true;
    const q = await queue({
      serve: (url) =>
        url.endsWith('s0') && closing
          ? { refuse: 'The browser is shutting down.' }
          : url.endsWith('s1')
            ? { refuse: 'Invalid filename' }
            : { ok: true },
    });
    const { batch } = await q.engine.enqueue(records(2));
    await q.settle();
    closing = false;
    await q.run();
    const items = await itemsOfBatch(q.db, batch.id);
    expect(items.map((i) => [i.sessionId, i.state])).toEqual([
      ['s0', 'done'],
      ['s1', 'failed'],
    ]);
    expect(items[1]!.lastError).toContain('Invalid filename');
    expect(q.fake.filesOf('s0')).toHaveLength(1);
  });

  it('skips calls without a recording, and calls downloaded before unless forced', async () => {
    // No {batch} in the names: the forced copy is asked for where the first one is.
    const q = await queue({ template: '{datetime}_{caller}_{callee}_{sessionId}' });
    await q.engine.enqueue([...records(2), callRecord('none', { recordUrl: null })]);
    await q.settle();
    await q.run();
    const again = await q.engine.enqueue(records(2));
    await q.settle();
    expect(again).toMatchObject({ queued: 0, skipped: 2 });
    expect((await itemsOfBatch(q.db, again.batch.id)).map((i) => i.skipReason)).toEqual(['duplicate', 'duplicate']);
    const forced = await q.engine.enqueue(records(1), true);
    await q.settle();
    await q.run();
    expect(forced.queued).toBe(1);
    // The browser made the second copy unique; the queue notes where it really went.
    const [item] = await itemsOfBatch(q.db, forced.batch.id);
    expect(item!.finalPath).toMatch(/ \(1\)\.mp3$/);
    expect(q.finished).toHaveLength(3);
  });

  it('names two batches started in the same second apart: their folders and manifests never meet', async () => {
    const q = await queue();
    const first = await q.engine.enqueue(records(1));
    const second = await q.engine.enqueue([callRecord('other')]);
    await q.settle();
    expect(second.batch.label).not.toBe(first.batch.label);
    const [a] = await itemsOfBatch(q.db, first.batch.id);
    const [b] = await itemsOfBatch(q.db, second.batch.id);
    expect(a!.filename.split('/')[1]).toBe(first.batch.label);
    expect(b!.filename.split('/')[1]).toBe(second.batch.label);
  });

  it('pauses, resumes and cancels: nothing starts while paused, and a canceled batch starts nothing again', async () => {
    const q = await queue({ concurrency: 2 });
    const { batch } = await q.engine.enqueue(records(6));
    await q.settle();
    await q.engine.setBatchState(batch.id, 'paused');
    expect(q.fake.inProgress()).toHaveLength(0);
    await q.run();
    expect(q.fake.disk.size).toBe(0);
    await q.engine.setBatchState(batch.id, 'running');
    await q.settle();
    q.fake.finishAll();
    await q.settle();
    await q.engine.setBatchState(batch.id, 'canceled');
    const before = q.fake.requested.length;
    await q.run();
    expect(q.fake.requested.length).toBe(before);
    expect(q.fake.disk.size).toBe(2);
    expect(q.finished).toEqual([]);
  });
});

describe('a batch at its edges: a pause as a file lands, controls after the end, calls canceled or in two batches', () => {
  it('a pause just as a download completes: it is done, not fetched again on resume', async () => {
    const q = await queue({ concurrency: 1 });
    const { batch } = await q.engine.enqueue(records(2));
    await q.settle();
    // The file lands, but its event has not reached the worker when the user pauses.
    q.fake.listener = null;
    q.fake.finishAll();
    await q.engine.setBatchState(batch.id, 'paused');
    q.fake.listener = (id, delta) => void q.engine.onDownloadChanged(id, delta);
    await q.engine.setBatchState(batch.id, 'running');
    await q.run();
    expect(q.fake.filesOf('s0')).toHaveLength(1);
    expect(q.fake.requested.filter((u) => u.endsWith('s0'))).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });

  it('a pause or resume clicked after the batch finished does not reopen it', async () => {
    const q = await queue();
    const { batch } = await q.engine.enqueue(records(2));
    await q.run();
    await q.engine.setBatchState(batch.id, 'paused');
    await q.engine.setBatchState(batch.id, 'running');
    await q.run();
    expect(q.finished).toEqual([batch.id]);
  });

  it('calls a canceled batch never downloaded can be selected again', async () => {
    const q = await queue({ concurrency: 1, serve: () => ({ hang: true }) });
    const { batch } = await q.engine.enqueue(records(3));
    await q.settle();
    await q.engine.setBatchState(batch.id, 'canceled');
    const again = await q.engine.enqueue(records(3));
    expect(again).toMatchObject({ queued: 3, skipped: 0 });
  });

  it('recovery never takes over another batch’s download of the same link', async () => {
    const q = await queue({ concurrency: 1, serve: () => ({ hang: true }) });
    await q.engine.enqueue(records(1));
    await q.settle();
    // The same call again, forced: a second download of the same link, owned by the new batch.
    const forced = await q.engine.enqueue(records(1), true);
    await q.settle();
    const [first] = await itemsInState(q.db, 'downloading');
    await q.engine.setBatchState(first!.batchId, 'paused');
    await q.settle();
    const [claim] = (await itemsInState(q.db, 'downloading')).filter((i) => i.batchId === forced.batch.id);
    // Its id never reached the store before the worker died.
    await putItems(q.db, [{ ...claim!, downloadId: null }]);
    q.die();
    await q.restart();
    const [found] = (await itemsInState(q.db, 'downloading')).filter((i) => i.batchId === forced.batch.id);
    expect(found!.downloadId).toBe(claim!.downloadId);
  });
});

describe('a pause while the browser is still starting downloads', () => {
  it('cancels what it started meanwhile: nothing lands, and resuming starts each once more', async () => {
    const q = await queue({ concurrency: 2 });
    const { batch } = await q.engine.enqueue(records(4));
    // Before the browser's answers are in.
    await q.engine.pump();
    await q.engine.setBatchState(batch.id, 'paused');
    await q.settle();
    expect(q.fake.inProgress()).toEqual([]);
    expect((await itemsOfBatch(q.db, batch.id)).every((i) => i.state === 'queued')).toBe(true);
    await q.engine.setBatchState(batch.id, 'running');
    await q.run();
    for (let i = 0; i < 4; i++) expect(q.fake.filesOf(`s${i}`)).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });
});

describe('a worker that dies', () => {
  it('right after acknowledging an enqueue: the new worker files the saved batch and downloads it all', async () => {
    // The dead worker's filing fails against its closed database, as it would never run at all.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const q = await queue();
    const { batch } = await q.engine.enqueue(records(5));
    q.die();
    await q.restart();
    await q.run();
    for (let i = 0; i < 5; i++) expect(q.fake.filesOf(`s${i}`)).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });

  it('between asking for a download and saving its id: the new worker finds the download and never starts a second', async () => {
    const q = await queue({ serve: () => ({ hang: true }), concurrency: 1 });
    await q.engine.enqueue(records(1));
    await q.settle();
    // The claim was written with the id; make it look as if the id never reached the store.
    const [claim] = await itemsInState(q.db, 'downloading');
    await putItems(q.db, [{ ...claim!, downloadId: null }]);
    q.die();
    await q.restart();
    expect(q.fake.requested).toHaveLength(1);
    const [found] = await itemsInState(q.db, 'downloading');
    expect(found!.downloadId).toBe(1);
  });

  it('while the browser waits for a server’s headers: the download it lists later is the item’s, never started twice', async () => {
    const q = await queue({ concurrency: 2 });
    q.fake.holdHeaders();
    const { batch } = await q.engine.enqueue(records(2));
    while (q.fake.requested.length < 2) await tick();
    // Both asked for, neither listed yet (Chrome lists a download once its headers are in).
    expect(await q.fake.search({})).toEqual([]);
    q.die();
    await q.restart();
    q.fake.releaseHeaders();
    await q.run();
    expect(q.fake.requested).toHaveLength(2);
    for (let i = 0; i < 2; i++) expect(q.fake.filesOf(`s${i}`), `s${i}`).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });

  it('paused while a dead worker’s download is not listed yet: that download does not land beside the one after resuming', async () => {
    const q = await queue({ concurrency: 2 });
    q.fake.holdHeaders();
    const { batch } = await q.engine.enqueue(records(2));
    while (q.fake.requested.length < 2) await tick();
    q.die();
    await q.restart();
    await q.engine.setBatchState(batch.id, 'paused');
    q.fake.releaseHeaders();
    await q.settle();
    await q.engine.setBatchState(batch.id, 'running');
    await q.run();
    for (let i = 0; i < 2; i++) expect(q.fake.filesOf(`s${i}`), `s${i}`).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });

  it('wakes at the end of a grace period even after waking earlier for a backoff', async () => {
    const q = await queue({ concurrency: 2 });
    q.fake.holdHeaders();
    await q.engine.enqueue([...records(1), callRecord('x0', { recordUrl: null, linkOnDemand: true })]);
    while (q.fake.requested.length < 1) await tick();
    await q.engine.applyFreshLinks(new Map(), new Map([['x0', 'request-failed' as const]]));
    const graceEnd = q.now + 60_000;
    q.die();
    q.fake.forget();
    await q.restart();
    // The alarm fires for x0's backoff; the claim still waits: the next alarm is at its grace end.
    q.advance(Math.min(...q.wakes.filter((w) => w > q.now)) - q.now);
    const before = q.wakes.length;
    await q.engine.pump();
    expect(q.wakes.slice(before)).toContain(graceEnd);
  });

  it('woken by an event that it handles before its recovery: the downloads it asks for meanwhile are its own, never taken for a dead worker’s', async () => {
    const q = await queue({ concurrency: 1 });
    const { batch } = await q.engine.enqueue(records(2));
    await q.settle();
    await q.engine.pump();
    q.die();
    q.fake.finishAll();
    // Chrome starts a worker for s0's end; that event is handled first and starts s1, whose
    // server is slow to answer, and only then does the worker's own recovery run.
    await q.restart(false, false);
    q.fake.holdHeaders();
    await q.engine.onDownloadChanged(1, { state: { current: 'complete' } });
    await q.engine.recover();
    // The download is listed as a pump looks for a dead worker's claims, before its answer comes.
    q.fake.releaseHeaders();
    const pumped = q.engine.pump();
    await q.run();
    await pumped;
    expect(q.fake.requested).toHaveLength(2);
    expect(q.fake.filesOf('s1')).toHaveLength(1);
    expect((await itemsOfBatch(q.db, batch.id)).map((i) => [i.state, i.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
  });

  it('after asking for a download that never comes: the claim is given up after a grace period and started again', async () => {
    const q = await queue({ concurrency: 1 });
    q.fake.holdHeaders();
    const { batch } = await q.engine.enqueue(records(1));
    while (q.fake.requested.length < 1) await tick();
    q.die();
    // The worker died and the request went nowhere: it is never listed.
    q.fake.forget();
    await q.restart();
    await q.run();
    expect(q.fake.requested).toHaveLength(2);
    expect(q.fake.filesOf('s0')).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });

  it('after a browser restart: a claim whose download was never listed is started again at once', async () => {
    const q = await queue({ concurrency: 1 });
    q.fake.holdHeaders();
    await q.engine.enqueue(records(1));
    while (q.fake.requested.length < 1) await tick();
    q.die();
    q.fake.forget();
    await q.restart(true);
    await q.settle();
    // No time has passed: it did not wait out the grace period.
    expect(q.fake.requested).toHaveLength(2);
  });

  it('after its last download was saved but before its batch was judged: the new worker finishes the batch once', async () => {
    const q = await queue();
    const { batch } = await q.engine.enqueue(records(2));
    await q.settle();
    await q.run();
    expect(q.finished).toEqual([batch.id]);
    // As if the worker had died right after saving the last item: the batch still says running.
    await putBatch(q.db, { ...(await allBatches(q.db))[0]!, state: 'running' });
    q.finished.length = 0;
    q.die();
    await q.restart();
    expect((await allBatches(q.db))[0]!.state).toBe('done');
    expect(q.finished).toEqual([batch.id]);
  });

  it('while downloads finish or fail: the new worker settles what it missed and goes on', async () => {
    const q = await queue({
      serve: (url) => (url.endsWith('s1') && !q.fake.requested.slice(0, -1).includes(url) ? { fail: 'NETWORK_FAILED' } : { ok: true }),
    });
    const { batch } = await q.engine.enqueue(records(5));
    await q.settle();
    q.die();
    q.fake.finishAll();
    await tick();
    expect((await itemsInState(q.db, 'downloading')).length).toBe(3);
    await q.restart();
    await q.run();
    for (let i = 0; i < 5; i++) expect(q.fake.filesOf(`s${i}`), `s${i}`).toHaveLength(1);
    expect(q.finished).toEqual([batch.id]);
  });

  it('at random moments, with random failures: every recording lands once, the limit holds, each batch finishes once', async () => {
    // What a dead worker had under way fails against its closed database, as it would never run at all.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const rand = mulberry32(2026);
    const q = await queue({
      concurrency: 4,
      serve: () => {
        const r = rand();
        return r < 0.1 ? { fail: 'NETWORK_FAILED' } : r < 0.15 ? { fail: 'SERVER_FAILED' } : { ok: true };
      },
    });
    const batches = [];
    for (let b = 0; b < 3; b++) batches.push((await q.engine.enqueue(records(20, `b${b}-`))).batch.id);
    await q.settle();
    for (let round = 0; round < 400; round++) {
      const r = rand();
      if (r < 0.15) {
        q.die();
        q.fake.finishAll();
        await tick();
        await q.restart();
      } else if (r < 0.5) q.fake.finishAll();
      else q.advance(5_000);
      await q.settle();
    }
    await q.run();
    for (let b = 0; b < 3; b++) {
      const items = await itemsOfBatch(q.db, batches[b]!);
      for (const item of items) {
        const files = q.fake.filesOf(item.sessionId);
        expect(files.length, item.sessionId).toBe(item.state === 'done' ? 1 : 0);
        expect(['done', 'failed']).toContain(item.state);
      }
    }
    expect(q.fake.maxInProgress).toBeLessThanOrEqual(4);
    expect(q.finished.sort()).toEqual([...batches].sort());
  });
});

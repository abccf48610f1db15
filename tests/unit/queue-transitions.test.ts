import { describe, expect, it } from 'vitest';
import {
  LOGIN_PAGE,
  MAX_ATTEMPTS,
  NOT_A_RECORDING,
  RENAMED_BY_EXTENSION,
  notARecording,
  SAVED_ELSEWHERE,
  alsoExpired,
  applyFreshLinks,
  backoffMs,
  classifyInterrupt,
  completed,
  deriveBatchState,
  interrupted,
  linksNotGiven,
  linksWanted,
  pickNext,
  planEnqueue,
  progressOf,
  reconcile,
  retryFailed,
  started,
  withFreshLink,
} from '../../utils/queue/transitions';
import type { Batch, QueueItem } from '../../utils/queue/types';
import { RECORDING_LINK as LINK, callRecord as rec } from '../fakes/records';
import type { CallRecord } from '../../utils/record/record';

function plan(records: CallRecord[], batchId = 'b1', known: string[] = [], force = false, now = 1000) {
  return planEnqueue(records, { batchId, label: 'L', now, known: new Set(known), force, nameFor: (r) => `TCCC录音/L/${r.sessionId}.mp3` });
}

describe('enqueueing a selection', () => {
  it('makes one queued item per call with a recording, in order', () => {
    const { batch, items } = plan([rec('a'), rec('b'), rec('a')]);
    expect(items.map((i) => [i.sessionId, i.state, i.order])).toEqual([
      ['a', 'queued', 0],
      ['b', 'queued', 1],
    ]);
    expect(batch).toMatchObject({ id: 'b1', state: 'running', total: 2 });
    expect(items[0]!.filename).toBe('TCCC录音/L/a.mp3');
  });

  it('skips calls without a recording, with unsafe links, and ones already downloaded unless forced', () => {
    const { items, batch } = plan(
      [rec('none', { recordUrl: null }), rec('evil', { recordUrl: 'https://evil.example/x.mp3' }), rec('old'), rec('new')],
      'b2',
      ['old'],
    );
    expect(items.map((i) => [i.sessionId, i.state, i.skipReason])).toEqual([
      ['none', 'skipped', 'no-recording'],
      ['evil', 'skipped', 'unsafe-url'],
      ['old', 'skipped', 'duplicate'],
      ['new', 'queued', null],
    ]);
    expect(batch.state).toBe('running');
    expect(plan([rec('old')], 'b3', ['old'], true).items[0]!.state).toBe('queued');
  });

  it('a batch with nothing to download is done at once', () => {
    expect(plan([rec('none', { recordUrl: null })]).batch.state).toBe('done');
  });
});

describe('the scheduler', () => {
  const batches: Batch[] = [
    { id: 'old', label: '', createdAt: 1, state: 'running', total: 3 },
    { id: 'new', label: '', createdAt: 2, state: 'running', total: 2 },
    { id: 'paused', label: '', createdAt: 0, state: 'paused', total: 1 },
  ];
  const items = [
    ...plan([rec('n1'), rec('n2')], 'new').items,
    ...plan([rec('o1'), rec('o2'), rec('o3')], 'old').items,
    ...plan([rec('p1')], 'paused').items,
  ];

  it('starts the oldest batch’s items first, up to the concurrency', () => {
    expect(pickNext(items, batches, 3, 0).map((i) => i.sessionId)).toEqual(['o1', 'o2', 'o3']);
    expect(pickNext(items, batches, 4, 0).map((i) => i.sessionId)).toEqual(['o1', 'o2', 'o3', 'n1']);
  });

  it('counts downloads under way against the limit, and leaves paused batches, backoffs and expired links waiting', () => {
    const busy = items.map((i) =>
      i.sessionId === 'o1'
        ? started(i, 7)
        : i.sessionId === 'o2'
          ? { ...i, notBefore: 500 }
          : i.sessionId === 'o3'
            ? { ...i, needsLink: true }
            : i,
    );
    expect(pickNext(busy, batches, 2, 0).map((i) => i.sessionId)).toEqual(['n1']);
    expect(pickNext(busy, batches, 3, 600).map((i) => i.sessionId)).toEqual(['o2', 'n1']);
  });
});

describe('an item’s life', () => {
  const item = plan([rec('a')]).items[0]!;

  it('retries network and server errors with growing backoff, then fails', () => {
    let current: QueueItem = started(item, 1);
    for (let n = 1; n < MAX_ATTEMPTS; n++) {
      current = interrupted(current, 'NETWORK_FAILED', 10_000);
      expect(current).toMatchObject({ state: 'queued', downloadId: null, lastError: 'NETWORK_FAILED', notBefore: 10_000 + backoffMs(n) });
      current = started(current, n + 1);
    }
    expect(interrupted(current, 'SERVER_FAILED', 0).state).toBe('failed');
    expect(backoffMs(1)).toBeLessThan(backoffMs(3));
    expect(backoffMs(50)).toBe(60_000);
  });

  it('waits for a fresh link when the link expired, instead of failing', () => {
    const waiting = interrupted(started(item, 1), 'SERVER_FORBIDDEN', 0);
    expect(waiting).toMatchObject({ state: 'queued', needsLink: true });
    const fresh = withFreshLink(waiting, `${LINK}?new`, 5000);
    expect(fresh).toMatchObject({ needsLink: false, linkAt: 5000, record: { recordUrl: `${LINK}?new` } });
  });

  it('gives up on a link that keeps expiring', () => {
    let current = item;
    for (let n = 1; n < MAX_ATTEMPTS; n++) current = interrupted(started(current, n), 'SERVER_FORBIDDEN', 0);
    expect(current).toMatchObject({ state: 'queued', needsLink: true });
    expect(interrupted(started(current, 99), 'SERVER_FORBIDDEN', 0)).toMatchObject({ state: 'failed', lastError: 'SERVER_FORBIDDEN' });
  });
  it('fails on file errors and on a cancel in the browser’s own list', () => {
    expect(interrupted(started(item, 1), 'FILE_ACCESS_DENIED', 0).state).toBe('failed');
    expect(interrupted(started(item, 1), 'USER_CANCELED', 0).state).toBe('failed');
    expect(classifyInterrupt('HTTP_503')).toBe('retry');
    expect(classifyInterrupt('HTTP_410')).toBe('expired');
    expect(classifyInterrupt('FILE_TRANSIENT_ERROR')).toBe('retry');
    expect(classifyInterrupt('FILE_NO_SPACE')).toBe('disk-full');
    expect(classifyInterrupt('FILE_TOO_LARGE')).toBe('disk-full');
  });

  it('does not spend an attempt on a full disk: the item waits for the user to make room', () => {
    expect(interrupted(started(item, 1), 'FILE_NO_SPACE', 5)).toMatchObject({
      state: 'queued',
      attempts: 0,
      lastError: 'FILE_NO_SPACE',
      notBefore: 0,
    });
  });

  it('takes a link the server has no file for (404, reported as SERVER_BAD_CONTENT) for an expired one once, then fails it with that reason', () => {
    const once = interrupted(started(item, 1), 'SERVER_BAD_CONTENT', 5);
    expect(once).toMatchObject({ state: 'queued', needsLink: true, lastError: 'SERVER_BAD_CONTENT' });
    expect(interrupted(started(once, 2), 'SERVER_BAD_CONTENT', 6)).toMatchObject({ state: 'failed', lastError: 'SERVER_BAD_CONTENT' });
  });

  it('is done when the browser says complete, with the path it really used', () => {
    expect(completed(started(item, 1), '/dl/TCCC录音/L/a.mp3', 1234)).toMatchObject({
      state: 'done',
      finalPath: '/dl/TCCC录音/L/a.mp3',
      bytes: 1234,
    });
  });
});

describe('what a recording is', () => {
  it('is audio of a plausible size; a page (a login), an error body, or a few bytes is not', () => {
    expect(notARecording('audio/mpeg', 48_000)).toBeNull();
    expect(notARecording('', 48_000)).toBeNull();
    expect(notARecording('application/octet-stream', 48_000)).toBeNull();
    expect(notARecording('audio/wav', 48_000)).toBeNull();
    expect(notARecording('text/html', 48_000)).toBe(LOGIN_PAGE);
    expect(notARecording('application/xhtml+xml', 3_000)).toBe(LOGIN_PAGE);
    expect(notARecording('application/json', 48_000)).toBe(NOT_A_RECORDING);
    expect(notARecording('text/plain', 300)).toBe(NOT_A_RECORDING);
    expect(notARecording('application/xml', 300)).toBe(NOT_A_RECORDING);
    expect(notARecording('audio/mpeg', 200)).toBe(NOT_A_RECORDING);
    // Size unknown to the browser: nothing to judge by.
    expect(notARecording(undefined, 0)).toBeNull();
  });
});

describe('after a restart', () => {
  const going = started(plan([rec('a')]).items[0]!, 9);

  it('a finished download is done, one still going keeps going, a lost one is queued again, an interrupted one follows the rules', () => {
    expect(reconcile(going, { state: 'complete', path: `/d/${going.filename}`, bytes: 48_000 }, 0).state).toBe('done');
    expect(reconcile(going, { state: 'in_progress' }, 0)).toBe(going);
    expect(reconcile(going, undefined, 0)).toMatchObject({ state: 'queued', downloadId: null });
    expect(reconcile(going, { state: 'interrupted', error: 'NETWORK_FAILED' }, 0).state).toBe('queued');
    expect(reconcile(going, { state: 'interrupted', error: 'USER_SHUTDOWN' }, 0).state).toBe('queued');
  });

  it('a download finished elsewhere than asked is fetched again, counted; one another extension named fails with that reason', () => {
    expect(reconcile(going, { state: 'complete', path: '/d/rk1.mp3', bytes: 48_000 }, 0)).toMatchObject({
      state: 'queued',
      lastError: SAVED_ELSEWHERE,
      downloadId: null,
    });
    expect(reconcile({ ...going, attempts: MAX_ATTEMPTS }, { state: 'complete', path: '/d/rk1.mp3', bytes: 48_000 }, 0)).toMatchObject({
      state: 'failed',
      lastError: SAVED_ELSEWHERE,
    });
    const renamed = { ...going, lastError: RENAMED_BY_EXTENSION };
    expect(reconcile(renamed, { state: 'complete', path: '/d/other/x.mp3', bytes: 48_000 }, 0)).toMatchObject({
      state: 'failed',
      lastError: RENAMED_BY_EXTENSION,
      finalPath: '/d/other/x.mp3',
    });
  });

  it('a finished file that is a web page or an error, not audio, is not done', () => {
    const path = `/d/${going.filename}`;
    expect(reconcile(going, { state: 'complete', path, bytes: 4_000, mime: 'text/html' }, 0)).toMatchObject({
      state: 'queued',
      needsLink: true,
      lastError: LOGIN_PAGE,
    });
    expect(reconcile(going, { state: 'complete', path, bytes: 90, mime: 'application/json' }, 0)).toMatchObject({
      state: 'queued',
      needsLink: false,
      lastError: NOT_A_RECORDING,
    });
    expect(reconcile(going, { state: 'complete', path, bytes: 48_000, mime: 'audio/mpeg' }, 0).state).toBe('done');
  });

  it('leaves items that were not downloading alone', () => {
    const queued = plan([rec('b')]).items[0]!;
    expect(reconcile(queued, undefined, 0)).toBe(queued);
  });
});

describe('a batch', () => {
  const batch: Batch = { id: 'b1', label: '', createdAt: 0, state: 'running', total: 3 };
  const [a, b, c] = plan([rec('a'), rec('b'), rec('c', { recordUrl: null })]).items as [QueueItem, QueueItem, QueueItem];

  it('runs while anything is left, then is done, or failed if something failed', () => {
    expect(deriveBatchState(batch, [a, b, c])).toBe('running');
    const doneA = completed(started(a, 1), '/a', 1);
    expect(deriveBatchState(batch, [doneA, completed(started(b, 2), '/b', 2), c])).toBe('done');
    const failedB = interrupted(started(b, 2), 'FILE_FAILED', 0);
    expect(deriveBatchState(batch, [doneA, failedB, c])).toBe('failed');
    expect(deriveBatchState({ ...batch, state: 'paused' }, [a])).toBe('paused');
    expect(retryFailed([doneA, failedB, c]).map((i) => i.state)).toEqual(['done', 'queued', 'skipped']);
    expect(progressOf([doneA, failedB, c])).toEqual({ total: 3, done: 1, failed: 1, skipped: 1, bytes: 1 });
  });
});

describe('fresh links for expired ones', () => {
  const { batch, items } = plan([rec('a'), rec('b'), rec('c'), rec('d')], 'b1', [], false, 1000);
  const [a, b, c, d] = items as [QueueItem, QueueItem, QueueItem, QueueItem];
  const expired = interrupted(started(a, 1), 'SERVER_FORBIDDEN', 2000);

  it('marks the queued links read no later than an expired one as expired too, without spending their attempts', () => {
    const newer = withFreshLink(d, `${LINK}?d2`, 1500);
    const marked = alsoExpired(expired, [b, started(c, 2), newer]);
    expect(marked.map((i) => [i.sessionId, i.needsLink, i.attempts])).toEqual([['b', true, 0]]);
  });

  it('marks every queued call when the login expired (a sign-in page came): they wait for the user to sign in, and say so', () => {
    const newer = withFreshLink(d, `${LINK}?d2`, 1500);
    const login = interrupted(started(a, 1), LOGIN_PAGE, 2000);
    const marked = alsoExpired(login, [b, started(c, 2), newer]);
    expect(marked.map((i) => [i.sessionId, i.needsLink, i.lastError, i.attempts])).toEqual([
      ['b', true, LOGIN_PAGE, 0],
      ['d', true, LOGIN_PAGE, 0],
    ]);
  });

  it('asks for the expired calls of running batches, and welcomes links for the rest still queued', () => {
    const paused = { ...batch, id: 'b2', state: 'paused' as const };
    const other = { ...b, id: 'b2:x', sessionId: 'x', batchId: 'b2', needsLink: true };
    const done = completed(started(c, 3), '/x', 1);
    expect(linksWanted([expired, b, done, other], [batch, paused], 0)).toEqual({ wanted: ['a'], welcome: ['b', 'x'] });
    expect(linksWanted([expired], [{ ...batch, state: 'canceled' }], 0)).toEqual({ wanted: [], welcome: [] });
  });

  it('does not ask yet for a link whose last asking failed, until its backoff is over', () => {
    const retrying = { ...expired, notBefore: 5000 };
    expect(linksWanted([retrying, b], [batch], 4999)).toEqual({ wanted: [], welcome: ['a', 'b'] });
    expect(linksWanted([retrying, b], [batch], 5000)).toEqual({ wanted: ['a'], welcome: ['b'] });
  });

  it('takes only safe, changed links for queued items, and lets the expired start at once', () => {
    const links = new Map([
      ['a', `${LINK}?fresh`],
      ['b', LINK],
      ['c', 'https://evil.example/x.mp3'],
    ]);
    const stale = new Map([...links, ['d', LINK]]);
    const updated = applyFreshLinks([expired, b, { ...c, needsLink: true }, { ...d, needsLink: true }], stale, 9000);
    expect(updated.map((i) => [i.sessionId, i.needsLink, i.record.recordUrl, i.linkAt])).toEqual([['a', false, `${LINK}?fresh`, 9000]]);
  });
});

describe('calls the page gave no link for', () => {
  const { items } = plan([rec('a', { recordUrl: null, linkOnDemand: true }), rec('b'), rec('c', { recordUrl: null, linkOnDemand: true })]);
  const [a, b, c] = items as [QueueItem, QueueItem, QueueItem];
  const expiredB = interrupted(started(b, 1), 'SERVER_FORBIDDEN', 2000);
  const running = new Set(['b1']);
  const failed = (id: string) => new Map([[id, 'request-failed' as const]]);

  it('wait for a click without spending attempts, and fail when the page says there is no link', () => {
    const out = linksNotGiven(
      [a, c],
      new Map(),
      new Map([
        ['a', 'needs-click' as const],
        ['c', 'no-link' as const],
      ]),
      running,
      0,
    );
    expect(out.map((i) => [i.sessionId, i.state, i.lastError, i.attempts])).toEqual([
      ['a', 'queued', 'LINK_NEEDS_CLICK', 0],
      ['c', 'failed', 'NO_LINK_GIVEN', 0],
    ]);
    // Told again, nothing changes: no write.
    expect(linksNotGiven([out[0]!], new Map(), new Map([['a', 'needs-click' as const]]), running, 0)).toEqual([]);
  });

  it('are asked again after a backoff when the asking failed, and fail after as many attempts as a download', () => {
    let item = a;
    for (let n = 1; n < MAX_ATTEMPTS; n++) {
      const now = Math.max(10_000, item.notBefore);
      item = linksNotGiven([item], new Map(), failed('a'), running, now)[0]!;
      expect(item).toMatchObject({
        state: 'queued',
        needsLink: true,
        attempts: n,
        lastError: 'LINK_REQUEST_FAILED',
        notBefore: now + backoffMs(n),
      });
    }
    expect(linksNotGiven([item], new Map(), failed('a'), running, item.notBefore)[0]).toMatchObject({
      state: 'failed',
      lastError: 'LINK_REQUEST_FAILED',
    });
  });

  it('an expired link given again counts as an attempt, so the item does not wait on it forever', () => {
    const again = linksNotGiven([expiredB], new Map([['b', LINK]]), new Map(), running, 3000);
    expect(again.map((i) => [i.state, i.needsLink, i.attempts, i.lastError])).toEqual([['queued', true, 2, 'LINK_STALE']]);
    expect(applyFreshLinks([again[0]!], new Map([['b', LINK]]), 3000)).toEqual([]);
    // A fresh link after a failed asking starts at once.
    expect(applyFreshLinks([again[0]!], new Map([['b', `${LINK}?new`]]), 3000)[0]).toMatchObject({
      needsLink: false,
      notBefore: 0,
      lastError: null,
    });
  });

  it('charge nothing to a call that was not asked about: one of a paused batch, or one waiting out a backoff', () => {
    // The page sends back whatever link it holds for calls that were only welcome.
    expect(linksNotGiven([expiredB], new Map([['b', LINK]]), new Map(), new Set(), 3000)).toEqual([]);
    const backingOff = { ...expiredB, notBefore: 5000 };
    expect(linksNotGiven([backingOff], new Map([['b', LINK]]), failed('b'), running, 3000)).toEqual([]);
    expect(linksNotGiven([backingOff], new Map(), failed('b'), running, 5000)).toHaveLength(1);
  });
});

describe('a browser that closed under its downloads', () => {
  it('canceled them: found on recovery, they start again; canceled by hand while running, they fail', () => {
    const going = started(plan([rec('a')]).items[0]!, 9);
    expect(reconcile(going, { state: 'interrupted', error: 'USER_CANCELED' }, 0, true)).toMatchObject({
      state: 'queued',
      lastError: 'USER_SHUTDOWN',
    });
    expect(reconcile(going, { state: 'interrupted', error: 'USER_CANCELED' }, 0).state).toBe('failed');
    // Canceled before it ever had a path: a save dialog closed, not the user's hand in the list.
    expect(reconcile(going, { state: 'interrupted', error: 'USER_CANCELED', path: '' }, 0)).toMatchObject({
      state: 'queued',
      lastError: 'ASKED_WHERE_TO_SAVE',
      attempts: going.attempts - 1,
    });
    expect(reconcile(going, { state: 'interrupted', error: 'USER_CANCELED', path: '/d/x.mp3' }, 0).state).toBe('failed');
  });
});

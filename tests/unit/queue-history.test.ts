import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createQueueEngine } from '../../utils/queue/engine';
import {
  allBatches,
  countInStates,
  deleteBatches,
  itemsInState,
  itemsOfBatch,
  openQueueDb,
  saveNewBatch,
  spreadPending,
} from '../../utils/queue/store';
import { batchesToForget, KEEP_FINISHED_BATCHES, KEEP_FINISHED_DAYS } from '../../utils/queue/retention';
import { planEnqueue } from '../../utils/queue/transitions';
import type { Batch } from '../../utils/queue/types';
import { FakeDownloads } from '../fakes/downloads';
import { RECORDING_LINK, callRecord } from '../fakes/records';
import { asWireCalls, pendingBatch, pendingItems } from '../../utils/queue/pending';
import type { EnqueuePlan } from '../../utils/queue/transitions';
/** A new batch saved as the engine saves it, its calls in wire text. */
const save = (db: Awaited<ReturnType<typeof openQueueDb>>, plan: EnqueuePlan) =>
  saveNewBatch(
    db,
    plan.batch,
    pendingBatch(plan, asWireCalls(plan.items.map((i) => i.record)), false, {
      template: '{sessionId}',
      root: 'TCCC录音',
      maskPhones: false,
      batchLabel: plan.batch.label,
    }),
  );

const DAY = 86_400_000;
let dbCount = 0;
const records = (n: number, prefix = 's') =>
  Array.from({ length: n }, (_, i) => callRecord(`${prefix}${i}`, { recordUrl: `${RECORDING_LINK}?${prefix}${i}` }));
const batch = (id: string, state: Batch['state'], createdAt: number): Batch => ({ id, label: id, state, createdAt, total: 1 });
const tick = () => new Promise((r) => setTimeout(r, 0));

async function engineWithClock(serve?: ConstructorParameters<typeof FakeDownloads>[1]) {
  const clock = { now: 100 * DAY };
  const db = await openQueueDb(`history-${dbCount++}`);
  const fake = new FakeDownloads(() => clock.now, serve);
  const engine = createQueueEngine({
    db,
    downloads: fake.forWorker(),
    now: () => clock.now,
    concurrency: async () => 2,
    naming: async () => ({ template: '', root: 'TCCC录音', maskPhones: false }),
    wakeAt: () => {},
    onBatchFinished: async () => null,
    onLinksNeeded: () => {},
  });
  fake.listener = (id) => void engine.onDownloadChanged(id);
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await tick();
      await engine.pump();
    }
  };
  return { clock, db, fake, engine, settle };
}

describe('how long finished batches are kept', () => {
  it(`forgets finished batches after ${KEEP_FINISHED_DAYS} days, and all but the newest ${KEEP_FINISHED_BATCHES}; running and paused ones never`, () => {
    const now = 1000 * DAY;
    const old = [
      batch('old-done', 'done', now - 31 * DAY),
      batch('old-running', 'running', now - 90 * DAY),
      batch('old-paused', 'paused', now - 90 * DAY),
    ];
    expect(batchesToForget([...old, batch('new', 'failed', now - DAY)], now)).toEqual(['old-done']);
    const many = Array.from({ length: 53 }, (_, i) => batch(`b${i}`, i % 2 ? 'done' : 'canceled', now - i * 1000));
    expect(batchesToForget(many, now)).toEqual(['b50', 'b51', 'b52']);
  });

  it('deletes a batch with every one of its items, and nothing of another batch', async () => {
    const db = await openQueueDb(`history-${dbCount++}`);
    for (const id of ['a', 'ab']) {
      const plan = planEnqueue(records(3, id), {
        batchId: id,
        label: id,
        now: 1,
        known: new Set(),
        force: false,
        nameFor: (r) => `${r.sessionId}.mp3`,
      });
      await save(db, plan);
    }
    await spreadPending(db, pendingItems);
    await deleteBatches(db, ['a']);
    expect((await allBatches(db)).map((b) => b.id)).toEqual(['ab']);
    expect(await itemsOfBatch(db, 'a')).toEqual([]);
    expect(await itemsOfBatch(db, 'ab')).toHaveLength(3);
  });

  it('clearing the history forgets every finished batch and keeps those still going', async () => {
    const q = await engineWithClock();
    const first = await q.engine.enqueue(records(2, 'a'));
    await q.settle();
    q.fake.finishAll();
    await q.settle();
    const going = await q.engine.enqueue(records(2, 'b'));
    await q.engine.setBatchState(going.batch.id, 'paused');
    expect((await allBatches(q.db)).find((b) => b.id === first.batch.id)?.state).toBe('done');
    expect(await q.engine.forgetFinished(true)).toBe(1);
    expect((await q.engine.overview(new Map())).map((v) => v.id)).toEqual([going.batch.id]);
    expect(await itemsOfBatch(q.db, first.batch.id)).toEqual([]);
  });

  it('keeps the rules by itself: a batch finished long ago is forgotten at the next pass', async () => {
    const q = await engineWithClock();
    const { batch: old } = await q.engine.enqueue(records(1));
    await q.settle();
    q.fake.finishAll();
    await q.settle();
    expect(await q.engine.forgetFinished()).toBe(0);
    q.clock.now += (KEEP_FINISHED_DAYS + 1) * DAY;
    expect(await q.engine.forgetFinished()).toBe(1);
    expect((await allBatches(q.db)).map((b) => b.id)).not.toContain(old.id);
  });
});

describe('a canceled batch', () => {
  it('keeps none of its items queued: they are skipped as canceled, and what was done stays done', async () => {
    const q = await engineWithClock();
    const { batch: b } = await q.engine.enqueue(records(6));
    await q.settle();
    q.fake.finishAll();
    await q.settle();
    await q.engine.setBatchState(b.id, 'canceled');
    const counts = await countInStates(q.db, b.id, ['queued', 'downloading', 'done', 'skipped']);
    expect(counts).toMatchObject({ queued: 0, downloading: 0 });
    expect(counts.done + counts.skipped).toBe(6);
    expect(await itemsInState(q.db, 'queued')).toEqual([]);
    const [view] = await q.engine.overview(new Map());
    expect(view!.reasons).toContainEqual({ reason: 'canceled', count: counts.skipped });
  });
});

describe('calls downloaded before', () => {
  it('are named in the enqueue answer, so the page can offer to download them again', async () => {
    const q = await engineWithClock();
    await q.engine.enqueue(records(2));
    await q.settle();
    const again = await q.engine.enqueue(records(3));
    expect(again.downloadedBefore).toEqual(['s0', 's1']);
    expect(again.queued).toBe(1);
    const forced = await q.engine.enqueue(records(2), true);
    expect(forced).toMatchObject({ queued: 2, downloadedBefore: [] });
  });
});

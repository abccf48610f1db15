import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  allBatches,
  itemsInState,
  itemsOfBatch,
  knownSessionIds,
  openQueueDb,
  putBatch,
  putItems,
  saveNewBatch,
  spreadPending,
} from '../../utils/queue/store';
import { completed, planEnqueue, started } from '../../utils/queue/transitions';
import type { CallRecord } from '../../utils/record/record';
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

function rec(id: string, recordUrl: string | null = 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/a.mp3'): CallRecord {
  return {
    sessionId: id,
    startTime: 1,
    direction: 'in',
    seatDevice: null,
    caller: '',
    callee: '',
    remark: '',
    status: { code: 1, key: 'ok', label: '正常结束', connected: true },
    duration: 3,
    agentName: '',
    staffNo: '',
    skillGroup: '',
    satisfaction: null,
    hangup: null,
    recordUrl,
    customRecordUrl: null,
    linkOnDemand: false,
    source: 'tap',
  };
}

let n = 0;
const freshDb = () => openQueueDb(`test-${n++}`);
const plan = (batchId: string, ids: string[], now: number, known = new Set<string>()) =>
  planEnqueue(
    ids.map((id) => rec(id, id.startsWith('x') ? null : undefined)),
    { batchId, label: batchId, now, known, force: false, nameFor: (r) => `${r.sessionId}.mp3` },
  );

describe('the queue store (IndexedDB)', () => {
  it('keeps a batch and its items together, in order, across a reopen, and files the items one by one once asked', async () => {
    const db = await freshDb();
    const { batch, items } = plan('b1', ['c', 'a', 'x1', 'b'], 10);
    await save(db, { batch, items });
    // The worker dies before filing them: they are all still there, and known, on the next start.
    db.close();
    const again = await openQueueDb(`test-${n - 1}`);
    expect((await allBatches(again)).map((b) => b.id)).toEqual(['b1']);
    expect([...(await knownSessionIds(again))].sort()).toEqual(['a', 'b', 'c']);
    expect(await itemsOfBatch(again, 'b1')).toEqual([]);
    expect(await spreadPending(again, pendingItems)).toEqual(['b1']);
    expect(await spreadPending(again, pendingItems)).toEqual([]);
    expect((await itemsOfBatch(again, 'b1')).map((i) => [i.sessionId, i.state])).toEqual([
      ['c', 'queued'],
      ['a', 'queued'],
      ['x1', 'skipped'],
      ['b', 'queued'],
    ]);
  });

  it('finds items by state and knows which calls are already taken care of', async () => {
    const db = await freshDb();
    const { batch, items } = plan('b1', ['a', 'b', 'c', 'x1'], 10);
    await save(db, { batch, items });
    await spreadPending(db, pendingItems);
    await putItems(db, [started(items[0]!, 1), completed(started(items[1]!, 2), '/b.mp3', 9)]);
    expect((await itemsInState(db, 'downloading')).map((i) => i.sessionId)).toEqual(['a']);
    expect([...(await knownSessionIds(db))].sort()).toEqual(['a', 'b', 'c']);

    const second = plan('b2', ['a', 'd'], 20, await knownSessionIds(db));
    await save(db, second);
    await spreadPending(db, pendingItems);
    expect((await itemsOfBatch(db, 'b2')).map((i) => [i.sessionId, i.state, i.skipReason])).toEqual([
      ['a', 'skipped', 'duplicate'],
      ['d', 'queued', null],
    ]);
    await putBatch(db, { ...second.batch, state: 'paused' });
    expect((await allBatches(db)).map((b) => [b.id, b.state])).toEqual([
      ['b1', 'running'],
      ['b2', 'paused'],
    ]);
  });
});

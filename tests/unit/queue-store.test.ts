import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { allBatches, itemsInState, itemsOfBatch, knownSessionIds, openQueueDb, putBatch, putItems, saveNewBatch, spreadPending } from '../../utils/queue/store';
import { completed, planEnqueue, started } from '../../utils/queue/transitions';
import { callRecord } from '../fakes/records';

let n = 0;
const freshDb = () => openQueueDb(`test-${n++}`);
const plan = (batchId: string, ids: string[], now: number, known = new Set<string>()) =>
  planEnqueue(ids.map((id) => callRecord(id, id.startsWith('x') ? { recordUrl: null } : {})), { batchId, label: batchId, now, known, force: false, nameFor: (r) => `${r.sessionId}.mp3` });

describe('the queue store (IndexedDB)', () => {
  it('keeps a batch and its items together, in order, across a reopen, and files the items one by one once asked', async () => {
    const db = await freshDb();
    const { batch, items } = plan('b1', ['c', 'a', 'x1', 'b'], 10);
    await saveNewBatch(db, batch, items);
    // The worker dies before filing them: they are all still there, and known, on the next start.
    db.close();
    const again = await openQueueDb(`test-${n - 1}`);
    expect((await allBatches(again)).map((b) => b.id)).toEqual(['b1']);
    expect([...(await knownSessionIds(again))].sort()).toEqual(['a', 'b', 'c']);
    expect(await itemsOfBatch(again, 'b1')).toEqual([]);
    expect(await spreadPending(again)).toEqual(['b1']);
    expect(await spreadPending(again)).toEqual([]);
    expect((await itemsOfBatch(again, 'b1')).map((i) => [i.sessionId, i.state])).toEqual([['c', 'queued'], ['a', 'queued'], ['x1', 'skipped'], ['b', 'queued']]);
  });

  it('finds items by state and knows which calls are already taken care of', async () => {
    const db = await freshDb();
    const { batch, items } = plan('b1', ['a', 'b', 'c', 'x1'], 10);
    await saveNewBatch(db, batch, items);
    await spreadPending(db);
    await putItems(db, [started(items[0]!, 1), completed(started(items[1]!, 2), '/b.mp3', 9)]);
    expect((await itemsInState(db, 'downloading')).map((i) => i.sessionId)).toEqual(['a']);
    expect([...(await knownSessionIds(db))].sort()).toEqual(['a', 'b', 'c']);

    const second = plan('b2', ['a', 'd'], 20, await knownSessionIds(db));
    await saveNewBatch(db, second.batch, second.items);
    await spreadPending(db);
    expect((await itemsOfBatch(db, 'b2')).map((i) => [i.sessionId, i.state, i.skipReason])).toEqual([['a', 'skipped', 'duplicate'], ['d', 'queued', null]]);
    await putBatch(db, { ...second.batch, state: 'paused' });
    expect((await allBatches(db)).map((b) => [b.id, b.state])).toEqual([['b1', 'running'], ['b2', 'paused']]);
  });
});

import { describe, expect, it } from 'vitest';
import { createUploads, enqueueParts, PART_RECORDS, sendEnqueue, type EnqueuePart } from '../../utils/extension/enqueue-upload';
import { recordsFromWire, recordsToWire } from '../../utils/record/record-wire';
import type { EnqueueReply } from '../../utils/extension/messages';
import type { CallRecord } from '../../utils/record/record';

function rec(id: string, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    sessionId: id,
    startTime: 1_700_000_000,
    direction: 'in',
    seatDevice: 'phone',
    caller: '0086138',
    callee: '0755',
    remark: '备注, "引号"',
    status: { code: 1, key: 'ok', label: '正常结束', connected: true },
    duration: 5,
    agentName: '王芳',
    staffNo: '007',
    skillGroup: 'g',
    satisfaction: null,
    hangup: 'user',
    recordUrl: 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/a.mp3',
    customRecordUrl: null,
    linkOnDemand: false,
    source: 'tap',
    ...extra,
  };
}

describe('records on the wire', () => {
  it('arrive as they left, field for field, with the app they were read on', () => {
    const records = [
      rec('a'),
      rec('b', {
        sdkAppId: '1400000001',
        startTime: null,
        direction: null,
        satisfaction: '满意',
        linkOnDemand: true,
        recordUrl: null,
        source: 'table',
      }),
    ];
    expect(recordsFromWire(recordsToWire(records))).toEqual({ records, rejected: 0 });
  });

  it('are written short: shared values once, a link as what differs from the one before, and still each its own', () => {
    const link = (id: string) => `https://tccc.qcloud.com/tcccadmin/getRecord/k${id}/token-${id}/000-${id}-1700000000.mp3`;
    const records = Array.from({ length: 100 }, (_, i) => rec(`4d46d426-0311-499a-ae0f-${String(i).padStart(12, '0')}`));
    for (const r of records) r.recordUrl = link(r.sessionId);
    const text = recordsToWire(records);
    expect(text.length).toBeLessThan(JSON.stringify(records).length / 3);
    expect(recordsFromWire(text).records).toEqual(records);
  });

  it('are checked as any record from a message: a row that is no record is counted and dropped, a link that is none is no link', () => {
    const good = JSON.parse(recordsToWire([rec('a', { recordUrl: 'https://evil.example/a.mp3' })])) as [string[], unknown[][]];
    const text = JSON.stringify([good[0], [...good[1], 'x', [], [7], [null, 1]]]);
    const { records, rejected } = recordsFromWire(text);
    expect(records.map((r) => [r.sessionId, r.recordUrl])).toEqual([['a', null]]);
    expect(rejected).toBe(4);
    for (const bad of ['{}', '[]', '[[], {}]', 'not json', 42, null]) expect(() => recordsFromWire(bad)).toThrow();
  });
});

describe('a selection sent in parts', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => rec(`s${i}`));
  const from = 'tab 1';

  it(`goes ${PART_RECORDS.toLocaleString('en')} records a part, and the batch is made only from the whole selection, in its order`, () => {
    const records = many(2 * PART_RECORDS + 1);
    const parts = [...enqueueParts(records, { pageUrl: 'https://tccc.qcloud.com/', force: false })];
    expect(parts.map((p) => [p.part, p.parts])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    const uploads = createUploads();
    // Parts may come in any order.
    expect(uploads.add(parts[2]!, from)).toBeNull();
    expect(uploads.add(parts[0]!, from)).toBeNull();
    const whole = uploads.add(parts[1]!, from)!;
    expect(whole.records.map((r) => r.sessionId)).toEqual(records.map((r) => r.sessionId));
    expect(whole.rejected).toBe(0);
  });

  it('refuses a part from another sender, a part given twice, or one that does not fit its upload', () => {
    const parts = [...enqueueParts(many(PART_RECORDS + 1), { pageUrl: '', force: false, upload: 'u' })];
    const uploads = createUploads();
    uploads.add(parts[0]!, from);
    expect(() => uploads.add(parts[1]!, 'tab 2')).toThrow();
    expect(() => uploads.add(parts[0]!, from)).toThrow();
    expect(() => uploads.add({ ...parts[1]!, parts: 3 }, from)).toThrow();
    expect(() => uploads.add({ ...parts[1]!, part: 2 }, from)).toThrow();
    expect(uploads.add(parts[1]!, from)).not.toBeNull();
  });

  it('forgets a selection whose page went away before sending all of it', () => {
    let now = 0;
    const uploads = createUploads(() => now);
    const [first, second] = enqueueParts(many(PART_RECORDS + 1), { pageUrl: '', force: false, upload: 'u' });
    uploads.add(first!, from);
    now += 10 * 60_000;
    uploads.add([...enqueueParts(many(1), { pageUrl: '', force: false, upload: 'v' })][0]!, from);
    // The first part is gone: its second alone makes no batch.
    expect(uploads.add(second!, from)).toBeNull();
  });

  it('is sent again, all of it, when parts were lost to a stopped worker; the page gets the batch made', async () => {
    const records = many(2 * PART_RECORDS);
    let uploads = createUploads();
    const made: EnqueueReply = { ok: true, batchId: 'b', accepted: records.length, rejected: 0, downloadedBefore: [] };
    let sent = 0;
    const send = async (part: EnqueuePart) => {
      // The worker stops after the first part: what it held goes with it.
      if (++sent === 2) {
        uploads = createUploads();
        throw new Error('The message port closed before a response was received.');
      }
      return uploads.add(part, from) ? made : { ok: true, part: part.part };
    };
    expect(await sendEnqueue(records, send, { pageUrl: '', force: false })).toEqual(made);
    expect(sent).toBe(4);
  });

  it('says why when the queue refuses it', async () => {
    const reply = await sendEnqueue(many(1), async () => ({ ok: false, error: 'no' }), { pageUrl: '', force: false });
    expect(reply).toEqual({ ok: false, error: 'no' });
  });
});

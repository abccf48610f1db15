import { describe, expect, it } from 'vitest';
import { batchManifests, manifestCsv } from '../../utils/queue/manifest';
import { completed, planEnqueue, started } from '../../utils/queue/transitions';
import type { Batch, QueueItem } from '../../utils/queue/types';
import { batchLabel } from '../../utils/naming/name-template';
import type { CallRecord } from '../../utils/record/record';
import { readCsv } from '../bench/csv';
import { callRecord } from '../fakes/records';

/** A call with every field the manifest shows filled in. */
const rec = (id: string, over: Partial<CallRecord> = {}): CallRecord =>
  callRecord(id, {
    startTime: null,
    caller: '13812345678',
    callee: '075500000',
    duration: 65,
    agentName: '张三',
    staffNo: '1001',
    skillGroup: '售后',
    satisfaction: '满意',
    recordUrl: 'https://tccc.qcloud.com/r/a.mp3',
    ...over,
  });

function plan(records: CallRecord[], nameFor: (r: CallRecord) => string, label = 'L'): { batch: Batch; items: QueueItem[] } {
  return planEnqueue(records, { batchId: `b-${label}`, label, now: 0, known: new Set(), force: false, nameFor });
}

describe('the batch manifest', () => {
  const { items } = plan(
    [rec('a', { remark: '客户说"再也不买了", 退款' }), rec('b', { recordUrl: null }), rec('c', { remark: '=HYPERLINK("x")' })],
    (r) => `TCCC录音/L/${r.sessionId}.mp3`,
  );
  const done = [completed(started(items[0]!, 1), '/home/u/Downloads/TCCC录音/L/a.mp3', 10), items[1]!, items[2]!];
  const csv = manifestCsv(done);
  const rows = readCsv(csv);

  it('starts with a BOM and a header, one row per call', () => {
    expect(csv.startsWith('\ufeff"会话ID"')).toBe(true);
    expect(rows).toHaveLength(4);
  });

  it('says for each call its file, its state and why it was skipped', () => {
    expect(rows[1]!.slice(-3)).toEqual(['a.mp3', '已下载', '']);
    expect(rows[2]!.slice(-3)).toEqual(['', '跳过', '无录音']);
    expect(rows[3]!.slice(-3)).toEqual(['', '等待中', '']);
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    expect(rows[1]).toContain('客户说"再也不买了", 退款');
    expect(rows[3]).toContain(`'=HYPERLINK("x")`);
  });

  it('keeps numbers and ids as text for Excel: leading zeros and every digit stay', () => {
    const { items: calls } = plan(
      [
        rec('1234567890123456789', { caller: '0086075500000', callee: '008613812345678', staffNo: '0012' }),
        rec('f3a9c2e1-7b4d-4e60-a5c1-0123456789ab', { caller: '+8613812345678', callee: '138****5678' }),
      ],
      (r) => `TCCC录音/L/${r.sessionId}.mp3`,
    );
    const [head, first, second] = readCsv(manifestCsv(calls));
    const col = (name: string) => head!.indexOf(name);
    // A leading tab makes Excel read the cell as text; it is no formula, and trimmed it is the value.
    expect(first![col('会话ID')]).toBe('\t1234567890123456789');
    expect(first![col('主叫号码')]).toBe('\t0086075500000');
    expect(first![col('被叫号码')]).toBe('\t008613812345678');
    expect(first![col('客服工号')]).toBe('\t0012');
    expect(second![col('主叫号码')]).toBe('\t+8613812345678');
    // Text Excel reads as text anyway stays as it is.
    expect(second![col('会话ID')]).toBe('f3a9c2e1-7b4d-4e60-a5c1-0123456789ab');
    expect(second![col('被叫号码')]).toBe('138****5678');
    // The duration is a number to sum, not an id.
    expect(first![col('通话时长(秒)')]).toBe('65');
  });
});

describe('where manifests go', () => {
  it('beside the recordings, as 清单.csv in a folder of the batch’s own', () => {
    const { batch, items } = plan([rec('a'), rec('b')], (r) => `TCCC录音/20261124-093005/${r.sessionId}.mp3`, '20261124-093005');
    expect(batchManifests(batch, items).map((m) => m.path)).toEqual(['TCCC录音/20261124-093005/清单.csv']);
    expect(batchManifests(batch, [])).toEqual([]);
  });

  it('two batches started in the same second never share a manifest', () => {
    const first = batchLabel(1764000000, []);
    const second = batchLabel(1764000000, [first]);
    expect(second).not.toBe(first);
    expect(batchLabel(1764000000, [first, second])).not.toBe(second);
    // With the batch in the folder name, their folders differ; in a shared folder their manifests' names do.
    const a = plan([rec('a')], (r) => `TCCC录音/${first}/${r.sessionId}.mp3`, first);
    const b = plan([rec('b')], (r) => `TCCC录音/${second}/${r.sessionId}.mp3`, second);
    const sharedA = plan([rec('a')], (r) => `TCCC录音/张三/${r.sessionId}.mp3`, first);
    const sharedB = plan([rec('b')], (r) => `TCCC录音/张三/${r.sessionId}.mp3`, second);
    const paths = [a, b, sharedA, sharedB].flatMap((p) => batchManifests(p.batch, p.items).map((m) => m.path));
    expect(new Set(paths).size).toBe(4);
    expect(paths[2]).toBe(`TCCC录音/张三/清单_${first}.csv`);
  });

  it('every folder of a batch gets the manifest of its own files', () => {
    const { batch, items } = plan(
      [rec('a', { agentName: '张三' }), rec('b', { agentName: '李四' }), rec('c', { agentName: '张三' })],
      (r) => `TCCC录音/L/${r.agentName}/${r.sessionId}.mp3`,
      'L',
    );
    const manifests = batchManifests(batch, items);
    // Folders under the batch's own folder are the batch's own too.
    expect(manifests.map((m) => m.path)).toEqual(['TCCC录音/L/张三/清单.csv', 'TCCC录音/L/李四/清单.csv']);
    expect(readCsv(manifests[0]!.csv).map((r) => r[0]!)).toEqual(['会话ID', 'a', 'c']);
    expect(readCsv(manifests[1]!.csv).map((r) => r[0]!)).toEqual(['会话ID', 'b']);
  });

  it('a batch spread over many folders gets one manifest where they meet, naming each file by its path from there', () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(`s${i}`, { startTime: 1764000000 + i * 86400 }));
    const { batch, items } = plan(records, (r) => `TCCC录音/${r.startTime}/${r.sessionId}.mp3`, 'L');
    const done = items.map((i) => completed(started(i, 1), `/d/${i.filename}`, 5));
    const manifests = batchManifests(batch, done);
    expect(manifests.map((m) => m.path)).toEqual(['TCCC录音/清单_L.csv']);
    const rows = readCsv(manifests[0]!.csv);
    expect(rows).toHaveLength(41);
    expect(rows[1]).toContain('1764000000/s0.mp3');
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_RECORDS_PER_RESPONSE, normalizeRecord, normalizeRecords, type DropReason } from '../../utils/page-json/normalize';
import { findRecordArrays, findRecordLinks } from '../../utils/page-json/record-shape';
import { RECORD_LIMITS, type CallRecord } from '../../utils/record/record';

/** A TelCdrInfo as the cloud API documents it (PascalCase). */
const PASCAL = {
  SessionId: '6e1c2f9a-0000-4000-8000-000000000001',
  RecordId: 'r1',
  StartTimestamp: 1709601330,
  Direction: 0,
  CallType: 2,
  Caller: '008613812345678',
  Callee: '0086075512345678',
  Remark: '回访 “VIP”',
  EndStatus: 1,
  EndStatusString: 'ok',
  Duration: 125,
  SeatUser: { Name: '张三', StaffNumber: '1001', Mail: 'a@b.c', UserId: 'u1' },
  SkillGroup: '售后',
  PostIVRKeyPressedEx: [{ Key: '1', Label: '满意', Timestamp: 1709601500 }],
  HungUpSide: 'user',
  RecordURL: 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/000-1709601330.mp3',
  CustomRecordURL: '',
  ServeParticipants: [{ Type: 'staffSeat', Mail: 'a@b.c', RecordURL: 'https://tccc.qcloud.com/x/leg1.mp3', Sequence: 0 }],
};

function ok(raw: unknown): CallRecord {
  const r = normalizeRecord(raw);
  if (!r.ok) throw new Error(`dropped: ${r.reason}`);
  return r.record;
}

function reason(raw: unknown): DropReason {
  const r = normalizeRecord(raw);
  if (r.ok) throw new Error('not dropped');
  return r.reason;
}

describe('normalizing a TelCdrInfo into a CallRecord', () => {
  it('reads the PascalCase record of the cloud API', () => {
    expect(ok(PASCAL)).toEqual<CallRecord>({
      sessionId: '6e1c2f9a-0000-4000-8000-000000000001',
      startTime: 1709601330,
      direction: 'in',
      seatDevice: 'computer',
      caller: '13812345678',
      callee: '075512345678',
      remark: '回访 “VIP”',
      status: { code: 1, key: 'ok', label: '正常结束', connected: true },
      duration: 125,
      agentName: '张三',
      staffNo: '1001',
      skillGroup: '售后',
      satisfaction: '满意',
      hangup: 'user',
      recordUrl: 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/000-1709601330.mp3',
      customRecordUrl: null,
      linkOnDemand: false,
      source: 'tap',
    });
  });

  it('reads the same record in camelCase, and in a mix of both', () => {
    const camel = {
      sessionId: PASCAL.SessionId,
      startTimestamp: 1709601330,
      direction: 0,
      caller: '008613812345678',
      callee: '0086075512345678',
      remark: '回访 “VIP”',
      endStatus: 1,
      endStatusString: 'ok',
      duration: 125,
      seatUser: { name: '张三', staffNumber: '1001' },
      skillGroup: '售后',
      postIVRKeyPressedEx: [{ key: '1', label: '满意' }],
      hungUpSide: 'user',
      recordURL: PASCAL.RecordURL,
      serveParticipants: [{ type: 'staffSeat' }],
    };
    expect(ok(camel)).toEqual(ok(PASCAL));
    const mixed = {
      ...camel,
      sessionId: undefined,
      session_id: PASCAL.SessionId,
      SeatUser: { Name: '张三', staffNumber: '1001' },
      RecordUrl: PASCAL.RecordURL,
    };
    expect(ok(mixed)).toEqual(ok(PASCAL));
  });

  it('takes numbers given as strings, and start times in milliseconds or as Time', () => {
    const r = ok({ SessionId: 's', StartTimestamp: '1709601330', Direction: '1', EndStatus: '202', Duration: '12' });
    expect(r).toMatchObject({
      startTime: 1709601330,
      direction: 'out',
      status: { code: 202, key: 'notAnswer', label: '未接听' },
      duration: 12,
    });
    expect(ok({ SessionId: 's', StartTimestamp: 1709601330123 }).startTime).toBe(1709601330);
    expect(ok({ SessionId: 's', StartTimestamp: '1709601330123' }).startTime).toBe(1709601330);
    expect(ok({ SessionId: 's', Time: 1709601330 }).startTime).toBe(1709601330);
    expect(ok({ SessionId: 's', StartTimestamp: 0 }).startTime).toBeNull();
    expect(ok({ SessionId: 's', StartTimestamp: 'soon' }).startTime).toBeNull();
    expect(ok({ SessionId: 12345 }).sessionId).toBe('12345');
  });

  it('fills what is missing or null with empty values', () => {
    expect(ok({ SessionId: 's', Caller: null, SeatUser: null, Duration: null, EndStatus: null, RecordURL: null })).toEqual<CallRecord>({
      sessionId: 's',
      startTime: null,
      direction: null,
      seatDevice: null,
      caller: '',
      callee: '',
      remark: '',
      status: { code: null, key: '', label: '', connected: false },
      duration: 0,
      agentName: '',
      staffNo: '',
      skillGroup: '',
      satisfaction: null,
      hangup: null,
      recordUrl: null,
      customRecordUrl: null,
      linkOnDemand: false,
      source: 'tap',
    });
  });

  it('derives the direction from CallType when Direction is missing', () => {
    expect([1, 5, 2, 3, 6, '1'].map((CallType) => ok({ SessionId: 's', CallType }).direction)).toEqual([
      'out',
      'out',
      'in',
      'in',
      null,
      'out',
    ]);
    // Direction wins over CallType.
    expect(ok({ SessionId: 's', Direction: 0, CallType: 1 }).direction).toBe('in');
  });

  it('keeps an unknown EndStatus displayable by its string, or its number', () => {
    expect(ok({ SessionId: 's', EndStatus: 100, EndStatusString: 'blackList' }).status).toEqual({
      code: 100,
      key: 'blackList',
      label: 'blackList',
      connected: false,
    });
    expect(ok({ SessionId: 's', EndStatus: 999 }).status).toEqual({ code: 999, key: '', label: '999', connected: false });
    expect(ok({ SessionId: 's', EndStatus: 225, Duration: 30 }).status.connected).toBe(true);
  });

  it('recognises 外线转接 (outboundForward), which has no code, as connected', () => {
    const want = { code: null, key: 'outboundForward', label: '外线转接', connected: true };
    expect(ok({ SessionId: 's', EndStatusString: 'outboundForward' }).status).toEqual(want);
    expect(ok({ SessionId: 's', EndStatus: 'outboundForward' }).status).toEqual(want);
    // A known string without a code is looked up.
    expect(ok({ SessionId: 's', EndStatusString: 'seatForward' }).status).toEqual({
      code: 101,
      key: 'seatForward',
      label: '坐席转接',
      connected: true,
    });
  });

  it('counts a call as connected when it was talked (Duration > 0) or ended as ok / seatForward / outboundForward', () => {
    expect(ok({ SessionId: 's', EndStatus: 1, Duration: 0 }).status.connected).toBe(true);
    expect(ok({ SessionId: 's', EndStatus: 101, Duration: 0 }).status.connected).toBe(true);
    expect(ok({ SessionId: 's', EndStatus: 2, Duration: 0 }).status.connected).toBe(false);
    expect(ok({ SessionId: 's', EndStatus: 104, Duration: 7 }).status.connected).toBe(true);
  });

  it('shows protected numbers when the plain ones are empty, and drops the +86/0086 prefix', () => {
    const r = ok({ SessionId: 's', Caller: '', ProtectedCaller: '0086138****5678', Callee: null, ProtectedCallee: '0755****0000' });
    expect(r).toMatchObject({ caller: '138****5678', callee: '0755****0000' });
    expect(ok({ SessionId: 's', Caller: '+8613812345678', Callee: '10086' })).toMatchObject({ caller: '13812345678', callee: '10086' });
    expect(ok({ SessionId: 's', Caller: 13812345678 }).caller).toBe('13812345678');
  });

  describe('satisfaction', () => {
    const sat = (extra: object) => ok({ SessionId: 's', ...extra }).satisfaction;
    it('is the label of the last key pressed, whatever the admin named it', () => {
      expect(
        sat({
          PostIVRKeyPressedEx: [
            { Key: '1', Label: '非常满意' },
            { Key: '3', Label: '一般' },
          ],
        }),
      ).toBe('一般');
      expect(
        sat({
          PostIVRKeyPressedEx: [
            { Key: '2', Label: '很棒' },
            { Key: 'noInput', Label: '' },
          ],
        }),
      ).toBe('很棒');
    });
    it('is null (not rated) for noInput alone, an empty list, or missing labels', () => {
      expect(sat({ PostIVRKeyPressedEx: [{ Key: 'noInput', Label: '' }] })).toBeNull();
      expect(sat({ PostIVRKeyPressedEx: [{ Key: 'noInput', Label: '未输入' }] })).toBeNull();
      expect(sat({ PostIVRKeyPressedEx: [] })).toBeNull();
      expect(sat({ PostIVRKeyPressedEx: [{ Key: '1' }, null, 'x'] })).toBeNull();
      expect(sat({})).toBeNull();
    });
    it('falls back to the legacy PostIVRKeyPressed, as a list or a string', () => {
      expect(sat({ PostIVRKeyPressedEx: [], PostIVRKeyPressed: [{ Key: '1', Label: '满意' }] })).toBe('满意');
      expect(sat({ postIVRKeyPressed: '不满意' })).toBe('不满意');
      expect(sat({ PostIVRKeyPressed: 'noInput' })).toBeNull();
      expect(sat({ PostIVRKeyPressedEx: [{ Key: '1', Label: '满意' }], PostIVRKeyPressed: '不满意' })).toBe('满意');
    });
  });

  it('reads the hang-up side in English or Chinese, any case; anything else is unknown', () => {
    const side = (HungUpSide: unknown) => ok({ SessionId: 's', HungUpSide }).hangup;
    expect(['seat', 'Seat', 'SEAT', '座席', '坐席'].map(side)).toEqual(['seat', 'seat', 'seat', 'seat', 'seat']);
    expect(['user', 'User', '客户', '用户'].map(side)).toEqual(['user', 'user', 'user', 'user']);
    expect(['system', '系统'].map(side)).toEqual(['system', 'system']);
    expect(['', 'robot', 3, null, {}].map(side)).toEqual([null, null, null, null, null]);
  });

  it('reads the seat device and the recording links from the service legs', () => {
    const r = ok({
      SessionId: 's',
      RecordURL: '',
      ServeParticipants: [
        {
          Type: 'staffPhoneSeat',
          RecordURL: 'https://tccc.qcloud.com/x/leg1.mp3',
          CustomRecordURL: 'https://b.cos.ap-guangzhou.myqcloud.com/1.mp3',
        },
        { Type: 'staffSeat', RecordURL: 'https://tccc.qcloud.com/x/leg2.mp3', CustomRecordURL: '' },
        { Type: 'ivr', RecordURL: '' },
      ],
    });
    expect(r).toMatchObject({
      seatDevice: 'computer',
      recordUrl: 'https://tccc.qcloud.com/x/leg2.mp3',
      customRecordUrl: 'https://b.cos.ap-guangzhou.myqcloud.com/1.mp3',
    });
    expect(ok({ SessionId: 's', ServeParticipants: [{ Type: 'staffPhoneSeat' }, { Type: '' }] }).seatDevice).toBe('phone');
    expect(ok({ SessionId: 's', ServeParticipants: 'oops' })).toMatchObject({ seatDevice: null, recordUrl: null });
    // The call's own link wins over the legs'.
    expect(
      ok({
        SessionId: 's',
        RecordURL: 'https://tccc.qcloud.com/x/own.mp3',
        ServeParticipants: [{ RecordURL: 'https://tccc.qcloud.com/x/leg.mp3' }],
      }).recordUrl,
    ).toBe('https://tccc.qcloud.com/x/own.mp3');
  });

  it('marks a call whose list gave no link field at all as having its link on demand; an empty link means no recording', () => {
    expect(ok({ SessionId: 's', Duration: 30 }).linkOnDemand).toBe(true);
    expect(ok({ sessionId: 's', duration: 30, serveParticipants: [{ type: 'staffSeat' }] }).linkOnDemand).toBe(true);
    expect(ok({ SessionId: 's', Duration: 30, RecordURL: '' }).linkOnDemand).toBe(false);
    expect(ok({ SessionId: 's', Duration: 30, RecordURL: null }).linkOnDemand).toBe(false);
    expect(ok({ sessionId: 's', customRecordUrl: '' }).linkOnDemand).toBe(false);
    expect(ok({ SessionId: 's', ServeParticipants: [{ RecordURL: '' }] }).linkOnDemand).toBe(false);
  });

  it('drops garbage with a counted reason, and never throws', () => {
    const throwing = { SessionId: 's' };
    Object.defineProperty(throwing, 'Caller', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const raws: unknown[] = [
      null,
      undefined,
      42,
      'x',
      [],
      {},
      { SessionId: '' },
      { SessionId: '   ' },
      { Caller: '1' },
      { SessionId: { id: 1 } },
      throwing,
      revoked.proxy,
      PASCAL,
    ];
    let result!: ReturnType<typeof normalizeRecords>;
    expect(() => (result = normalizeRecords(raws))).not.toThrow();
    expect(result.records.map((r) => r.sessionId)).toEqual([PASCAL.SessionId]);
    expect(result.dropped).toEqual({ 'not-object': 5, 'no-session-id': 4, 'bad-field': 3, 'over-limit': 0 });
    expect(reason(throwing)).toBe('bad-field');
    expect(normalizeRecords('nope' as unknown as unknown[])).toEqual({
      records: [],
      dropped: { 'not-object': 0, 'no-session-id': 0, 'bad-field': 0, 'over-limit': 0 },
    });
  });
});

describe('finding record arrays in any JSON envelope', () => {
  const camel = { sessionId: 'c1', startTimestamp: 1, caller: '1', callee: '2' };
  it('finds them at any depth, under any name, in either casing', () => {
    expect(findRecordArrays([PASCAL])).toEqual([[PASCAL]]);
    expect(findRecordArrays({ code: 0, data: { list: [camel], total: 1 } })).toEqual([[camel]]);
    expect(findRecordArrays({ Response: { TotalCount: 1, TelCdrList: [PASCAL], RequestId: 'x' } })).toEqual([[PASCAL]]);
    expect(findRecordArrays({ result: { page: { rows: [camel, camel] } } })).toEqual([[camel, camel]]);
    const two = findRecordArrays({ a: [PASCAL], b: { c: [camel] } });
    expect(two).toHaveLength(2);
  });

  it('finds lists double-encoded as a JSON string', () => {
    expect(findRecordArrays({ code: 0, data: JSON.stringify({ list: [camel] }) })).toEqual([[camel]]);
  });

  it('ignores arrays of other things: ids alone, legs, users, empty lists', () => {
    expect(findRecordArrays({ list: [{ SessionId: 'a' }, { SessionId: 'b' }] })).toEqual([]);
    expect(findRecordArrays({ users: [{ Name: 'x', StaffNumber: '1' }], list: [], n: [1, 2, 3] })).toEqual([]);
    expect(
      findRecordArrays({
        detail: { SessionId: 'a', Caller: '1', Callee: '2', ServeParticipants: [{ Type: 'staffSeat', RecordURL: 'u' }] },
      }),
    ).toEqual([]);
    // The legs inside records are not reported as records of their own.
    expect(findRecordArrays({ list: [PASCAL] })).toHaveLength(1);
  });

  it('stays cheap and safe on huge, deep, cyclic or hostile input', () => {
    let deep: unknown = [camel];
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(findRecordArrays(deep)).toEqual([]);
    expect(findRecordArrays({ a: { b: { list: [camel] } } }, { maxDepth: 1 })).toEqual([]);
    const cyclic: Record<string, unknown> = { list: [camel] };
    cyclic.self = cyclic;
    expect(findRecordArrays(cyclic)).toEqual([[camel]]);
    // A huge body is looked into only so far: what it costs does not grow with its size.
    let looked = 0;
    const counted = (i: number) =>
      new Proxy(
        { i },
        {
          ownKeys: (target) => {
            looked++;
            return Reflect.ownKeys(target);
          },
        },
      );
    const huge = { noise: Array.from({ length: 200_000 }, (_, i) => counted(i)), data: { list: [camel] } };
    findRecordArrays(huge);
    expect(looked).toBeLessThanOrEqual(20_000 + 8);
    for (const junk of [null, undefined, 42, 'x', '{not json session_id', true]) expect(findRecordArrays(junk)).toEqual([]);
    const hostile = {
      get data(): unknown {
        throw new Error('boom');
      },
      list: [camel],
    };
    expect(findRecordArrays(hostile)).toEqual([[camel]]);
  });
});

describe('finding a recording link for one call', () => {
  it('reports {SessionId, RecordURL} objects that are not record lists', () => {
    expect(findRecordLinks({ code: 0, data: { SessionId: 's1', RecordURL: 'https://tccc.qcloud.com/x/1.mp3' } })).toEqual([
      { sessionId: 's1', recordUrl: 'https://tccc.qcloud.com/x/1.mp3' },
    ]);
    expect(findRecordLinks({ data: { sessionId: 's2', recordUrl: 'https://tccc.qcloud.com/x/2.mp3', asrUrl: '' } })).toEqual([
      { sessionId: 's2', recordUrl: 'https://tccc.qcloud.com/x/2.mp3' },
    ]);
    // A session detail (a whole record, alone) gives its fresh link.
    expect(findRecordLinks({ Response: { Detail: PASCAL } })).toEqual([{ sessionId: PASCAL.SessionId, recordUrl: PASCAL.RecordURL }]);
  });

  it('leaves out records in lists, links without a session id, and empty links', () => {
    expect(findRecordLinks({ data: { list: [PASCAL] } })).toEqual([]);
    expect(findRecordLinks({ code: 0, data: { RecordURL: 'https://tccc.qcloud.com/x/1.mp3' } })).toEqual([]);
    expect(findRecordLinks({ data: { SessionId: 's', RecordURL: '' } })).toEqual([]);
    expect(findRecordLinks(null)).toEqual([]);
  });
});

describe('links and bounds of what the page sends', () => {
  const COS = 'https://bucket-125.cos.ap-guangzhou.myqcloud.com/r/a.mp3?sign=1';
  const PLACEHOLDERS = ['-', '0', 'null', '无', '#', '/tcccadmin/getRecord/k/t/a.mp3', 'a.mp3'];

  it('reads a placeholder as no recording: the call counts as without one, and never as a workbench link', () => {
    for (const placeholder of PLACEHOLDERS) {
      const r = ok({
        SessionId: 's',
        Duration: 30,
        EndStatus: 1,
        RecordURL: placeholder,
        CustomRecordURL: '',
        ServeParticipants: [{ RecordURL: placeholder }],
      });
      expect(r, placeholder).toMatchObject({ recordUrl: null, customRecordUrl: null, linkOnDemand: false });
    }
  });

  it('never lets a placeholder in RecordURL hide a valid CustomRecordURL', () => {
    for (const placeholder of PLACEHOLDERS) {
      expect(ok({ SessionId: 's', RecordURL: placeholder, CustomRecordURL: COS }), placeholder).toMatchObject({
        recordUrl: null,
        customRecordUrl: COS,
      });
      expect(findRecordLinks({ data: { SessionId: 's', RecordURL: placeholder, CustomRecordURL: COS } }), placeholder).toEqual([
        { sessionId: 's', recordUrl: COS },
      ]);
    }
    // A leg's real link is taken over the call's placeholder.
    expect(ok({ SessionId: 's', RecordURL: '-', ServeParticipants: [{ RecordURL: COS }] }).recordUrl).toBe(COS);
  });

  it('takes links only on the workbench or COS, over https (old http COS links upgraded)', () => {
    expect(ok({ SessionId: 's', RecordURL: 'https://evil.example/a.mp3' }).recordUrl).toBeNull();
    expect(ok({ SessionId: 's', RecordURL: 'http://recorder-1.cos.ap-shanghai.myqcloud.com/a.mp3' }).recordUrl).toBe(
      'https://recorder-1.cos.ap-shanghai.myqcloud.com/a.mp3',
    );
  });

  it('cuts long texts, and takes no session id longer than any TCCC writes', () => {
    const r = ok({ SessionId: 's', Remark: '备'.repeat(50_000), SeatUser: { Name: 'n'.repeat(5_000) }, Caller: '1'.repeat(5_000) });
    expect(r.remark.length).toBe(RECORD_LIMITS.text);
    expect(r.agentName.length).toBe(RECORD_LIMITS.text);
    expect(r.caller.length).toBeLessThanOrEqual(RECORD_LIMITS.text);
    expect(reason({ SessionId: 'x'.repeat(RECORD_LIMITS.sessionId + 1) })).toBe('bad-field');
  });

  it('reads at most so many records from one response, and counts the rest', () => {
    const raws = Array.from({ length: MAX_RECORDS_PER_RESPONSE + 5 }, (_, i) => ({ SessionId: `s${i}` }));
    const { records, dropped } = normalizeRecords(raws);
    expect(records).toHaveLength(MAX_RECORDS_PER_RESPONSE);
    expect(dropped['over-limit']).toBe(5);
  });
});

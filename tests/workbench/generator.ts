import type { GeneratedCall, IVRKeyPressed, TelCdrInfo } from './types.ts';

/** The admin-style labels this stand-in's survey uses (a real admin configures their own). */
export const SATISFACTION_LABELS = ['非常满意', '满意', '一般', '不满意'];

/** Every 接入状态 of the reference, with a code; 外线转接 has none documented, so 999 here. */
export const INBOUND_STATUSES: [number, string][] = [
  [1, 'ok'],
  [2, 'unconnected'],
  [17, 'seatGiveUp'],
  [101, 'seatForward'],
  [999, 'outboundForward'],
  [102, 'ivrGiveUp'],
  [107, 'ivrEnd'],
  [103, 'waitingGiveUp'],
  [104, 'ringingGiveUp'],
  [105, 'noSeatOnline'],
  [106, 'notWorkTime'],
  [0, 'error'],
];
export const OUTBOUND_STATUSES: [number, string][] = [
  [1, 'ok'],
  [201, 'unknown'],
  [202, 'notAnswer'],
  [203, 'userReject'],
  [204, 'powerOff'],
  [205, 'numberNotExist'],
  [206, 'busy'],
  [207, 'outOfCredit'],
  [208, 'operatorError'],
  [209, 'callerCancel'],
  [210, 'notInService'],
];
/** Newer codes a consumer must still show by their string. */
const NEWER_STATUSES: [number, string][] = [
  [100, 'blackList'],
  [211, 'notExists'],
];
const CONNECTED = new Set(['ok', 'seatForward', 'outboundForward']);

const AGENTS = [
  { Name: '张伟', StaffNumber: '1001' },
  { Name: '王芳', StaffNumber: '1002' },
  { Name: '李娜', StaffNumber: '1003' },
  { Name: '刘洋', StaffNumber: '1004' },
  { Name: '陈静', StaffNumber: '2001' },
  { Name: '杨磊', StaffNumber: '2002' },
];
const SKILL_GROUPS = [
  { name: '售后服务', id: 11 },
  { name: '售前咨询', id: 12 },
  { name: 'VIP专线', id: 13 },
];
const PLAIN_REMARKS = ['', '', '', '客户询问物流', '已回访', '要求退款', '投诉配送慢', '咨询套餐'];
/** Remarks agents really type: every character a file name must survive. */
export const TROUBLE_REMARKS = [
  '地址: 上海/浦东',
  '../../etc/passwd',
  'C:\\Users\\客服\\备注',
  '时间: 10:30',
  '*重要* 客户',
  '客户说"再也不买了"',
  '好评😀👍',
  '长'.repeat(200),
  'CON',
  'nul.mp3',
  '  .前后空格与点.  ',
  'a|b<c>d?e',
];

/** A small seeded PRNG: the same seed gives the same calls, faults and test strings. */
export function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function mobile(rand: () => number): string {
  const prefix = ['138', '139', '150', '186', '177', '135'][Math.floor(rand() * 6)]!;
  return prefix + String(Math.floor(rand() * 1e8)).padStart(8, '0');
}

function masked(n: string): string {
  return `${n.slice(0, 3)}****${n.slice(-4)}`;
}

/** The satisfaction label of a call, or null when not rated (nothing, or only `noInput`). */
export function satisfactionOf(cdr: TelCdrInfo): string | null {
  const rated = cdr.PostIVRKeyPressedEx.filter((k) => k.Key !== 'noInput' && k.Label);
  return rated.length ? rated[rated.length - 1]!.Label : null;
}

export interface GenerateOptions {
  seed?: number;
  count?: number;
  /** Unix seconds of the newest call. */
  now?: number;
  days?: number;
  /** Remarks padded to this many characters: agents who write a page per call make manifests of megabytes. */
  remarkChars?: number;
}

const DEFAULT_NOW = 1_795_000_000; // a fixed moment, so a seed always gives the same calls

/**
 * Deterministic, realistic calls, newest first. The first few cycle through every
 * status and every troublesome remark so that any count of 40 or more holds them all.
 */
export function generateCalls(opts: GenerateOptions = {}): GeneratedCall[] {
  const { seed = 1, count = 240, now = DEFAULT_NOW, days = 7, remarkChars = 0 } = opts;
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const statuses = [
    ...INBOUND_STATUSES.map((s) => [0, ...s] as const),
    ...OUTBOUND_STATUSES.map((s) => [1, ...s] as const),
    ...NEWER_STATUSES.map((s) => [1, ...s] as const),
  ];
  const span = days * 86_400;
  const times = Array.from({ length: count }, () => now - Math.floor(rand() * span)).sort((a, b) => b - a);

  return times.map((start, i) => {
    // Connected calls are the common case; every status still shows up early on.
    const [direction, code, key] =
      i < statuses.length
        ? statuses[i]!
        : rand() < 0.6
          ? rand() < 0.5
            ? ([0, 1, 'ok'] as const)
            : ([1, 1, 'ok'] as const)
          : pick(statuses);
    const connected = CONNECTED.has(key);
    const agent = pick(AGENTS);
    const group = pick(SKILL_GROUPS);
    const customer = mobile(rand);
    const hotline = '0086075500000';
    const protect = i % 17 === 5;
    const caller = direction === 0 ? `0086${customer}` : hotline;
    const callee = direction === 0 ? hotline : `0086${customer}`;
    const duration = connected ? 5 + Math.floor(rand() * 900) : 0;
    const ring = start + (direction === 0 ? 8 : 1);
    const accept = connected ? ring + 5 : 0;
    const sessionId = uuid(rand);
    const short = i < TROUBLE_REMARKS.length * 3 && i % 3 === 1 ? TROUBLE_REMARKS[(i - 1) / 3]! : pick(PLAIN_REMARKS);
    const remark =
      short.length < remarkChars
        ? `${short}；${'客户反映的问题已记录，待回访。'.repeat(Math.ceil(remarkChars / 15))}`.slice(0, remarkChars)
        : short;

    let survey: IVRKeyPressed[] = [];
    if (connected) {
      const r = rand();
      if (r < 0.55) {
        const k = Math.floor(rand() * 4);
        survey = [{ Key: String(k + 1), Label: SATISFACTION_LABELS[k]!, Timestamp: accept + duration + 3 }];
      } else if (r < 0.65) survey = [{ Key: 'noInput', Label: '', Timestamp: accept + duration + 10 }];
    }
    const hangup = !connected
      ? key === 'error' || key === 'noSeatOnline' || key === 'notWorkTime'
        ? 'system'
        : 'user'
      : pick(['seat', 'user', 'user', 'system'] as const);
    const seatType = rand() < 0.75 ? 'staffSeat' : 'staffPhoneSeat';
    const hasCustom = connected && rand() < 0.25;

    const cdr: TelCdrInfo = {
      SessionId: sessionId,
      StartTimestamp: start,
      Time: start,
      Direction: direction,
      CallType: direction === 0 ? 2 : 1,
      Caller: protect && direction === 0 ? '' : caller,
      Callee: protect && direction === 1 ? '' : callee,
      ProtectedCaller: protect && direction === 0 ? masked(customer) : '',
      ProtectedCallee: protect && direction === 1 ? masked(customer) : '',
      Remark: remark,
      EndStatus: code,
      EndStatusString: key,
      Duration: duration,
      SeatUser:
        connected || key === 'seatGiveUp'
          ? { ...agent, Mail: `${agent.StaffNumber}@example.com`, Phone: '', Nick: agent.Name, UserId: `${agent.StaffNumber}@example.com` }
          : null,
      SkillGroup: direction === 0 && key !== 'ivrGiveUp' && key !== 'ivrEnd' ? group.name : '',
      SkillGroupId: group.id,
      PostIVRKeyPressedEx: survey,
      HungUpSide: hangup,
      ServeParticipants: connected
        ? [
            {
              Mail: `${agent.StaffNumber}@example.com`,
              Phone: '',
              Type: seatType,
              RecordURL: '',
              CustomRecordURL: '',
              SkillGroupName: group.name,
              Sequence: 0,
              TransferFrom: '',
              TransferTo: '',
            },
          ]
        : [],
      RecordId: connected ? String(100000 + i) : '',
      RecordURL: '',
      CustomRecordURL: '',
      CallerLocation: '广东深圳',
      IVRDuration: direction === 0 ? 4 : 0,
      QueuedTimestamp: direction === 0 ? start + 4 : 0,
      RingTimestamp: ring,
      AcceptTimestamp: accept,
      EndedTimestamp: connected ? accept + duration : ring + 20,
      AsrUrl: '',
    };
    return { cdr, recordingKey: connected ? `rk${seed}x${i}` : null, hasCustomRecording: hasCustom };
  });
}

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  TEMPLATE_TOKENS,
  durationLabel,
  maskPhone,
  renderRecordPath,
  templateProblems,
  tokenValues,
} from '../../utils/naming/name-template';
import { compactDateTime } from '../../utils/naming/compact-date-time';
import { sanitizePath, utf8Length, MAX_PATH_CHARS, MAX_SEGMENT_BYTES } from '../../utils/naming/filename';
import { normalizeRecord } from '../../utils/page-json/normalize';
import type { CallRecord } from '../../utils/record/record';
import { TROUBLE_REMARKS, generateCalls, mulberry32 } from '../workbench/generator';

const records: CallRecord[] = generateCalls({ count: 80, seed: 3 }).map((c) => {
  const r = normalizeRecord(c.cdr);
  if (!r.ok) throw new Error(r.reason);
  return r.record;
});
const opts = { batchLabel: '20261124-093005', root: 'TCCC录音', maskPhones: false };
const sample = records.find((r) => r.agentName && r.satisfaction && r.hangup && r.direction === 'in')!;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what no system takes in a name.
const REFUSED_IN_NAMES = /["*:<>?\\|\u0000-\u001f]/;
const RESERVED_NAMES = /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$|clock\$)(\..*)?$/i;

/** What Chrome, Windows, macOS and Linux all accept. */
function isPortablePath(path: string): boolean {
  return (
    path.length <= MAX_PATH_CHARS &&
    path
      .split('/')
      .every(
        (s) =>
          s.length > 0 &&
          utf8Length(s) <= MAX_SEGMENT_BYTES &&
          !REFUSED_IN_NAMES.test(s) &&
          !/^[\s.~]|[\s.~]$/.test(s) &&
          !RESERVED_NAMES.test(s),
      )
  );
}

describe('file names from a template', () => {
  it('by default: one folder per batch under TCCC录音, date-time, numbers, agent and session id', () => {
    // A number the workbench protects (138****5678) keeps its look, as ＊.
    const shown = (n: string) => n.replace(/\*/g, '＊');
    expect(records.some((r) => r.caller.includes('*') || r.callee.includes('*'))).toBe(true);
    for (const r of records) {
      const old = sanitizePath(
        `TCCC录音/${opts.batchLabel}/${[compactDateTime(r.startTime), shown(r.caller), shown(r.callee), r.agentName, r.sessionId].filter(Boolean).join('_')}.mp3`,
        'mp3',
      );
      expect(renderRecordPath(DEFAULT_TEMPLATE, r, opts)).toBe(old);
    }
    expect(renderRecordPath('', sample, opts)).toBe(renderRecordPath(DEFAULT_TEMPLATE, sample, opts));
  });

  it('fills every token from the call', () => {
    const v = tokenValues(sample, opts);
    const stamp = compactDateTime(sample.startTime);
    expect(v).toMatchObject({
      datetime: stamp,
      date: stamp.slice(0, 8),
      time: stamp.slice(9),
      direction: '呼入',
      sessionId: sample.sessionId,
      batch: opts.batchLabel,
    });
    expect(v.satisfaction).toBe(sample.satisfaction);
    expect(['座席', '客户', '系统']).toContain(v.hangup);
    expect(v.status).toBe(sample.status.label);
    expect(renderRecordPath('{direction}-{duration}-{status}_{sessionId}', sample, opts)).toBe(
      `TCCC录音/呼入-${v.duration}-${v.status}_${sample.sessionId}.mp3`,
    );
    // Every token at once is longer than a file name may be: cut, but never the session id.
    const all = renderRecordPath(TEMPLATE_TOKENS.map((t) => `{${t}}`).join('_'), sample, opts);
    expect(all.startsWith('TCCC录音/')).toBe(true);
    expect(all).toContain(`_${sample.sessionId}_`);
    expect(all).not.toMatch(/\{\w+\}/);
    expect(isPortablePath(all)).toBe(true);
  });

  it('makes folders only from the template’s own slashes, never from a value', () => {
    const nasty = { ...sample, agentName: '上海/浦东', skillGroup: '..\\..\\etc', remark: 'x' };
    const path = renderRecordPath('{skillGroup}/{agent}_{sessionId}', nasty, opts);
    expect(path.split('/')).toHaveLength(3);
    expect(path).toBe(`TCCC录音/etc/上海_浦东_${sample.sessionId}.mp3`);
  });

  it('drops an empty value with its separator', () => {
    const bare = { ...sample, agentName: '', staffNo: '' };
    expect(renderRecordPath('{agent}_{staffNo}_{sessionId}', bare, opts)).toBe(`TCCC录音/${sample.sessionId}.mp3`);
    expect(renderRecordPath('{batch}/{datetime}-{agent}-{sessionId}', bare, opts)).toBe(
      `TCCC录音/${opts.batchLabel}/${compactDateTime(sample.startTime)}-${sample.sessionId}.mp3`,
    );
  });

  it('always keeps the session id in the file name', () => {
    expect(renderRecordPath('{batch}/{caller}', sample, opts)).toBe(`TCCC录音/${opts.batchLabel}/${sample.caller}_${sample.sessionId}.mp3`);
    expect(renderRecordPath('{sessionId}/{caller}', sample, opts).split('/').pop()).toContain(sample.sessionId);
  });

  it('keeps the session id whole and the path within Windows’ limit, however deep and long the folders', () => {
    const long = {
      ...sample,
      sessionId: 'f'.repeat(64),
      agentName: 'Agent '.repeat(30),
      skillGroup: 'Skill group '.repeat(20),
      staffNo: '0'.repeat(60),
    };
    const path = renderRecordPath('{agent}/{skillGroup}/{staffNo}/{status}/{agent}_{skillGroup}_{sessionId}_{agent}', long, {
      ...opts,
      root: 'R'.repeat(100),
    });
    expect(path.length, path).toBeLessThanOrEqual(MAX_PATH_CHARS);
    expect(path.split('/').pop()).toContain(long.sessionId);
    expect(path.split('/')).toHaveLength(6);
    expect(isPortablePath(path), path).toBe(true);
  });

  it('gives a portable path with the session id for random templates and the stand-in’s nasty values', () => {
    const rand = mulberry32(11);
    const bits = [
      ...TEMPLATE_TOKENS.map((t) => `{${t}}`),
      '/',
      '_',
      '-',
      ' ',
      '.',
      '..',
      '{nope}',
      '录音',
      'CON',
      'CONIN$',
      ':',
      '*',
      '\\',
      '~',
      'Long folder name '.repeat(4),
    ];
    for (let i = 0; i < 400; i++) {
      let template = '';
      for (let n = Math.floor(rand() * 12); n > 0; n--) template += bits[Math.floor(rand() * bits.length)];
      const trouble = TROUBLE_REMARKS[i % TROUBLE_REMARKS.length]!;
      const wide = i % 3 === 0 ? 'Customer Service '.repeat(12) : trouble;
      const r = { ...records[i % records.length]!, agentName: wide, skillGroup: trouble, staffNo: trouble.slice(0, 8) };
      const path = renderRecordPath(template, r, {
        ...opts,
        root: i % 5 === 0 ? '' : i % 7 === 0 ? 'Recordings archive '.repeat(8) : opts.root,
        maskPhones: i % 2 === 0,
      });
      expect(isPortablePath(path), `${template} → ${path}`).toBe(true);
      expect(path.endsWith('.mp3')).toBe(true);
      expect(path.split('/').pop(), template).toContain(r.sessionId);
    }
  });
});

describe('phone masking in names', () => {
  it('hides the middle of a number and keeps enough to tell calls apart', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('075512345678')).toBe('075****5678');
    expect(maskPhone('8001234')).toBe('80****34');
    expect(maskPhone('12345')).toBe('1****5');
    expect(maskPhone('1001')).toBe('1001');
    expect(maskPhone('138****5678')).toBe('138****5678');
  });

  it('applies to caller and callee when asked', () => {
    const masked = tokenValues({ ...sample, caller: '008613812345678', callee: '13900001111' }, { ...opts, maskPhones: true });
    // As ＊: Windows refuses `*` in names.
    expect([masked.caller, masked.callee]).toEqual(['138＊＊＊＊5678', '139＊＊＊＊1111']);
    expect(tokenValues({ ...sample, caller: '138****0000' }, opts).caller).toBe('138＊＊＊＊0000');
    const plain = tokenValues({ ...sample, caller: '008613812345678' }, opts);
    expect(plain.caller).toBe('13812345678');
  });
});

describe('durations and template warnings', () => {
  it('writes durations without colons', () => {
    expect([durationLabel(0), durationLabel(59), durationLabel(65), durationLabel(3725)]).toEqual(['0s', '59s', '1m05s', '1h02m05s']);
  });

  it('warns of unknown tokens and a file name without the session id', () => {
    expect(templateProblems(DEFAULT_TEMPLATE)).toEqual([]);
    expect(templateProblems('{batch}/{agnet}_{sessionId}')).toEqual([{ kind: 'unknown-token', token: 'agnet' }]);
    expect(templateProblems('{sessionId}/{caller}')).toEqual([{ kind: 'no-session-id' }]);
    expect(templateProblems('')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  generateCalls,
  satisfactionOf,
  SATISFACTION_LABELS,
  INBOUND_STATUSES,
  OUTBOUND_STATUSES,
  TROUBLE_REMARKS,
} from '../../workbench/generator';
import { END_STATUS } from '../../../utils/record/record';

const calls = generateCalls({ seed: 3, count: 240 });
const cdrs = calls.map((c) => c.cdr);

describe('the stand-in’s call generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCalls({ seed: 3, count: 240 })).toEqual(calls);
    expect(generateCalls({ seed: 4, count: 240 })[0]!.cdr.SessionId).not.toBe(cdrs[0]!.SessionId);
  });

  it('orders calls newest first, with unique session ids', () => {
    for (let i = 1; i < cdrs.length; i++) expect(cdrs[i - 1]!.StartTimestamp).toBeGreaterThanOrEqual(cdrs[i]!.StartTimestamp);
    expect(new Set(cdrs.map((c) => c.SessionId)).size).toBe(cdrs.length);
  });

  it('has inbound and outbound calls and every 接入状态 of the reference with its code', () => {
    expect(cdrs.some((c) => c.Direction === 0)).toBe(true);
    expect(cdrs.some((c) => c.Direction === 1)).toBe(true);
    for (const [code, key] of Object.entries(END_STATUS)) {
      expect(
        cdrs.some((c) => c.EndStatus === Number(code) && c.EndStatusString === key.key),
        key.label,
      ).toBe(true);
    }
    expect(cdrs.some((c) => c.EndStatusString === 'outboundForward')).toBe(true);
    expect(cdrs.some((c) => !(c.EndStatus in END_STATUS) && c.EndStatusString !== 'outboundForward')).toBe(true);
    expect(INBOUND_STATUSES.length + OUTBOUND_STATUSES.length).toBeGreaterThan(21);
  });

  it('gives unconnected calls no duration and no recording, connected ones both', () => {
    for (const c of calls) {
      if (c.cdr.Duration === 0) expect(c.recordingKey).toBeNull();
      else expect(c.recordingKey).not.toBeNull();
    }
    expect(calls.some((c) => c.hasCustomRecording)).toBe(true);
    expect(calls.filter((c) => c.hasCustomRecording).every((c) => c.recordingKey)).toBe(true);
  });

  it('rates some calls with admin labels, leaves others unrated or with noInput', () => {
    const labels = new Set(cdrs.map(satisfactionOf));
    for (const l of SATISFACTION_LABELS) expect(labels.has(l)).toBe(true);
    expect(labels.has(null)).toBe(true);
    expect(cdrs.some((c) => c.PostIVRKeyPressedEx.some((k) => k.Key === 'noInput'))).toBe(true);
  });

  it('has agents with 工号, skill groups, hang-up sides, seat types and protected numbers', () => {
    expect(cdrs.some((c) => c.SeatUser?.StaffNumber)).toBe(true);
    expect(new Set(cdrs.map((c) => c.SkillGroup).filter(Boolean)).size).toBeGreaterThan(1);
    expect(new Set(cdrs.map((c) => c.HungUpSide))).toEqual(new Set(['seat', 'user', 'system']));
    expect(new Set(cdrs.flatMap((c) => c.ServeParticipants.map((p) => p.Type)))).toEqual(new Set(['staffSeat', 'staffPhoneSeat']));
    expect(
      cdrs.some((c) => (c.Caller === '' && c.ProtectedCaller.includes('****')) || (c.Callee === '' && c.ProtectedCallee.includes('****'))),
    ).toBe(true);
  });

  it('has remarks full of trouble for file names', () => {
    const remarks = cdrs.map((c) => c.Remark);
    for (const r of TROUBLE_REMARKS) expect(remarks).toContain(r);
    for (const ch of ['/', '..', '\\', ':', '*', '"', '😀'])
      expect(
        remarks.some((r) => r.includes(ch)),
        ch,
      ).toBe(true);
    expect(remarks.some((r) => [...r].length === 200)).toBe(true);
    expect(remarks).toContain('CON');
  });
});

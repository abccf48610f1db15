import { afterEach, describe, expect, it, vi } from 'vitest';
import { withinTime } from '../../utils/helpers/time-limit';

afterEach(() => vi.useRealTimers());

describe('work waited for a limited time', () => {
  it('gives what the work gives when it ends in time', async () => {
    expect(await withinTime(Promise.resolve('saved'), 1_000, () => 'late')).toBe('saved');
  });

  it('gives the late answer when the work takes longer', async () => {
    vi.useFakeTimers();
    const answer = withinTime(new Promise<string>(() => {}), 60_000, () => 'not saved within 60 s');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await answer).toBe('not saved within 60 s');
  });

  it('leaves no timer behind once the work ended', async () => {
    vi.useFakeTimers();
    await withinTime(Promise.resolve(1), 60_000, () => 0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { RATE_WINDOW_MS, addSample, bytesPerSecond, secondsLeft, type RateSample } from '../../utils/queue/rate';

function feed(points: [number, number][]): RateSample[] {
  return points.reduce<RateSample[]>((kept, [at, bytes]) => addSample(kept, { at, bytes }), []);
}

describe('speed and time left in the popup', () => {
  it('measures bytes per second over the last few seconds', () => {
    const samples = feed([
      [0, 0],
      [1000, 100_000],
      [2000, 200_000],
      [3000, 300_000],
    ]);
    expect(bytesPerSecond(samples)).toBe(100_000);
  });

  it('says nothing until two seconds have been seen', () => {
    expect(
      bytesPerSecond(
        feed([
          [0, 0],
          [1000, 500_000],
        ]),
      ),
    ).toBeNull();
    expect(bytesPerSecond([])).toBeNull();
  });

  it('forgets samples older than the window, so it follows a change of pace', () => {
    const points: [number, number][] = [];
    for (let t = 0; t <= 20_000; t += 1000) points.push([t, t <= 10_000 ? t * 1000 : 10_000_000 + (t - 10_000) * 100]);
    const samples = feed(points);
    expect(samples[0]!.at).toBeGreaterThanOrEqual(20_000 - RATE_WINDOW_MS);
    expect(bytesPerSecond(samples)).toBeCloseTo(100_000);
  });

  it('starts over when the byte count goes back (a retry or a resume)', () => {
    const samples = feed([
      [0, 0],
      [1000, 1000],
      [2000, 500],
    ]);
    expect(samples).toEqual([{ at: 2000, bytes: 500 }]);
  });

  it('estimates the time left from the size of the files done so far', () => {
    // 4 files of 1 MB done, 6 left of which 0.5 MB already received, at 0.5 MB/s.
    const mb = 1 << 20;
    expect(secondsLeft({ left: 6, done: 4, doneBytes: 4 * mb, liveBytes: mb / 2 }, mb / 2)).toBe(11);
    expect(secondsLeft({ left: 0, done: 4, doneBytes: 4 * mb, liveBytes: 0 }, null)).toBe(0);
    expect(secondsLeft({ left: 6, done: 0, doneBytes: 0, liveBytes: 0 }, mb)).toBeNull();
    expect(secondsLeft({ left: 6, done: 4, doneBytes: 4 * mb, liveBytes: 0 }, 0)).toBeNull();
  });
});

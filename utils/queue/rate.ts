/**
 * Speed and time left for the popup, from the byte counts it polls. Pure: the popup keeps
 * the samples, these functions read them.
 */

/** Long enough to smooth out one file finishing, short enough to follow a change of pace. */
export const RATE_WINDOW_MS = 8_000;

export interface RateSample {
  at: number;
  bytes: number;
}

/** The samples to keep after a new one: those inside the window, and the new one. */
export function addSample(samples: readonly RateSample[], sample: RateSample): RateSample[] {
  // Fewer bytes than before means the batch was restarted (retry, resume): start over.
  const last = samples[samples.length - 1];
  if (last && sample.bytes < last.bytes) return [sample];
  return [...samples.filter((s) => sample.at - s.at <= RATE_WINDOW_MS), sample];
}

/** Bytes per second over the window, or null until there are two seconds to go on. */
export function bytesPerSecond(samples: readonly RateSample[]): number | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at - first.at < 2_000) return null;
  return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
}

export interface RemainingWork {
  /** Items still to download (queued or under way). */
  left: number;
  /** Bytes of the finished files and how many there are: the size to expect of the rest. */
  doneBytes: number;
  done: number;
  /** Bytes already received of the files under way. */
  liveBytes: number;
}

/** Seconds left at this speed, or null when there is nothing to judge the size of the rest by. */
export function secondsLeft(work: RemainingWork, speed: number | null): number | null {
  if (work.left === 0) return 0;
  if (!speed || speed <= 0 || work.done === 0) return null;
  const remaining = Math.max(0, work.left * (work.doneBytes / work.done) - work.liveBytes);
  return Math.ceil(remaining / speed);
}

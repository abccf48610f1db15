/** The part of `browser.alarms` the wake alarm uses. */
interface AlarmApi {
  get(name: string): Promise<{ scheduledTime: number } | undefined>;
  create(name: string, info: { when: number }): Promise<void> | void;
}

/** The alarm's clock is coarse and wakes no sooner than this after it is set. */
const MIN_WAKE_MS = 1000;

/**
 * When the one alarm should ring for a wake wanted at `at`: `null` keeps the alarm pending,
 * which rings earlier already (a later one in its place would sleep through it).
 */
export function wakeToSet(pending: { scheduledTime: number } | undefined, at: number): number | null {
  return !pending || pending.scheduledTime > at ? at : null;
}

/**
 * One alarm serves every wait of the queue, so a stopped worker is woken for the earliest.
 * Requests are made one after another: two read-then-set steps never interleave.
 */
export function createWakeAlarm(alarms: AlarmApi, name: string, now: () => number, onError: (error: unknown) => void) {
  let setting: Promise<void> = Promise.resolve();
  return (when: number): Promise<void> => {
    const at = Math.max(when, now() + MIN_WAKE_MS);
    setting = setting
      .then(async () => {
        const ring = wakeToSet(await alarms.get(name), at);
        if (ring !== null) await alarms.create(name, { when: ring });
      })
      .catch(onError);
    return setting;
  };
}

/**
 * A task that runs once at a time: a call while it runs shares that run's result (its own
 * arguments unused) instead of starting a second one; the next call after it settles starts afresh.
 */
export function singleFlight<A extends unknown[], T>(run: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let running: Promise<T> | null = null;
  return (...args) =>
    (running ??= run(...args).finally(() => {
      running = null;
    }));
}

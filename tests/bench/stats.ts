/** Runs `fn` `runs` times after `warmup` runs; returns the times in ms. */
export function timeRuns(fn: () => void, runs = 21, warmup = 3): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function report(name: string, value: string, target?: string): void {
  console.log(`BENCH ${name.padEnd(48)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);
}

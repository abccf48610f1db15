import { describe, expect, it } from 'vitest';
import { singleFlight } from '../../utils/helpers/single-flight';

/** A task whose runs the test finishes by hand. */
function gatedTask() {
  const finishers: ((value: number) => void)[] = [];
  let runs = 0;
  const task = () => {
    runs += 1;
    return new Promise<number>((resolve) => finishers.push(resolve));
  };
  return { task, finish: (value: number) => finishers.shift()!(value), runs: () => runs };
}

describe('a task run once at a time', () => {
  it('gives a second caller the run under way instead of starting another', async () => {
    const { task, finish, runs } = gatedTask();
    const start = singleFlight(task);
    const first = start();
    const second = start();
    expect(runs()).toBe(1);
    finish(7);
    expect(await first).toBe(7);
    expect(await second).toBe(7);
  });

  it('starts afresh once the run before has ended', async () => {
    const { task, finish, runs } = gatedTask();
    const start = singleFlight(task);
    const first = start();
    finish(1);
    await first;
    const second = start();
    expect(runs()).toBe(2);
    finish(2);
    expect(await second).toBe(2);
  });

  it('runs with the arguments of the call that started it', async () => {
    const seen: string[] = [];
    let finish = () => {};
    const start = singleFlight((table: string) => {
      seen.push(table);
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const first = start('first table');
    const second = start('second table');
    finish();
    await Promise.all([first, second]);
    expect(seen).toEqual(['first table']);
  });

  it('starts afresh after a run that failed, and shares the failure with its callers', async () => {
    let runs = 0;
    const start = singleFlight(async () => {
      runs += 1;
      if (runs === 1) throw new Error('refused');
      return 'ok';
    });
    const [a, b] = [start(), start()];
    await expect(a).rejects.toThrow('refused');
    await expect(b).rejects.toThrow('refused');
    expect(await start()).toBe('ok');
    expect(runs).toBe(2);
  });
});

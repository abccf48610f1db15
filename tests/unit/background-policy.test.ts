import { describe, expect, it } from 'vitest';
import { createWakeAlarm, wakeToSet } from '../../utils/background/wake-alarm';
import { linkFetchOrder, tabsByApp } from '../../utils/background/link-tabs';
import { isBrowserRestart } from '../../utils/background/worker-start';
import { BATCH_ACTIONS, isStateAction, STATE_AFTER } from '../../utils/extension/batch-actions';

describe('the one wake alarm', () => {
  it('is set for a wake when none is pending', () => {
    expect(wakeToSet(undefined, 5_000)).toBe(5_000);
  });

  it('moves earlier for an earlier wake, and stays for a later one it would sleep through', () => {
    expect(wakeToSet({ scheduledTime: 9_000 }, 5_000)).toBe(5_000);
    expect(wakeToSet({ scheduledTime: 5_000 }, 9_000)).toBeNull();
    expect(wakeToSet({ scheduledTime: 5_000 }, 5_000)).toBeNull();
  });

  it('rings for the earliest of many waits asked at once, never sooner than the alarm clock allows', async () => {
    const alarms = new Map<string, number>();
    const api = {
      get: async (name: string) => (alarms.has(name) ? { scheduledTime: alarms.get(name)! } : undefined),
      create: async (name: string, { when }: { when: number }) => void alarms.set(name, when),
    };
    const wakeAt = createWakeAlarm(
      api,
      'wake',
      () => 10_000,
      () => {},
    );
    await Promise.all([wakeAt(30_000), wakeAt(20_000), wakeAt(40_000)]);
    expect(alarms.get('wake')).toBe(20_000);
    await wakeAt(0);
    expect(alarms.get('wake')).toBe(11_000);
  });

  it('reports an alarm it could not set, and goes on setting the next', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const set: number[] = [];
    const api = {
      get: async () => undefined,
      create: async (_: string, { when }: { when: number }) => {
        if (fail) throw new Error('quota');
        set.push(when);
      },
    };
    const wakeAt = createWakeAlarm(
      api,
      'wake',
      () => 0,
      (e) => errors.push(e),
    );
    await wakeAt(5_000);
    fail = false;
    await wakeAt(6_000);
    expect(errors).toHaveLength(1);
    expect(set).toEqual([6_000]);
  });
});

describe('which workbench tab fetches links', () => {
  const tab = (id: number, active = false) => ({ id, url: 'https://tccc.qcloud.com/saas-manage/#/1400000001/record', active });

  it('groups the tabs by their workbench app', () => {
    const byApp = tabsByApp([
      { id: 1, url: 'https://tccc.qcloud.com/saas-manage/#/1400000001/record' },
      { id: 2, url: 'https://tccc.qcloud.com/saas-manage/#/1400000002/record' },
      { id: 3, url: 'https://tccc.qcloud.com/saas-manage/#/1400000001/record' },
      { id: 4, url: 'https://tccc.qcloud.com/saas-manage/#/record' },
    ]);
    expect([...byApp.entries()].map(([app, tabs]) => [app, tabs.map((t) => t.id)])).toEqual([
      ['1400000001', [1, 3]],
      ['1400000002', [2]],
      [null, [4]],
    ]);
  });

  it('asks the tab that learned how first, then the one in view, then the others in order', () => {
    const tabs = [tab(1), tab(2, true), tab(3), tab(4)];
    expect(linkFetchOrder(tabs, 3).map((t) => t.id)).toEqual([3, 2, 1, 4]);
    expect(linkFetchOrder(tabs, undefined).map((t) => t.id)).toEqual([2, 1, 3, 4]);
  });

  it('leaves the list it was given as it was', () => {
    const tabs = [tab(1), tab(2, true)];
    linkFetchOrder(tabs, 2);
    expect(tabs.map((t) => t.id)).toEqual([1, 2]);
  });
});

describe('a worker start', () => {
  it('follows a browser restart when no worker ran this session and the version is the last one run', () => {
    expect(isBrowserRestart({ ranThisSession: false, lastVersion: '1.2.0', version: '1.2.0' })).toBe(true);
  });

  it('follows an update, not a restart, when the version changed', () => {
    expect(isBrowserRestart({ ranThisSession: false, lastVersion: '1.1.0', version: '1.2.0' })).toBe(false);
    expect(isBrowserRestart({ ranThisSession: false, lastVersion: '', version: '1.2.0' })).toBe(false);
  });

  it('follows a crash or an idle stop when a worker ran this session already', () => {
    expect(isBrowserRestart({ ranThisSession: true, lastVersion: '1.2.0', version: '1.2.0' })).toBe(false);
  });
});

describe('the popup batch actions', () => {
  it('pause, resume and cancel move the batch to paused, running and canceled', () => {
    expect(STATE_AFTER).toEqual({ pause: 'paused', resume: 'running', cancel: 'canceled' });
  });

  it('retry-failed and open-folder are no state change', () => {
    expect(BATCH_ACTIONS.filter((a) => !isStateAction(a))).toEqual(['retry-failed', 'open-folder']);
  });
});

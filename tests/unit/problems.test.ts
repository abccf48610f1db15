import { beforeEach, describe, expect, it } from 'vitest';
import { clearProblems, guarded, recentProblems, reportProblem } from '../../utils/diagnostics/problems';

describe('problems in our handlers', () => {
  beforeEach(clearProblems);

  it('are caught where they happen, sync or async, and the handler’s result passes through otherwise', async () => {
    const sync = guarded('row-select', (n: number) => {
      if (n < 0) throw new TypeError('negative');
      return n * 2;
    });
    expect(sync(2)).toBe(4);
    expect(() => sync(-1)).not.toThrow();
    const async = guarded('collect', async () => {
      throw new Error('page gone');
    });
    await async()?.catch(() => {});
    await new Promise((r) => setTimeout(r, 0));
    expect(recentProblems()).toEqual([
      { where: 'row-select', message: 'TypeError: negative', count: 1 },
      { where: 'collect', message: 'Error: page gone', count: 1 },
    ]);
  });

  it('are counted when they repeat, kept newest last and few, and carry no numbers or links', () => {
    for (let i = 0; i < 3; i++) reportProblem('tap', new Error('bad json'));
    reportProblem('links', new Error('GET https://tccc.qcloud.com/cdr/recordUrl?SessionId=abc failed for 13812345678'));
    expect(recentProblems()[0]).toEqual({ where: 'tap', message: 'Error: bad json', count: 3 });
    expect(recentProblems()[1]!.message).not.toMatch(/recordUrl|SessionId|13812345678/);
    for (let i = 0; i < 50; i++) reportProblem('flood', `problem ${'x'.repeat(i)}`);
    expect(recentProblems()).toHaveLength(20);
    expect(recentProblems().at(-1)!.message).toBe(`problem ${'x'.repeat(49)}`);
    reportProblem('odd', {
      toJSON: () => {
        throw new Error('no');
      },
    });
    expect(recentProblems().at(-1)!.where).toBe('odd');
  });
});

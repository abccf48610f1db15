import { describe, expect, it } from 'vitest';
import { ItemTally, batchView as viewOf, summarize, withLiveBytes } from '../../utils/queue/view';
import { savedAsAsked, savedInAskedPlace } from '../../utils/queue/placement';
import type { Batch, QueueItem } from '../../utils/queue/types';

const batchView = (batch: Batch, items: QueueItem[]) => viewOf(batch, ItemTally.of(items.map(summarize)));
import { completed, planEnqueue, started } from '../../utils/queue/transitions';
import { callRecord as rec } from '../fakes/records';

describe('where the browser saved a file', () => {
  it('is where we asked, whatever the platform writes its paths like', () => {
    expect(savedAsAsked('/home/u/Downloads/TCCC录音/b/x.mp3', 'TCCC录音/b/x.mp3')).toBe(true);
    expect(savedAsAsked('C:\\Users\\u\\Downloads\\TCCC录音\\b\\x.mp3', 'TCCC录音/b/x.mp3')).toBe(true);
    expect(savedAsAsked('/Users/u/Downloads/TCCC录音/b/x.mp3'.normalize('NFD'), 'TCCC录音/b/x.mp3')).toBe(true);
  });

  it('is not, when the browser made it unique or another extension renamed it', () => {
    expect(savedAsAsked('/d/TCCC录音/b/x (1).mp3', 'TCCC录音/b/x.mp3')).toBe(false);
    expect(savedAsAsked('/d/renamed/x.mp3', 'TCCC录音/b/x.mp3')).toBe(false);
    expect(savedAsAsked('/d/prefix-TCCC录音/b/x.mp3', 'TCCC录音/b/x.mp3')).toBe(false);
  });

  it('is ours in the asked folder, also made unique beside a file already there; not at the root under the server’s name', () => {
    expect(savedInAskedPlace('/d/TCCC录音/b/x.mp3', 'TCCC录音/b/x.mp3')).toBe(true);
    expect(savedInAskedPlace('C:\\d\\TCCC录音\\b\\x (2).mp3', 'TCCC录音/b/x.mp3')).toBe(true);
    expect(savedInAskedPlace('/d/rk5x31.mp3', 'TCCC录音/b/x.mp3')).toBe(false);
    expect(savedInAskedPlace('/d/TCCC录音/b/y (1).mp3', 'TCCC录音/b/x.mp3')).toBe(false);
    expect(savedInAskedPlace('/d/other/x (1).mp3', 'TCCC录音/b/x.mp3')).toBe(false);
  });
});

describe('a batch as the popup sees it', () => {
  const { batch, items } = planEnqueue([rec('a'), rec('b'), rec('c')], {
    batchId: 'b1',
    label: 'L',
    now: 0,
    known: new Set(),
    force: false,
    nameFor: (r) => `TCCC录音/L/${r.sessionId}.mp3`,
  });
  const [a, b, c] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];

  it('counts the bytes of files under way along with those done', () => {
    const view = batchView(batch, [completed(started(a, 1), '/d/TCCC录音/L/a.mp3', 1000), started(b, 2), c]);
    expect(view).toMatchObject({ done: 1, left: 2, bytes: 1000, doneBytes: 1000, reasons: [] });
    expect(withLiveBytes(view, 300)).toMatchObject({ bytes: 1300, doneBytes: 1000 });
  });

  it('says when a file was saved under another name', () => {
    const view = batchView(batch, [completed(started(a, 1), '/d/TCCC录音/L/a (1).mp3', 1000), b, c]);
    expect(view.reasons).toEqual([{ reason: 'renamed', count: 1 }]);
  });
});

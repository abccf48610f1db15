import type { CDPSession, Page } from 'playwright-core';

/**
 * Whose code a long task ran: the page's own (its script, its layout and paint) or ours.
 * A long task entry says only how long the page was busy; V8's sampling profiler, recorded
 * in a trace beside it, says which script was running meanwhile. A task counts as ours when
 * any sample in it ran code of ours (as the innermost script on the stack): the page's own
 * code called from ours, its pager's handler run by our click say, is the page's.
 */
export interface OwnedTask {
  /** As the page's long task entry says, in ms. */
  duration: number;
  /** Whether any of its samples ran code of ours. */
  ours: boolean;
  /** The part of it sampled in code of ours (and in the browser's work it asked for), in ms. */
  oursMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  id?: string;
  args?: { data?: { startTime?: number; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } };
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string };
}

const SYNC_MARK = 'tccc-bench-clock';
const CATEGORIES = ['disabled-by-default-v8.cpu_profiler', 'blink.user_timing'].join(',');

/** Starts recording samples; call before the page loads, after `watchLongTasks`. */
export async function recordTaskOwners(page: Page): Promise<{ stop(): Promise<OwnedTask[]> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return {
    async stop() {
      // A mark ties the page's clock (the long task entries') to the trace's.
      const { entries, markAt } = await page.evaluate((mark) => {
        const tasks =
          (window as unknown as { __longTaskEntries?: { start: number; duration: number }[] }).__longTaskEntries?.splice(0) ?? [];
        return { entries: tasks, markAt: performance.mark(mark).startTime };
      }, SYNC_MARK);
      const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach();
      return ownersOf(events, entries, markAt);
    },
  };
}

function ownersOf(events: TraceEvent[], entries: { start: number; duration: number }[], markAt: number): OwnedTask[] {
  const mark = events.find((e) => e.name === SYNC_MARK);
  if (!mark) throw new Error('the clock mark is not in the trace');
  const toTrace = (ms: number) => mark.ts + (ms - markAt) * 1000;
  // The profile of the thread that made the mark: the page's main thread.
  const profile = events.find((e) => e.name === 'Profile' && e.pid === mark.pid && e.tid === mark.tid);
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; ours: boolean }[] = [];
  let t = profile?.args?.data?.startTime ?? 0;
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !profile || e.pid !== profile.pid || e.id !== profile.id) continue;
    const cpu = e.args?.data?.cpuProfile ?? {};
    for (const n of cpu.nodes ?? []) nodes.set(n.id, n);
    const deltas = e.args?.data?.timeDeltas ?? [];
    (cpu.samples ?? []).forEach((id, i) => {
      t += deltas[i] ?? 0;
      samples.push({ ts: t, ours: hasOurFrame(nodes, id) });
    });
  }
  return entries.map(({ start, duration }) => {
    const from = toTrace(start);
    const to = toTrace(start + duration);
    const inTask = samples.filter((s) => s.ts >= from && s.ts < to);
    const ours = inTask.filter((s) => s.ours).length;
    return { duration, ours: ours > 0, oursMs: inTask.length ? (duration * ours) / inTask.length : 0 };
  });
}

/** Whether the innermost script on the sample's stack is ours: our code running, or the browser's work it asked for (a layout it read). */
function hasOurFrame(nodes: Map<number, ProfileNode>, id: number): boolean {
  for (let n = nodes.get(id); n; n = n.parent === undefined ? undefined : nodes.get(n.parent)) {
    if (n.callFrame.url) return n.callFrame.url.startsWith('chrome-extension://');
  }
  return false;
}

/**
 * The figures a bench prints of owned tasks: the longest of ours and our part in it, the most
 * of our code in any one long task, the longest of the page's alone.
 */
export function ownedSummary(tasks: OwnedTask[]): { ours: string; page: string } {
  const ours = tasks.filter((t) => t.ours).sort((a, b) => b.duration - a.duration);
  const page = tasks.filter((t) => !t.ours).sort((a, b) => b.duration - a.duration);
  const most = Math.max(0, ...ours.map((t) => t.oursMs));
  return {
    ours: ours.length
      ? `${ours[0]!.duration.toFixed(0)} ms (${ours[0]!.oursMs.toFixed(0)} ms of it sampled in our code; ${ours.length} such task${ours.length > 1 ? 's' : ''}, at most ${most.toFixed(0)} ms of ours in one)`
      : '< 50 ms',
    page: page.length
      ? `${page[0]!.duration.toFixed(0)} ms (${page.length} task${page.length > 1 ? 's' : ''} with no code of ours)`
      : 'none',
  };
}

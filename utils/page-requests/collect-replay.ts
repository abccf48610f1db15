/**
 * Collect-all by repeating the page's own list request (list-recipe.ts) for every page of
 * the current query, at the largest page size the page's API accepts, a few requests at a
 * time and within the cloud API's 20 requests per second. The table on screen is left
 * alone. Pure: the page exchange, the clock and the reading of answers are given.
 */
import type { PageRequest } from './tap';
import { listPageRequest, seenRequest, type ListRecipe } from './list-recipe';
import { answerRefused } from './link-recipe';
import { CollectError } from '../page-dom/collect';

export interface ReplayDeps<R> {
  /** Makes the request in the page, with its login; status 0 when it did not reach the server. */
  ask(request: PageRequest): Promise<{ status: number; body: string }>;
  /** An answer's records, and the total it states. */
  read(json: unknown): { records: R[]; total: number | null };
  idOf(record: R): string;
  sleep(ms: number): Promise<void>;
  now(): number;
  signal?: AbortSignal;
  onProgress?(count: number, total: number | null): void;
  /** The page number the page's pager shows as current (1 for the first), where it shows one. */
  currentPage?: number | null;
}

export interface ReplayResult<R> {
  records: R[];
  /** The total the list's answers state, when they state one. */
  total: number | null;
  size: number;
  requests: number;
}

/** Why the page's request could not be repeated: collect-all then drives the page's pager instead. */
export class ReplayRefused extends Error {
  constructor(readonly why: 'refused' | 'mismatch' | 'total-changed' | 'unreachable') {
    super(why);
  }
}

/** The cloud API's own limits (DescribeTelCdr): 100 records a page, 20 requests a second. */
const LARGEST_PAGE = 100;
const PER_SECOND = 20;
const PARALLEL = 4;
const MAX_REQUESTS = 2_000;
const RATE_PAUSES_MS = [1_000, 2_000, 4_000, 8_000, 8_000, 8_000];
const TRANSIENT_PAUSES_MS = [500, 1_500, 4_000];

type Answer<R> = { kind: 'ok'; records: R[]; total: number | null } | { kind: 'refused' };

/** At most `perSecond` requests start in any second. */
function rateGate(perSecond: number, deps: Pick<ReplayDeps<unknown>, 'now' | 'sleep'>) {
  const starts: number[] = [];
  let queue = Promise.resolve();
  return () =>
    (queue = queue.then(async () => {
      if (starts.length >= perSecond) {
        const wait = starts[starts.length - perSecond]! + 1_000 - deps.now();
        if (wait > 0) await deps.sleep(wait);
      }
      starts.push(deps.now());
      if (starts.length > perSecond) starts.shift();
    }));
}

export async function collectByReplay<R>(recipe: ListRecipe, deps: ReplayDeps<R>): Promise<ReplayResult<R>> {
  const gate = rateGate(PER_SECOND, deps);
  let requests = 0;

  /** One answer; a refusal for rate or a passing failure is asked again after a pause, never read as the list's end. */
  async function fetchAnswer(request: PageRequest): Promise<Answer<R>> {
    let rateTries = 0;
    let transientTries = 0;
    for (;;) {
      if (deps.signal?.aborted) throw new CollectError('canceled');
      if (++requests > MAX_REQUESTS) throw new ReplayRefused('mismatch');
      await gate();
      const { status, body } = await deps.ask(request);
      if (status === 429 || /RequestLimitExceeded/.test(body.slice(0, 2_000))) {
        if (rateTries >= RATE_PAUSES_MS.length) throw new ReplayRefused('unreachable');
        await deps.sleep(RATE_PAUSES_MS[rateTries++]!);
        continue;
      }
      if (status === 0 || status >= 500) {
        if (transientTries >= TRANSIENT_PAUSES_MS.length) throw new ReplayRefused('unreachable');
        await deps.sleep(TRANSIENT_PAUSES_MS[transientTries++]!);
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return { kind: 'refused' };
      }
      if (status < 200 || status >= 300 || answerRefused(json)) return { kind: 'refused' };
      return { kind: 'ok', ...deps.read(json) };
    }
  }

  const idsOf = (records: R[]) => records.map(deps.idOf);
  const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));
  const { seen } = recipe;

  // The request as the page made it must get the same calls and total: otherwise it is
  // signed per request, or depends on something we cannot repeat.
  const again = await fetchAnswer(seenRequest(recipe));
  if (again.kind !== 'ok') throw new ReplayRefused('refused');
  if (!sameIds(idsOf(again.records), seen.ids) || again.total !== seen.total) throw new ReplayRefused('mismatch');

  const firstPage = recipe.page.counts === 'offset' ? 0 : await firstPageNumber(again.records);
  let size = seen.size;
  let first: { records: R[]; total: number | null } | null = null;
  // The largest size the API accepts: it answers a full page (or the whole list) with the same total.
  for (const candidate of [LARGEST_PAGE, 50].filter((s) => s > seen.size)) {
    const answer = await fetchAnswer(listPageRequest(recipe, 0, candidate, firstPage));
    const expected = answer.kind === 'ok' && answer.total !== null ? Math.min(candidate, answer.total) : candidate;
    if (answer.kind === 'ok' && answer.total === seen.total && answer.records.length === expected) {
      size = candidate;
      first = answer;
      break;
    }
  }
  first ??= seen.page === firstPage ? again : await pageAt(0, size);

  const pages: R[][] = [first.records];
  deps.onProgress?.(first.records.length, seen.total);
  let collected = first.records.length;
  const last = seen.total === null ? null : Math.max(1, Math.ceil(seen.total / size));
  let next = 1;
  let ended = first.records.length < size;
  const worker = async () => {
    while (!ended && (last === null || next < last)) {
      const index = next++;
      const { records } = await pageAt(index, size);
      pages[index] = records;
      collected += records.length;
      deps.onProgress?.(collected, seen.total);
      if (records.length < size) {
        // A short page ends a list whose total is not stated; a short page before the last is a list that moved.
        if (last === null) ended = true;
        else if (index < last - 1) throw new ReplayRefused('mismatch');
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));

  const byId = new Map<string, R>();
  for (const page of pages) for (const r of page ?? []) if (!byId.has(deps.idOf(r))) byId.set(deps.idOf(r), r);
  return { records: [...byId.values()], total: seen.total, size, requests };

  async function pageAt(index: number, pageSize: number): Promise<{ records: R[]; total: number | null }> {
    const answer = await fetchAnswer(listPageRequest(recipe, index, pageSize, firstPage));
    if (answer.kind !== 'ok') throw new ReplayRefused('refused');
    if (answer.total !== seen.total) throw new ReplayRefused('total-changed');
    return answer;
  }

  /**
   * Whether the API numbers its first page 0 or 1: from the pager's current page where it
   * shows one; else a 0-based API answers pages 0 and 1 with different calls, and a 1-based
   * one refuses page 0 or answers it as page 1.
   */
  async function firstPageNumber(seenRecords: R[]): Promise<number> {
    if (seen.page === 0) return 0;
    const fromPager = deps.currentPage ? seen.page - (deps.currentPage - 1) : null;
    if (fromPager === 0 || fromPager === 1) return fromPager;
    const zero = await fetchAnswer(listPageRequest(recipe, 0, seen.size, 0));
    const one =
      seen.page === 1 ? { kind: 'ok' as const, records: seenRecords } : await fetchAnswer(listPageRequest(recipe, 1, seen.size, 0));
    if (zero.kind !== 'ok' || !zero.records.length || one.kind !== 'ok') return 1;
    return sameIds(idsOf(zero.records), idsOf(one.records)) ? 1 : 0;
  }
}

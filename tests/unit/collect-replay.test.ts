import { describe, expect, it } from 'vitest';
import { endpointOf, learnListRecipe, listRecipeShape, refusalDetail, totalInAnswer } from '../../utils/page-requests/list-recipe';
import { diagnosticsReport } from '../../utils/diagnostics/diagnostics';
import { collectByReplay, ReplayRefused } from '../../utils/page-requests/collect-replay';
import { findRecordArrays } from '../../utils/page-json/record-shape';
import type { PageRequest } from '../../utils/page-requests/tap';

const BASE = 'https://tccc.qcloud.com/saas-manage/';
type Raw = { SessionId: string; Caller: string; Callee: string; StartTimestamp: number };

const calls = (n: number): Raw[] =>
  Array.from({ length: n }, (_, i) => ({
    SessionId: `session-${String(i).padStart(6, '0')}`,
    Caller: '008613800000000',
    Callee: '0755',
    StartTimestamp: 1_700_000_000 - i,
  }));

interface Api {
  /** Answers one request as a server would; `now` is the fake clock. */
  answer(request: PageRequest, now: number): { status: number; body: string };
  /** The request the page made to show its first screen. */
  pageRequest(page: number, size: number): PageRequest;
}

/** The cloud API's shape: POST {PageNumber from 0, PageSize ≤ 100} → {code, data: {TotalCount, TelCdrList}}. */
function postPageApi(
  list: Raw[],
  opts: { maxSize?: number; perSecond?: number; signed?: boolean; growAfter?: number } = {},
): Api & { times: number[] } {
  const times: number[] = [];
  const nonces = new Set<string>();
  let served = 0;
  return {
    times,
    pageRequest: (page, size) => ({
      method: 'POST',
      url: `${BASE.replace('/saas-manage/', '')}/tcccadmin/cdr/list`,
      body: JSON.stringify({ SdkAppId: 1400000000, Query: { PageNumber: page, PageSize: size }, StartTime: 1_690_000_000 }),
      headers: [
        ['content-type', 'application/json'],
        ...(opts.signed ? ([['x-nonce', `n${page}-${size}-${Math.random()}`]] as [string, string][]) : []),
      ],
    }),
    answer(request, now) {
      times.push(now);
      if (opts.perSecond && times.filter((t) => t > now - 1000).length > opts.perSecond) {
        return { status: 200, body: JSON.stringify({ Response: { Error: { Code: 'RequestLimitExceeded', Message: 'too fast' } } }) };
      }
      if (opts.signed) {
        const nonce = request.headers.find(([k]) => k === 'x-nonce')?.[1] ?? '';
        if (nonces.has(nonce)) return { status: 403, body: JSON.stringify({ code: 403, msg: 'replayed' }) };
        nonces.add(nonce);
      }
      const { Query } = JSON.parse(request.body!) as { Query: { PageNumber: number; PageSize: number } };
      if (Query.PageSize > (opts.maxSize ?? 100)) return { status: 400, body: JSON.stringify({ code: 400, msg: 'PageSize' }) };
      const total = opts.growAfter !== undefined && ++served > opts.growAfter ? list.length + 1 : list.length;
      const page = list.slice(Query.PageNumber * Query.PageSize, (Query.PageNumber + 1) * Query.PageSize);
      return { status: 200, body: JSON.stringify({ code: 0, data: { TotalCount: total, TelCdrList: page } }) };
    },
  };
}

/** A gateway's shape: GET ?offset&limit → {result: {total, items}}. */
function offsetApi(list: Raw[]): Api {
  return {
    pageRequest: (page, size) => ({
      method: 'GET',
      url: `https://tccc.qcloud.com/tcccadmin/v2/calls?offset=${page * size}&limit=${size}&from=1`,
      body: null,
      headers: [],
    }),
    answer(request) {
      const q = new URL(request.url).searchParams;
      const offset = Number(q.get('offset'));
      const limit = Number(q.get('limit'));
      return { status: 200, body: JSON.stringify({ ok: true, result: { total: list.length, items: list.slice(offset, offset + limit) } }) };
    },
  };
}

/** Pages numbered from 1, as a form body; page 0 is read as page 1, as lenient servers do. */
function onePagedFormApi(list: Raw[]): Api {
  return {
    pageRequest: (page, size) => ({
      method: 'POST',
      url: 'https://tccc.qcloud.com/tcccadmin/records',
      body: `page=${page}&size=${size}&q=`,
      headers: [],
    }),
    answer(request) {
      const q = new URLSearchParams(request.body!);
      const page = Math.max(1, Number(q.get('page')));
      const size = Number(q.get('size'));
      return { status: 200, body: JSON.stringify({ total: String(list.length), rows: list.slice((page - 1) * size, page * size) }) };
    },
  };
}

const read = (json: unknown) => {
  const records = findRecordArrays(json).flat() as Raw[];
  return { records, total: totalInAnswer(json, records.length) };
};

/** What the page's own first request taught, and a replay run on a fake clock. */
function setUp(api: Api, page: number, size: number, currentPage: number | null = null) {
  const request = api.pageRequest(page, size);
  const first = JSON.parse(api.answer(request, 0).body) as unknown;
  const recipe = learnListRecipe(
    request,
    first,
    read(first).records.map((r) => r.SessionId),
    BASE,
  );
  let clock = 0;
  const asked: PageRequest[] = [];
  const run = () =>
    collectByReplay(recipe!, {
      ask: async (r) => {
        asked.push(r);
        clock += 100;
        return api.answer(r, clock);
      },
      read,
      idOf: (r) => r.SessionId,
      sleep: async (ms) => {
        clock += ms;
      },
      now: () => clock,
      currentPage,
    });
  return { recipe, run, asked, elapsed: () => clock };
}

describe('learning the page’s list request', () => {
  it('finds the page number and size in a JSON body, and the total in the answer', () => {
    const { recipe } = setUp(postPageApi(calls(45)), 0, 10);
    expect(recipe).toMatchObject({
      method: 'POST',
      size: { in: 'body', path: ['Query', 'PageSize'] },
      page: { in: 'body', path: ['Query', 'PageNumber'], counts: 'page' },
      seen: { page: 0, size: 10, total: 45 },
    });
    // Diagnostics show where things go, never values.
    const shape = listRecipeShape(recipe!);
    expect(shape).toEqual({
      method: 'POST',
      path: '/tcccadmin/cdr/list',
      pageIn: 'body:Query.PageNumber',
      sizeIn: 'body:Query.PageSize',
      counts: 'page',
      headerNames: ['content-type'],
    });
  });

  it('puts the request’s shape in the diagnostics report: method, path, where page and size go, header names, and no value', () => {
    const { recipe } = setUp(postPageApi(calls(45), { signed: true }), 0, 10);
    const nonce = recipe!.headers.find(([k]) => k === 'x-nonce')![1];
    const report = diagnosticsReport({
      version: '1',
      userAgent: 'ua',
      url: BASE,
      list: { recipe: listRecipeShape(recipe!), collect: { way: 'pager', fellBack: 'refused', count: 45, total: 45 } },
    });
    const list = (JSON.parse(report) as { list: { recipe: unknown } }).list;
    expect(list.recipe).toEqual({
      method: 'POST',
      path: '/tcccadmin/cdr/list',
      pageIn: 'body:Query.PageNumber',
      sizeIn: 'body:Query.PageSize',
      counts: 'page',
      headerNames: ['content-type', 'x-nonce'],
    });
    for (const value of [nonce, '1400000000', '1690000000', 'application/json']) expect(report).not.toContain(value);
  });

  it('tells the page’s list endpoint from its others, and what the server said when it refused it', () => {
    const request = postPageApi([]).pageRequest(0, 10);
    expect(endpointOf(request, BASE)).toBe('POST https://tccc.qcloud.com/tcccadmin/cdr/list');
    expect(endpointOf({ ...request, url: `${request.url}?x=1` }, BASE)).toBe(endpointOf(request, BASE));
    expect(endpointOf({ ...request, method: 'get' }, BASE)).not.toBe(endpointOf(request, BASE));
    expect(refusalDetail({ code: 'InvalidParameterValue', msg: '查询时间跨度不能超过90天' })).toBe(
      'InvalidParameterValue：查询时间跨度不能超过90天',
    );
    expect(refusalDetail({ Response: { Error: { Code: 'InvalidParameterValue', Message: 'window\nover 90 days' } } })).toBe(
      'InvalidParameterValue：window over 90 days',
    );
    expect(refusalDetail({ ok: false, error: { code: 'E1', message: 'x'.repeat(500) } }).length).toBeLessThanOrEqual(160);
  });

  it('finds an offset and limit in the query', () => {
    const { recipe } = setUp(offsetApi(calls(45)), 2, 10);
    expect(recipe).toMatchObject({
      size: { in: 'query', path: ['limit'] },
      page: { in: 'query', path: ['offset'], counts: 'offset' },
      seen: { page: 20, size: 10, total: 45 },
    });
  });

  it('learns nothing from a request that names no page size, or from an answer without calls', () => {
    const request: PageRequest = { method: 'GET', url: 'https://tccc.qcloud.com/tcccadmin/cdr/detail?id=1', body: null, headers: [] };
    expect(learnListRecipe(request, { data: calls(1) }, ['session-000000'], BASE)).toBeNull();
    expect(learnListRecipe(postPageApi([]).pageRequest(0, 10), { data: [] }, [], BASE)).toBeNull();
  });
});

describe('collecting every page by repeating the list request', () => {
  it('gets 10,000 calls at 100 a page, within 20 requests a second, each once', async () => {
    const api = postPageApi(calls(10_000), { perSecond: 20 });
    const { run, asked } = setUp(api, 0, 20);
    const result = await run();
    expect(result.records).toHaveLength(10_000);
    expect(new Set(result.records.map((r) => r.SessionId)).size).toBe(10_000);
    expect(result).toMatchObject({ total: 10_000, size: 100 });
    // The check of the page's own request, one try at 100, then the other 99 pages.
    expect(asked).toHaveLength(101);
    for (const t of api.times) expect(api.times.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(20);
  });

  it('waits out a refusal for rate and asks again, never taking it for the end of the list', async () => {
    // A server stricter than the documented limit.
    const api = postPageApi(calls(2_000), { perSecond: 5 });
    const { run } = setUp(api, 0, 10);
    const result = await run();
    expect(result.records).toHaveLength(2_000);
  });

  it('keeps to the largest size the API accepts', async () => {
    const { run } = setUp(postPageApi(calls(230), { maxSize: 50 }), 0, 10);
    expect(await run()).toMatchObject({ size: 50, total: 230 });
  });

  it('reads offsets, and pages numbered from 1 with the user on page 3', async () => {
    const byOffset = setUp(offsetApi(calls(345)), 3, 10);
    expect((await byOffset.run()).records).toHaveLength(345);
    const fromOne = setUp(onePagedFormApi(calls(345)), 3, 20, 3);
    const result = await fromOne.run();
    expect(result.records.map((r) => r.SessionId)).toEqual(calls(345).map((r) => r.SessionId));
  });

  it('tells pages numbered from 0 and from 1 apart when the pager shows no page number', async () => {
    const fromOne = setUp(onePagedFormApi(calls(95)), 1, 20);
    expect((await fromOne.run()).records.map((r) => r.SessionId)).toEqual(calls(95).map((r) => r.SessionId));
    const fromZero = setUp(postPageApi(calls(95)), 1, 20);
    expect((await fromZero.run()).records.map((r) => r.SessionId)).toEqual(calls(95).map((r) => r.SessionId));
  });

  it('gives up, for the pager to do it, when the request cannot be repeated or the list moves', async () => {
    const signed = setUp(postPageApi(calls(80), { signed: true }), 0, 10);
    await expect(signed.run()).rejects.toThrow(ReplayRefused);
    const growing = setUp(postPageApi(calls(800), { growAfter: 4 }), 0, 10);
    await expect(growing.run()).rejects.toMatchObject({ why: 'total-changed' });
  });
});

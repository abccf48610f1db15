import { describe, expect, it } from 'vitest';
import { learnLinkRecipe, linkInAnswer, linkRequest, recipeShape } from '../../utils/link-recipe';
import type { PageRequest } from '../../utils/tap';

const ORIGIN = 'https://tccc.qcloud.com';
const S1 = '0f1e2d3c-aaaa-4bbb-8ccc-123456789abc';
const S2 = '9a8b7c6d-dddd-4eee-8fff-cba987654321';
const known = new Set([S1, S2, 'short']);
const isKnown = (id: string) => known.has(id);
const LINK = `${ORIGIN}/tcccadmin/getRecord/rk1/tok/000-${S1}.mp3`;

const get = (url: string, headers: [string, string][] = []): PageRequest => ({ method: 'GET', url, body: null, headers });
const post = (url: string, body: string, headers: [string, string][] = []): PageRequest => ({ method: 'POST', url, body, headers });

describe('learning how the page fetches one call’s link', () => {
  it('learns a GET with the session id in the query, and repeats it for another call', () => {
    const learned = learnLinkRecipe(get(`${ORIGIN}/tcccadmin/cdr/recordUrl?SessionId=${S1}&_t=1`), { code: 0, data: { SessionId: S1, RecordURL: LINK } }, isKnown);
    expect(learned).toMatchObject({ sessionId: S1, recordUrl: LINK });
    expect(linkRequest(learned!.recipe, S2)).toEqual(get(`${ORIGIN}/tcccadmin/cdr/recordUrl?SessionId=${S2}&_t=1`));
  });

  it('learns a POST with the id in a JSON body, keeping the page’s headers', () => {
    const headers: [string, string][] = [['Content-Type', 'application/json'], ['X-Csrf-Code', '123']];
    const request = post(`${ORIGIN}/api/v1/DescribeSessionDetail`, JSON.stringify({ SdkAppId: 1400000000, SessionId: S1 }), headers);
    const learned = learnLinkRecipe(request, { Response: { SessionId: S1, RecordURL: LINK, RequestId: 'r' } }, isKnown);
    expect(linkRequest(learned!.recipe, S2)).toEqual(post(`${ORIGIN}/api/v1/DescribeSessionDetail`, JSON.stringify({ SdkAppId: 1400000000, SessionId: S2 }), headers));
  });

  it('learns the id as a path segment, from a camelCase answer', () => {
    const learned = learnLinkRecipe(get(`${ORIGIN}/api/records/${S1}/url`), { data: { sessionId: S1, recordUrl: LINK } }, isKnown);
    expect(linkRequest(learned!.recipe, S2).url).toBe(`${ORIGIN}/api/records/${S2}/url`);
  });

  it('pairs an answer that names no call with the one known call its request names', () => {
    const answer = { code: 0, data: { url: 'https://rec-1250000000.cos.ap-shanghai.myqcloud.com/2026/a.mp3', expires: 600 } };
    const learned = learnLinkRecipe(get(`${ORIGIN}/api/link?sid=${encodeURIComponent(S1)}&type=record`), answer, isKnown);
    expect(learned).toMatchObject({ sessionId: S1, recordUrl: answer.data.url });
    expect(linkRequest(learned!.recipe, S2).url).toBe(`${ORIGIN}/api/link?sid=${S2}&type=record`);
  });

  it('takes a form body too', () => {
    const learned = learnLinkRecipe(post(`${ORIGIN}/api/link`, `sessionId=${S1}&kind=mp3`), { recordUrl: '/tcccadmin/getRecord/k/t/a.mp3' }, isKnown);
    expect(learned?.recordUrl).toBe('/tcccadmin/getRecord/k/t/a.mp3');
    expect(linkRequest(learned!.recipe, S2).body).toBe(`sessionId=${S2}&kind=mp3`);
  });

  it('learns nothing from a list, an answer with several links, a request without the id, or another method', () => {
    const answer = { data: { SessionId: S1, RecordURL: LINK } };
    // The id is only in the answer: this request cannot be repeated for another call.
    expect(learnLinkRecipe(post(`${ORIGIN}/tcccadmin/cdr/telList`, '{"PageNumber":0}'), answer, isKnown)).toBeNull();
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=${S1}`), { data: [{ SessionId: S1, RecordURL: LINK }, { SessionId: S2, RecordURL: `${LINK}2` }] }, isKnown)).toBeNull();
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=${S1}`), { a: 'https://x/1.mp3', b: 'https://x/2.mp3' }, isKnown)).toBeNull();
    expect(learnLinkRecipe({ ...get(`${ORIGIN}/x?id=${S1}`), method: 'PUT' }, answer, isKnown)).toBeNull();
    // An answer without a link, or a request naming two known calls, teaches nothing either.
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=${S1}`), { code: 404, msg: '该通话没有录音' }, isKnown)).toBeNull();
    expect(learnLinkRecipe(get(`${ORIGIN}/x?a=${S1}&b=${S2}`), { url: 'https://x/1.mp3' }, isKnown)).toBeNull();
    // An id so short it would be found by chance.
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=short`), { SessionId: 'short', RecordURL: LINK }, isKnown)).toBeNull();
  });
});

describe('the recipe in a diagnostics report', () => {
  it('shows the method, the path, where the id goes and the header names, and nothing of the values', () => {
    const request = post(`${ORIGIN}/api/v1/link/${S1}?token=secret123&id=${S1}`, JSON.stringify({ SessionId: S1 }), [['X-Csrf-Code', 'secret456']]);
    const learned = learnLinkRecipe(request, { SessionId: S1, RecordURL: LINK }, isKnown)!;
    const shape = recipeShape(learned.recipe);
    expect(shape).toEqual({ method: 'POST', path: '/api/v1/link/SESSION_ID', sessionIdIn: ['path', 'body'], headerNames: ['X-Csrf-Code'] });
    expect(JSON.stringify(shape)).not.toMatch(/secret|0f1e2d3c/);
    const query = learnLinkRecipe(get(`${ORIGIN}/cdr/recordUrl?SessionId=${S1}`), { SessionId: S1, RecordURL: LINK }, isKnown)!;
    expect(recipeShape(query.recipe)).toMatchObject({ path: '/cdr/recordUrl', sessionIdIn: ['query'] });
  });
});

describe('reading a link from the page’s answer', () => {
  it('takes the link paired with the call, or the only link there is', () => {
    expect(linkInAnswer({ data: { SessionId: S2, RecordURL: LINK } }, S2)).toBe(LINK);
    expect(linkInAnswer({ data: { SessionId: S1, RecordURL: LINK } }, S2)).toBeNull();
    expect(linkInAnswer({ result: { downloadUrl: 'https://x.cos.ap-guangzhou.myqcloud.com/a.wav?sign=1' } }, S2)).toBe('https://x.cos.ap-guangzhou.myqcloud.com/a.wav?sign=1');
    expect(linkInAnswer({ code: 404, msg: '该通话没有录音' }, S2)).toBeNull();
    expect(linkInAnswer({ a: 'https://x/1.mp3', b: 'https://x/2.mp3' }, S2)).toBeNull();
    expect(linkInAnswer({ page: 'https://tccc.qcloud.com/help' }, S2)).toBeNull();
  });
});

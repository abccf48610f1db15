import { describe, expect, it } from 'vitest';
import {
  answerRefused,
  learnLinkRecipe,
  linkInAnswer,
  linkRequest,
  recipeShape,
  type LinkRecipe,
} from '../../utils/page-requests/link-recipe';
import { mayHoldRecords, type PageRequest } from '../../utils/page-requests/tap';
import { AUDIO_EXTENSIONS, LINK_KEYS } from '../../utils/page-json/recording-link';

const ORIGIN = 'https://tccc.qcloud.com';
const S1 = '0f1e2d3c-aaaa-4bbb-8ccc-123456789abc';
const S2 = '9a8b7c6d-dddd-4eee-8fff-cba987654321';
/** A hex id holding a verb (`add`) as a word of its own. */
const S3 = '0f1e2d3c-add0-4bbb-8ccc-123456789add';
/** Ids that change when encoded: the page may write them raw, URI-encoded or form-encoded. */
const ODD1 = 'rec a+b/c=01';
const ODD2 = 'rec d+e/f=02';
const RAW1 = 'Ab+cd/ef=01';
const RAW2 = 'Gh+ij/kl=02';
const known = new Set([S1, S2, S3, ODD1, ODD2, RAW1, RAW2, 'short']);
const isKnown = (id: string) => known.has(id);
const LINK = `${ORIGIN}/tcccadmin/getRecord/rk1/tok/000-${S1}.mp3`;
const COS_LINK = 'https://rec-1250000000.cos.ap-guangzhou.myqcloud.com/2026/a?sign=1';

const get = (url: string, headers: [string, string][] = []): PageRequest => ({ method: 'GET', url, body: null, headers });
const post = (url: string, body: string, headers: [string, string][] = []): PageRequest => ({ method: 'POST', url, body, headers });

describe('learning how the page fetches one call’s link', () => {
  it('learns a GET with the session id in the query, and repeats it for another call', () => {
    const learned = learnLinkRecipe(
      get(`${ORIGIN}/tcccadmin/cdr/recordUrl?SessionId=${S1}&_t=1`),
      { code: 0, data: { SessionId: S1, RecordURL: LINK } },
      isKnown,
    );
    expect(learned).toMatchObject({ sessionId: S1, recordUrl: LINK });
    expect(linkRequest(learned!.recipe, S2)).toEqual(get(`${ORIGIN}/tcccadmin/cdr/recordUrl?SessionId=${S2}&_t=1`));
  });

  it('learns a POST with the id in a JSON body, keeping the page’s headers', () => {
    const headers: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['X-Csrf-Code', '123'],
    ];
    const request = post(`${ORIGIN}/api/v1/DescribeSessionDetail`, JSON.stringify({ SdkAppId: 1400000000, SessionId: S1 }), headers);
    const learned = learnLinkRecipe(request, { Response: { SessionId: S1, RecordURL: LINK, RequestId: 'r' } }, isKnown);
    expect(linkRequest(learned!.recipe, S2)).toEqual(
      post(`${ORIGIN}/api/v1/DescribeSessionDetail`, JSON.stringify({ SdkAppId: 1400000000, SessionId: S2 }), headers),
    );
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
    const learned = learnLinkRecipe(
      post(`${ORIGIN}/api/link`, `sessionId=${S1}&kind=mp3`),
      { recordUrl: 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/a.mp3' },
      isKnown,
    );
    expect(learned?.recordUrl).toBe('https://tccc.qcloud.com/tcccadmin/getRecord/k/t/a.mp3');
    expect(linkRequest(learned!.recipe, S2).body).toBe(`sessionId=${S2}&kind=mp3`);
  });

  it('learns nothing from a list, an answer with several links, a request without the id, or another method', () => {
    const answer = { data: { SessionId: S1, RecordURL: LINK } };
    // The id is only in the answer: this request cannot be repeated for another call.
    expect(learnLinkRecipe(post(`${ORIGIN}/tcccadmin/cdr/telList`, '{"PageNumber":0}'), answer, isKnown)).toBeNull();
    expect(
      learnLinkRecipe(
        get(`${ORIGIN}/x?id=${S1}`),
        {
          data: [
            { SessionId: S1, RecordURL: LINK },
            { SessionId: S2, RecordURL: `${LINK}2` },
          ],
        },
        isKnown,
      ),
    ).toBeNull();
    expect(
      learnLinkRecipe(get(`${ORIGIN}/x?id=${S1}`), { a: 'https://tccc.qcloud.com/x/1.mp3', b: 'https://tccc.qcloud.com/x/2.mp3' }, isKnown),
    ).toBeNull();
    expect(learnLinkRecipe({ ...get(`${ORIGIN}/x?id=${S1}`), method: 'PUT' }, answer, isKnown)).toBeNull();
    // An answer without a link, or a request naming two known calls, teaches nothing either.
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=${S1}`), { code: 404, msg: '该通话没有录音' }, isKnown)).toBeNull();
    expect(learnLinkRecipe(get(`${ORIGIN}/x?a=${S1}&b=${S2}`), { url: 'https://tccc.qcloud.com/x/1.mp3' }, isKnown)).toBeNull();
    // An id so short it would be found by chance.
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=short`), { SessionId: 'short', RecordURL: LINK }, isKnown)).toBeNull();
  });

  it('learns lookups whose words only look like writes', () => {
    const answer = { SessionId: S1, RecordURL: LINK };
    const lookups = [
      get(`${ORIGIN}/api/getRecordUrl?SessionId=${S1}`),
      post(`${ORIGIN}/record/url`, JSON.stringify({ Action: 'DescribeTelRecordAsr', SessionId: S1 })),
      post(`${ORIGIN}/record/url`, JSON.stringify({ SessionId: S1 }), [
        ['X-TC-Action', 'DescribeTelCdr'],
        ['X-Csrf-Code', 'SetAddSave'],
      ]),
      get(`${ORIGIN}/api/link?SessionId=${S1}&addressBook=0&preset=reseller&offset=0&remark=1&settings=1`),
    ];
    for (const request of lookups) expect(learnLinkRecipe(request, answer, isKnown), request.url).not.toBeNull();
    // The id itself is not a word of the request, even where it spells one.
    expect(learnLinkRecipe(get(`${ORIGIN}/api/link?sid=${S3}`), { SessionId: S3, RecordURL: LINK }, isKnown)).not.toBeNull();
  });

  it('finds the id in JSON the page sent URI-encoded in its query', () => {
    const query = encodeURIComponent(JSON.stringify({ SessionId: S1 }));
    const learned = learnLinkRecipe(get(`${ORIGIN}/api/link?data=${query}`), { url: LINK }, isKnown);
    expect(learned?.sessionId).toBe(S1);
    expect(linkRequest(learned!.recipe, S2).url).toBe(`${ORIGIN}/api/link?data=${encodeURIComponent(JSON.stringify({ SessionId: S2 }))}`);
  });

  it('never learns from a request that writes, as it would write to every call it is repeated for', () => {
    const answer = { SessionId: S1, RecordURL: LINK };
    const writes = [
      get(`${ORIGIN}/api/record/save?SessionId=${S1}`),
      get(`${ORIGIN}/api/?Action=ModifyStaff&SessionId=${S1}`),
      get(`${ORIGIN}/api/setRecordUrl?SessionId=${S1}`),
      post(`${ORIGIN}/api/v1`, JSON.stringify({ Action: 'UpdateRemark', SessionId: S1 })),
      post(`${ORIGIN}/api/v1`, JSON.stringify({ SessionId: S1 }), [['X-TC-Action', 'ModifyCallRemark']]),
      post(`${ORIGIN}/api/record_delete`, `sessionId=${S1}`),
      post(`${ORIGIN}/api/cdr`, `op=REMOVE&sessionId=${S1}`),
      post(`${ORIGIN}/api/cdr`, `sessionId=${S1}&note=x%0Aassign`),
      ...['create', 'bind', 'unbind', 'submit', 'edit', 'insert', 'upload', 'send', 'mark', 'add'].map((verb) =>
        post(`${ORIGIN}/api/cdr/${verb}Record`, JSON.stringify({ SessionId: S1 })),
      ),
      // A contact center's own writes: calls and seats.
      ...[
        'HangUpCall',
        'TransferCall',
        'StopRecord',
        'ResetSeat',
        'PauseSeat',
        'ResumeSeat',
        'DisableStaff',
        'CancelCallback',
        'RestoreRecord',
        'ForceLogout',
      ].map((action) => post(`${ORIGIN}/api/v1`, JSON.stringify({ Action: action, SessionId: S1 }))),
    ];
    for (const request of writes) expect(learnLinkRecipe(request, answer, isKnown), `${request.url} ${request.body}`).toBeNull();
  });

  it('never learns from a request that sends the link it got back, a record written back', () => {
    const answer = { SessionId: S1, RecordURL: LINK };
    expect(
      learnLinkRecipe(post(`${ORIGIN}/api/cdr/detail`, JSON.stringify({ SessionId: S1, Caller: '138', RecordURL: LINK })), answer, isKnown),
    ).toBeNull();
    expect(
      learnLinkRecipe(post(`${ORIGIN}/api/cdr/detail`, `sessionId=${S1}&url=${encodeURIComponent(LINK)}`), answer, isKnown),
    ).toBeNull();
    expect(learnLinkRecipe(get(`${ORIGIN}/api/cdr/detail?sessionId=${S1}&url=${encodeURIComponent(LINK)}`), answer, isKnown)).toBeNull();
  });

  it('writes another id the way the page wrote the first: as it is, URI-encoded, form-encoded or in JSON', () => {
    const ask = (request: (id: string) => PageRequest, [first, other]: [string, string]) => {
      const learned = learnLinkRecipe(request(first), { SessionId: first, RecordURL: LINK }, isKnown);
      expect(learned, request(first).url).not.toBeNull();
      expect(linkRequest(learned!.recipe, other)).toEqual(request(other));
    };
    const odd: [string, string] = [ODD1, ODD2];
    ask((id) => get(`${ORIGIN}/api/link?sid=${encodeURIComponent(id)}&t=1`), odd);
    ask((id) => get(`${ORIGIN}/api/link?${new URLSearchParams({ sid: id, t: '1' })}`), odd);
    ask((id) => get(`${ORIGIN}/api/records/${encodeURIComponent(id)}/url`), odd);
    ask((id) => post(`${ORIGIN}/api/link`, `sid=${encodeURIComponent(id)}&kind=mp3`), odd);
    ask((id) => post(`${ORIGIN}/api/link`, `${new URLSearchParams({ sid: id, kind: 'mp3' })}`), odd);
    ask((id) => post(`${ORIGIN}/api/link`, JSON.stringify({ SessionId: id })), odd);
    ask((id) => post(`${ORIGIN}/api/link`, JSON.stringify({ SessionId: `${id}"\\` })), [`${ODD1}"\\`, `${ODD2}"\\`]);
    // A page that did not encode it, in the query and in a form body.
    ask((id) => get(`${ORIGIN}/api/link?sid=${id}&t=1`), [RAW1, RAW2]);
    ask((id) => post(`${ORIGIN}/api/link`, `sid=${id}&kind=mp3`), [RAW1, RAW2]);
  });

  it('learns nothing from a request that writes the id two ways, and finds a form-encoded id an answer does not name', () => {
    expect(
      learnLinkRecipe(get(`${ORIGIN}/api/link/${encodeURIComponent(RAW1)}?sid=${RAW1}`), { SessionId: RAW1, RecordURL: LINK }, isKnown),
    ).toBeNull();
    const learned = learnLinkRecipe(get(`${ORIGIN}/api/link?${new URLSearchParams({ sid: ODD1 })}`), { data: { url: COS_LINK } }, isKnown);
    expect(learned).toMatchObject({ sessionId: ODD1, recordUrl: COS_LINK });
    expect(linkRequest(learned!.recipe, ODD2).url).toBe(`${ORIGIN}/api/link?${new URLSearchParams({ sid: ODD2 })}`);
  });

  it('repeats a recipe kept from before it noted how the id is written: URI-encoded in the URL, JSON-escaped in the body', () => {
    const kept: LinkRecipe = { method: 'POST', url: [`${ORIGIN}/api/link?sid=`, '&t=1'], body: ['{"SessionId":"', '"}'], headers: [] };
    expect(linkRequest(kept, ODD1)).toEqual(
      post(`${ORIGIN}/api/link?sid=${encodeURIComponent(ODD1)}&t=1`, JSON.stringify({ SessionId: ODD1 })),
    );
    expect(linkRequest({ ...kept, urlForm: 'bogus' as never, bodyForm: 'uri' }, ODD1).url).toBe(
      `${ORIGIN}/api/link?sid=${encodeURIComponent(ODD1)}&t=1`,
    );
  });

  it('learns nothing from an answer that refuses, even one that carries a link', () => {
    const request = get(`${ORIGIN}/tcccadmin/cdr/recordUrl?SessionId=${S1}`);
    expect(learnLinkRecipe(request, { code: 1001, msg: '链接已过期', data: { SessionId: S1, RecordURL: LINK } }, isKnown)).toBeNull();
    expect(learnLinkRecipe(request, { success: false, data: { recordUrl: COS_LINK } }, isKnown)).toBeNull();
    expect(
      learnLinkRecipe(
        request,
        { Response: { Error: { Code: 'AuthFailure', Message: 'expired' }, SessionId: S1, RecordURL: LINK, RequestId: 'r' } },
        isKnown,
      ),
    ).toBeNull();
  });
});

describe('the recipe in a diagnostics report', () => {
  it('shows the method, the path, where the id goes and the header names, and nothing of the values', () => {
    const request = post(`${ORIGIN}/api/v1/link/${S1}?token=secret123&id=${S1}`, JSON.stringify({ SessionId: S1 }), [
      ['X-Csrf-Code', 'secret456'],
    ]);
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
    expect(linkInAnswer({ result: { downloadUrl: 'https://x.cos.ap-guangzhou.myqcloud.com/a.wav?sign=1' } }, S2)).toBe(
      'https://x.cos.ap-guangzhou.myqcloud.com/a.wav?sign=1',
    );
    expect(linkInAnswer({ code: 404, msg: '该通话没有录音' }, S2)).toBeNull();
    expect(linkInAnswer({ a: 'https://tccc.qcloud.com/x/1.mp3', b: 'https://tccc.qcloud.com/x/2.mp3' }, S2)).toBeNull();
    expect(linkInAnswer({ page: 'https://tccc.qcloud.com/help' }, S2)).toBeNull();
  });

  it('counts a string as a link only by its key, its audio extension or its COS host', () => {
    // Links the page may give, where their key or extension says so.
    const keys = [
      'RecordURL',
      'CustomRecordURL',
      'recordUrl',
      'customRecordUrl',
      'recordingUrl',
      'recording_url',
      'record_url',
      'audioUrl',
      'playUrl',
      'downloadUrl',
      'DOWNLOAD-URL',
    ];
    for (const key of keys)
      expect(linkInAnswer({ data: { [key]: 'https://tccc.qcloud.com/tcccadmin/x' } }, S1), key).toBe('https://tccc.qcloud.com/tcccadmin/x');
    for (const ext of ['mp3', 'wav', 'm4a', 'ogg', 'aac', 'amr', 'opus', 'OPUS'])
      expect(linkInAnswer({ file: `https://tccc.qcloud.com/rec/a.${ext}?t=1` }, S1), ext).toBe(`https://tccc.qcloud.com/rec/a.${ext}?t=1`);
    expect(linkInAnswer({ file: COS_LINK }, S1)).toBe(COS_LINK);
    expect(linkInAnswer({ file: 'https://rec-1250000000.cos.ap-shanghai.tencentcos.cn/k' }, S1)).toBe(
      'https://rec-1250000000.cos.ap-shanghai.tencentcos.cn/k',
    );
    // A path under a key that merely mentions a record is none, nor a look-alike host.
    expect(linkInAnswer({ data: { recordPage: 'https://tccc.qcloud.com/path/x' } }, S1)).toBeNull();
    expect(linkInAnswer({ data: { record: 'https://tccc.qcloud.com/record/x' } }, S1)).toBeNull();
    expect(linkInAnswer({ file: 'https://x.myqcloud.com.evil.example/k' }, S1)).toBeNull();
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=${S1}`), { data: { recordPage: 'https://tccc.qcloud.com/path/x' } }, isKnown)).toBeNull();
    // A relative path or a placeholder is no link, whatever its key (recording-link.ts).
    for (const placeholder of ['/tcccadmin/getRecord/k/t/a.mp3', '-', '无', '#', 'null'])
      expect(linkInAnswer({ data: { RecordURL: placeholder } }, S1), placeholder).toBeNull();
    // And so it does not make the real link ambiguous.
    expect(linkInAnswer({ data: { recordDetail: 'https://tccc.qcloud.com/tcccadmin/record/detail', url: COS_LINK } }, S1)).toBe(COS_LINK);
  });

  it('gives no link, and teaches nothing, when an answer that pairs no link with a call holds two', () => {
    const twos = [
      { data: { url: 'https://tccc.qcloud.com/x/a.mp3', backup: COS_LINK } },
      { url: 'https://tccc.qcloud.com/x/a.mp3', alt: 'https://tccc.qcloud.com/rec/a.amr' },
      { RecordURL: LINK, CustomRecordURL: COS_LINK },
      // Links past what is read could be a second one.
      {
        url: 'https://tccc.qcloud.com/x/a.mp3',
        filler: Array.from({ length: 3_000 }, (_, i) => i),
        other: 'https://tccc.qcloud.com/x/b.mp3',
      },
    ];
    for (const answer of twos) {
      expect(linkInAnswer(answer, S1)).toBeNull();
      expect(learnLinkRecipe(get(`${ORIGIN}/x?id=${S1}`), answer, isKnown)).toBeNull();
    }
  });

  it('takes no lone link beside another call’s id: it is that call’s recording', () => {
    const list = { data: { list: [{ SessionId: S1, Caller: '138', Callee: '400', RecordURL: LINK }] } };
    expect(linkInAnswer(list, S2)).toBeNull();
    expect(linkInAnswer(list, S1)).toBe(LINK);
    expect(linkInAnswer({ data: { sessionId: S1, url: COS_LINK } }, S2)).toBeNull();
    expect(learnLinkRecipe(get(`${ORIGIN}/x?id=${S2}`), list, isKnown)).toBeNull();
  });

  it('is read from every answer the tap forwards: the tap’s filter is never narrower', () => {
    const answers = [
      { data: { SessionId: S1, RecordURL: LINK } },
      { data: { url: COS_LINK } },
      { file: 'https://rec-1250000000.cos.ap-shanghai.tencentcos.cn/k' },
      ...AUDIO_EXTENSIONS.map((ext) => ({ file: `https://tccc.qcloud.com/rec/a.${ext}` })),
      ...LINK_KEYS.map((key) => ({ [key]: 'https://tccc.qcloud.com/tcccadmin/x' })),
      ...['Recording_URL', 'custom-record-url', 'PLAYURL'].map((key) => ({ [key]: 'https://tccc.qcloud.com/tcccadmin/x' })),
    ];
    for (const answer of answers) {
      expect(linkInAnswer(answer, S1), JSON.stringify(answer)).not.toBeNull();
      expect(mayHoldRecords(JSON.stringify(answer)), JSON.stringify(answer)).toBe(true);
    }
  });
});

describe('an answer that refuses', () => {
  it('is told by its envelope, whatever the HTTP status', () => {
    const refusals = [
      { code: 401, msg: '登录态失效' },
      { code: 'AuthFailure' },
      { code: '500', message: 'busy' },
      { Code: -1, Message: 'x' },
      { errcode: 40001, errmsg: 'invalid credential' },
      { ret: 1 },
      { success: false, data: null },
      { Response: { Error: { Code: 'AuthFailure.SignatureExpire', Message: '签名过期' }, RequestId: 'r' } },
      { error: { message: 'denied' } },
      { error: 'expired' },
      { errors: [{ message: 'x' }] },
      // Wrapped by a gateway: the service behind it refused.
      { code: 0, data: { Response: { Error: { Code: 'AuthFailure', Message: 'x' } } } },
      { code: 0, result: { errcode: 40001 } },
    ];
    for (const answer of refusals) expect(answerRefused(answer), JSON.stringify(answer)).toBe(true);
  });

  it('is not any other answer', () => {
    const answers = [
      { code: 0, data: { SessionId: S1, RecordURL: LINK } },
      { code: '0', msg: 'ok' },
      { code: 200, data: {} },
      { Code: 'Success' },
      { code: '000000', data: { SessionId: S1, RecordURL: LINK } },
      { code: 20000, data: {} },
      { code: 0, data: { Response: { RecordURL: LINK, RequestId: 'r' } } },
      { errcode: 0, errmsg: 'ok' },
      { ret: 0 },
      { Response: { RecordURL: LINK, RequestId: 'r' } },
      { success: true },
      { error: null, errors: [], data: {} },
      { url: LINK },
      {},
      [{ code: 1 }],
      null,
      'text',
      42,
    ];
    for (const answer of answers) expect(answerRefused(answer), JSON.stringify(answer)).toBe(false);
  });
});

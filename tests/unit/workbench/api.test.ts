import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMp3, makeMp3 } from '../../workbench/mp3';
import { startWorkbench, type Workbench } from '../../workbench/server';
import { camelCased } from '../../workbench/modes';
import { request } from 'node:https';
import { callStandIn, type CallOptions, type Reply } from '../../workbench/client';

let wb: Workbench;
let cookie = '';

function call(url: string, opts: CallOptions & { on?: Workbench } = {}): Promise<Reply> {
  return callStandIn(opts.on ?? wb, url, opts);
}

const LIST = 'https://tccc.qcloud.com/tcccadmin/cdr/telList';
type ListBody = { data: { TotalCount: number; TelCdrList: { SessionId: string; RecordURL: string; CustomRecordURL: string }[] } };
const list = async (q: Record<string, unknown>) => {
  const r = await call(LIST, { method: 'POST', body: q, cookie });
  return { status: r.status, json: JSON.parse(r.body.toString()) as ListBody };
};

beforeAll(async () => {
  wb = await startWorkbench({ port: 0, count: 57, recordingBytes: 20_000 });
  const login = await call(wb.loginUrl);
  cookie = String(login.headers['set-cookie']).split(';')[0]!;
});
afterAll(() => wb.close());

const isLink = (url: string) => /^https:\/\//.test(url);

describe('the stand-in workbench’s API', () => {
  it('logs in with a session cookie and refuses /tcccadmin without it', async () => {
    const login = await call(wb.loginUrl);
    expect(login.status).toBe(302);
    expect(String(login.headers['set-cookie'])).toMatch(/tccc_session=\w+; HttpOnly; Secure/);
    expect((await call(LIST, { method: 'POST', body: { PageSize: 10, PageNumber: 0 } })).status).toBe(401);
    expect((await call(LIST, { method: 'POST', body: { PageSize: 10, PageNumber: 0 }, cookie: 'tccc_session=forged' })).status).toBe(401);
  });

  it('serves the SPA at /saas-manage/ with its config', async () => {
    const page = await call('https://tccc.qcloud.com/saas-manage/');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('"sdkAppId":"1400000000"');
  });

  it('pages through every record exactly once, with page sizes 10/20/50/100 only', async () => {
    for (const size of [10, 20, 50, 100]) {
      const seen: string[] = [];
      for (let p = 0; p * size < 57; p++) {
        const { status, json } = await list({ PageSize: size, PageNumber: p });
        expect(status).toBe(200);
        expect(json.data.TotalCount).toBe(57);
        seen.push(...json.data.TelCdrList.map((c) => c.SessionId));
      }
      expect(seen).toEqual(wb.calls.map((c) => c.cdr.SessionId));
    }
    expect((await list({ PageSize: 7, PageNumber: 0 })).status).toBe(400);
    expect((await list({ PageSize: 10, PageNumber: -1 })).status).toBe(400);
  });

  it('filters by phone number and by time window', async () => {
    const target = wb.calls.find((c) => c.cdr.Caller.startsWith('00861'))!.cdr;
    const digits = target.Caller.slice(4);
    const { json } = await list({ PageSize: 100, PageNumber: 0, Phone: digits });
    expect(json.data.TelCdrList.map((c) => c.SessionId)).toContain(target.SessionId);
    expect(json.data.TotalCount).toBeLessThan(57);
    const t = target.StartTimestamp;
    const window = await list({ PageSize: 100, PageNumber: 0, StartTimeStamp: t, EndTimeStamp: t });
    expect(window.json.data.TelCdrList.map((c) => c.SessionId)).toEqual(
      wb.calls.filter((c) => c.cdr.StartTimestamp === t).map((c) => c.cdr.SessionId),
    );
  });

  it('refuses a time window over 90 days as the cloud API does, with InvalidParameterValue', async () => {
    const t = wb.calls[0]!.cdr.StartTimestamp;
    const { json } = await list({ PageSize: 10, PageNumber: 0, StartTimeStamp: t - 91 * 86_400, EndTimeStamp: t });
    expect(json).toMatchObject({ code: 'InvalidParameterValue' });
    expect((json as unknown as { msg: string }).msg).toContain('90');
    const within = await list({ PageSize: 10, PageNumber: 0, StartTimeStamp: t - 89 * 86_400, EndTimeStamp: t });
    expect(within.json.data.TelCdrList.length).toBeGreaterThan(0);
  });

  it('reads a query packed for a gateway (base64 JSON) as the same query', async () => {
    const plain = await list({ PageSize: 10, PageNumber: 1 });
    const packed = await list({ q: Buffer.from(JSON.stringify({ PageSize: 10, PageNumber: 1 })).toString('base64') });
    expect(packed.json.data.TelCdrList.map((c) => c.SessionId)).toEqual(plain.json.data.TelCdrList.map((c) => c.SessionId));
  });

  it('serves each recording as valid MP3 with exact length, only with the cookie', async () => {
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    const rec = json.data.TelCdrList.find((c) => isLink(c.RecordURL))!;
    const ok = await call(rec.RecordURL, { cookie });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('audio/mpeg');
    expect(Number(ok.headers['content-length'])).toBe(20_000);
    expect(ok.body.equals(wb.recordingBytes(rec.SessionId))).toBe(true);
    expect(isValidMp3(ok.body)).toBe(true);
    // Without a login the link goes to the sign-in page, as an SSO does.
    const signIn = await call(rec.RecordURL);
    expect(signIn.status).toBe(302);
    expect(String(signIn.headers.location)).toMatch(/^\/login\b/);
    const page = await call(`https://tccc.qcloud.com${String(signIn.headers.location)}`);
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    // The cookie-less request was refused before it reached the recording.
    expect(wb.requestCount(rec.SessionId)).toBe(1);
    expect(wb.completedCount(rec.SessionId)).toBe(1);
  });

  it('gives calls without a recording no link', async () => {
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    const none = wb.calls.filter((c) => !c.recordingKey).map((c) => c.cdr.SessionId);
    const written = new Set<string>();
    for (const c of json.data.TelCdrList) {
      if (!none.includes(c.SessionId)) continue;
      expect(isLink(c.RecordURL) || isLink(c.CustomRecordURL)).toBe(false);
      written.add(c.RecordURL);
    }
    // As real lists do: empty, or a placeholder that is no link.
    expect([...written].sort()).toEqual(['', '#', '-', '0', 'null', '无'].sort());
  });

  it('gives some calls their COS copy alone, with a placeholder in RecordURL', async () => {
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    const cosOnly = json.data.TelCdrList.filter((c) => wb.cosOnlyIds.includes(c.SessionId));
    expect(cosOnly.length).toBeGreaterThan(0);
    for (const c of cosOnly) {
      expect(c.RecordURL).toBe('-');
      expect(new URL(c.CustomRecordURL).hostname).toBe(wb.cosHost);
      expect((await call(c.CustomRecordURL)).body.equals(wb.recordingBytes(c.SessionId))).toBe(true);
    }
  });

  it('serves COS copies without the cookie', async () => {
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    const rec = json.data.TelCdrList.find((c) => isLink(c.CustomRecordURL))!;
    expect(new URL(rec.CustomRecordURL).hostname).toBe(wb.cosHost);
    const ok = await call(rec.CustomRecordURL);
    expect(ok.status).toBe(200);
    expect(ok.body.equals(wb.recordingBytes(rec.SessionId, 'custom'))).toBe(true);
    const tampered = rec.CustomRecordURL.replace(/sign=\w+/, 'sign=forged');
    expect((await call(tampered)).status).toBe(403);
  });

  it('expires links: 403 after the token lifetime, a fresh link works again', async () => {
    wb.setTokenTtl(50);
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    const rec = json.data.TelCdrList.find((c) => isLink(c.RecordURL) && isLink(c.CustomRecordURL))!;
    await new Promise((r) => setTimeout(r, 120));
    expect((await call(rec.RecordURL, { cookie })).status).toBe(403);
    expect((await call(rec.CustomRecordURL)).status).toBe(403);
    wb.setTokenTtl(60_000);
    const fresh = await call(`https://tccc.qcloud.com/tcccadmin/cdr/recordUrl?SessionId=${rec.SessionId}`, { cookie });
    const url = (JSON.parse(fresh.body.toString()) as { data: { RecordURL: string } }).data.RecordURL;
    expect((await call(url, { cookie })).status).toBe(200);
  });

  it('serves a recording as COS does: ranges answered 206, If-Range honoured, a name of its own', async () => {
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    // Calls without a recording carry placeholders (`-`, `无`…) where a link would be.
    const rec = json.data.TelCdrList.find((c) => c.RecordURL?.startsWith('https://'))!;
    const whole = wb.recordingBytes(rec.SessionId);
    const full = await call(rec.RecordURL, { cookie });
    expect(full.headers['accept-ranges']).toBe('bytes');
    const etag = String(full.headers.etag);
    expect(etag).toMatch(/^"\w+"$/);
    expect(full.headers['last-modified']).toBeTruthy();
    // The server's own name: what a resumed download may be saved as. A COS object's has no SessionId.
    expect(String(full.headers['content-disposition'])).toMatch(/^attachment; filename="[^"]+\.mp3"$/);
    const cos = json.data.TelCdrList.find((c) => c.CustomRecordURL?.startsWith('https://'))!;
    const cosName = String((await call(cos.CustomRecordURL, { headers: { Range: 'bytes=0-0' } })).headers['content-disposition']);
    expect(cosName).toMatch(/^attachment; filename="[^"]+\.mp3"$/);
    expect(cosName).not.toContain(cos.SessionId);

    const tail = await call(rec.RecordURL, { cookie, headers: { Range: 'bytes=5000-', 'If-Range': etag } });
    expect(tail.status).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes 5000-19999/20000`);
    expect(tail.body.equals(whole.subarray(5000))).toBe(true);
    const last = await call(rec.RecordURL, { cookie, headers: { Range: 'bytes=-100' } });
    expect(last.body.equals(whole.subarray(-100))).toBe(true);
    // A validator that no longer matches: the whole file again.
    const changed = await call(rec.RecordURL, { cookie, headers: { Range: 'bytes=5000-', 'If-Range': '"other"' } });
    expect(changed.status).toBe(200);
    expect(changed.body.equals(whole)).toBe(true);
    expect((await call(rec.RecordURL, { cookie, headers: { Range: 'bytes=20000-' } })).status).toBe(416);
  });

  it('expires every login at once: a recording link then leads to the sign-in page, and a new login works', async () => {
    const on = await startWorkbench({ port: 0, count: 10 });
    try {
      const mine = String((await call(on.loginUrl, { on })).headers['set-cookie']).split(';')[0]!;
      const page = await call(LIST, { method: 'POST', body: { PageSize: 10, PageNumber: 0 }, cookie: mine, on });
      const link = (JSON.parse(page.body.toString()) as ListBody).data.TelCdrList.find((c) => c.RecordURL)!.RecordURL;
      expect((await call(link, { cookie: mine, on })).status).toBe(200);
      on.expireSessions();
      expect((await call(link, { cookie: mine, on })).status).toBe(302);
      const again = String((await call(on.loginUrl, { on })).headers['set-cookie']).split(';')[0]!;
      expect((await call(link, { cookie: again, on })).status).toBe(200);
    } finally {
      await on.close();
    }
  });

  it('injects faults: errors, an error answered 200, connections dropped mid-body, and latency', async () => {
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    const rec = json.data.TelCdrList.find((c) => isLink(c.RecordURL))!;
    wb.setFaults({ errorRate: 1 });
    expect((await call(rec.RecordURL, { cookie })).status).toBe(500);
    wb.setFaults({ errorBodyRate: 1 });
    const errorBody = await call(rec.RecordURL, { cookie });
    expect([errorBody.status, errorBody.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
    wb.setFaults({ resetRate: 1 });
    let received = 0;
    await expect(
      call(rec.RecordURL, {
        cookie,
        onData: (c) => {
          received += c.length;
        },
      }),
    ).rejects.toThrow();
    // Some of the body came before the drop, not all of it: a browser has something to resume.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(20_000);
    wb.setFaults({ latencyMs: 150 });
    const t0 = Date.now();
    expect((await call(rec.RecordURL, { cookie })).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    wb.setFaults({});
  });
  it('counts a recording sent whole only when its last byte went out: a client that hung up mid-body got part of it', async () => {
    const { json } = await list({ PageSize: 100, PageNumber: 0 });
    const rec = json.data.TelCdrList.filter((c) => isLink(c.RecordURL))[1]!;
    const whole = wb.completedCount(rec.SessionId);
    wb.setFaults({ bytesPerSecond: 20_000 });
    const u = new URL(rec.RecordURL);
    // A browser closing mid-file: the connection goes after the first part of the body.
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: wb.port,
          servername: u.hostname,
          path: u.pathname,
          rejectUnauthorized: false,
          headers: { Host: u.hostname, Cookie: cookie },
        },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', () => {});
      req.end();
      setTimeout(() => reject(new Error('no body came')), 5000);
    });
    // Long enough for the rest of the body to have gone out, had the server kept sending.
    await new Promise((r) => setTimeout(r, 1500));
    wb.setFaults({});
    expect(wb.requestCount(rec.SessionId)).toBeGreaterThan(0);
    expect(wb.completedCount(rec.SessionId)).toBe(whole);
  });
});

describe('the stand-in’s other plausible workbenches', () => {
  async function loggedIn(mode: 'xhr-grid' | 'lazy-links') {
    const on = await startWorkbench({ port: 0, count: 25, mode });
    const login = await call(on.loginUrl, { on });
    return { on, cookie: String(login.headers['set-cookie']).split(';')[0]! };
  }

  it('spells fields in camelCase the way a gateway would', () => {
    expect(camelCased({ SessionId: 's', RecordURL: 'u', SeatUser: { StaffNumber: '7' }, List: [{ Key: 'k' }] })).toEqual({
      sessionId: 's',
      recordUrl: 'u',
      seatUser: { staffNumber: '7' },
      list: [{ key: 'k' }],
    });
  });

  it('lists by offset and limit over GET in another envelope', async () => {
    const { on, cookie: otherCookie } = await loggedIn('xhr-grid');
    try {
      const r = await call(
        `https://tccc.qcloud.com/tcccadmin/v2/calls?offset=20&limit=10&from=${on.calls.at(-1)!.cdr.StartTimestamp}&to=${on.calls[0]!.cdr.StartTimestamp}`,
        { on, cookie: otherCookie },
      );
      const body = JSON.parse(r.body.toString()) as { result: { total: number; items: { SessionId: string }[] } };
      expect(body.result.total).toBe(25);
      expect(body.result.items.map((i) => i.SessionId)).toEqual(on.calls.slice(20).map((c) => c.cdr.SessionId));
      expect((await call(LIST, { method: 'POST', body: { PageSize: 10, PageNumber: 0 }, cookie: otherCookie, on })).status).toBe(404);
    } finally {
      await on.close();
    }
  });

  it('gives recording links only on demand, one call at a time, when the list has none', async () => {
    const { on, cookie: otherCookie } = await loggedIn('lazy-links');
    try {
      const r = await call(LIST, { method: 'POST', body: { PageSize: 100, PageNumber: 0 }, cookie: otherCookie, on });
      const items = (JSON.parse(r.body.toString()) as { data: { TelCdrList: Record<string, unknown>[] } }).data.TelCdrList;
      expect(JSON.stringify(items)).not.toMatch(/getRecord|recordUrl/i);
      expect(items[0]).toHaveProperty('sessionId');
      const withRecording = on.calls.find((c) => c.recordingKey)!;
      const link = await call(`https://tccc.qcloud.com/tcccadmin/cdr/recordUrl?SessionId=${withRecording.cdr.SessionId}`, {
        on,
        cookie: otherCookie,
      });
      const url = (JSON.parse(link.body.toString()) as { data: { recordUrl: string } }).data.recordUrl;
      const file = await call(url, { on, cookie: otherCookie });
      expect(file.body.equals(on.recordingBytes(withRecording.cdr.SessionId))).toBe(true);
      const without = on.calls.find((c) => !c.recordingKey)!;
      expect(
        (await call(`https://tccc.qcloud.com/tcccadmin/cdr/recordUrl?SessionId=${without.cdr.SessionId}`, { on, cookie: otherCookie }))
          .status,
      ).toBe(404);
    } finally {
      await on.close();
    }
  });
});

describe('the stand-in’s MP3 bytes', () => {
  it('are valid frames of the exact size, different per call', () => {
    const a = makeMp3('a', 100_000);
    expect(a.length).toBe(100_000);
    expect(isValidMp3(a, 50)).toBe(true);
    expect(makeMp3('a', 100_000).equals(a)).toBe(true);
    expect(makeMp3('b', 100_000).equals(a)).toBe(false);
    expect(isValidMp3(Buffer.from('not an mp3 at all'))).toBe(false);
  });
});

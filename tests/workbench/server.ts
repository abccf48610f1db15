import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { generateCalls, mulberry32 } from './generator.ts';
import { makeMp3 } from './mp3.ts';
import { selfSignedCert } from './cert.ts';
import type { GeneratedCall, TelCdrInfo } from './types.ts';
import { PAGE_MODES, VIRTUAL_WINDOW, camelCased, type PageMode, type PageModeName } from './modes.ts';

export interface Faults {
  latencyMs?: number;
  bytesPerSecond?: number;
  /** Share of recording requests answered 500. */
  errorRate?: number;
  /** Share of recording requests cut off mid-body, after some of it was sent (a dropped connection). */
  resetRate?: number;
  /** How long the list endpoint takes to answer. */
  listLatencyMs?: number;
  /** Share of recording requests answered 200 with a JSON error, as a gateway or a placeholder link does. */
  errorBodyRate?: number;
  /** Calls whose recording the server no longer has, by SessionId: a fresh link to it is refused alike. */
  missing?: string[];
  /** How `missing` recordings are refused: COS's `404 NoSuchKey` by default, or `410 Gone`. */
  missingStatus?: 404 | 410;
}

export interface WorkbenchOptions {
  port?: number;
  seed?: number;
  count?: number;
  now?: number;
  tokenTtlMs?: number;
  recordingBytes?: number;
  faults?: Faults;
  /** Which plausible workbench to be (see modes.ts); `classic` by default. */
  mode?: PageModeName;
  /** Headers shown under other names, e.g. `{ 时间: '日期' }`: a page that renamed a column. */
  renameColumns?: Record<string, string>;
  /**
   * The page signs each list request with a nonce (`X-Request-Nonce`) and the server refuses
   * one it has seen: a list request that cannot be repeated.
   */
  signedList?: boolean;
  /**
   * The page sends its list query packed (`{"q": base64 of the JSON}`), as some gateways want
   * it: nothing in it reads as a page number or size, so the list request cannot be learned.
   */
  packedList?: boolean;
  /** The zone the page prints times in, whatever the browser's: the mode's choice by default. */
  clock?: 'browser' | 'china';
  /** Remarks this long (see `GenerateOptions.remarkChars`). */
  remarkChars?: number;
}

export interface Workbench {
  port: number;
  origin: 'https://tccc.qcloud.com';
  cosHost: string;
  sdkAppId: string;
  hostResolverRules: string;
  calls: GeneratedCall[];
  recordPageUrl: string;
  homeUrl: string;
  loginUrl: string;
  /** The bytes of a call's recording: by default those of the link its list carries (its COS copy where RecordURL is a placeholder). */
  recordingBytes(sessionId: string, which?: 'record' | 'custom'): Buffer;
  /** Calls whose list carries a placeholder (`-`) in RecordURL and the link in CustomRecordURL alone (links in the list only). */
  cosOnlyIds: string[];
  requestCount(sessionId: string): number;
  /** How often a call's link was asked for on its own (`on-demand` links). */
  linkRequestCount(sessionId: string): number;
  /** How many times the list endpoint was asked, by the page or by anyone else. */
  listRequestCount(): number;
  /** How often the server sent a call's recording whole, from its first byte to its last. */
  completedCount(sessionId: string): number;
  /** When each whole send of a call's recording ended (its last byte handed to the network). */
  completedAt(sessionId: string): number[];
  /** How often a call's recording was sent from a later byte to its end: a download resumed. */
  resumedCount(sessionId: string): number;
  setFaults(f: Faults): void;
  setTokenTtl(ms: number): void;
  /** Every login expires at once, as a session timeout does: the user has to sign in again. */
  expireSessions(): void;
  close(): Promise<void>;
}

const HOST = 'tccc.qcloud.com';
const COS_HOST = 'tccc-demo-1250000000.cos.ap-guangzhou.myqcloud.com';
const SDK_APP_ID = '1400000000';
const COOKIE = 'tccc_session';
const RECORDING_PATH = /^\/tcccadmin\/getRecord\/([\w]+)\/([\w-]+)\/[^/]+\.mp3$/;
const PAGE_SIZES = [10, 20, 50, 100];
const MAX_WINDOW_S = 90 * 86_400;
const APP_DIR = join(import.meta.dirname, 'app');

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) out[k] = v.join('=');
  }
  return out;
}

/**
 * The byte range a request asks for, as RFC 9110 has it: one `bytes=` range; with `If-Range`,
 * only while the validator still matches (otherwise the whole body). Null for the whole body.
 */
function requestedRange(
  req: Pick<IncomingMessage, 'headers'>,
  length: number,
  etag: string,
  lastModified: string,
): [number, number] | 'unsatisfiable' | null {
  const header = req.headers.range;
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (!m[1] && !m[2])) return null;
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== etag && ifRange !== lastModified) return null;
  let start: number;
  let end: number;
  if (!m[1]) {
    start = Math.max(0, length - Number(m[2]));
    end = length - 1;
  } else {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), length - 1) : length - 1;
  }
  if (start >= length || start > end) return 'unsatisfiable';
  return [start, end];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stand-in TCCC workbench over HTTPS, answering as tccc.qcloud.com and one COS bucket. */
export async function startWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const calls = generateCalls({ seed: opts.seed ?? 1, count: opts.count ?? 240, now, remarkChars: opts.remarkChars });
  const byId = new Map(calls.map((c) => [c.cdr.SessionId, c]));
  const byKey = new Map(calls.filter((c) => c.recordingKey).map((c) => [c.recordingKey!, c]));
  /**
   * What real lists write where a call has no recording: an empty string, or a placeholder
   * that is no link. And where only the customer's COS copy is there, `RecordURL` holds a
   * placeholder beside it: every third call with a COS copy.
   */
  const NO_LINK = ['', '-', 'null', '无', '#', '0'];
  const noLink = new Map(calls.filter((c) => !c.recordingKey).map((c, i) => [c.cdr.SessionId, NO_LINK[i % NO_LINK.length]!]));
  const cosOnly = new Set(
    calls
      .filter((c) => c.hasCustomRecording)
      .filter((_, i) => i % 3 === 1)
      .map((c) => c.cdr.SessionId),
  );
  const size = opts.recordingBytes ?? 64 * 1024;
  const secret = randomBytes(16);
  const sessions = new Set<string>();
  const requests = new Map<string, number>();
  const linkRequests = new Map<string, number>();
  /** List requests answered (or refused), and the nonces of signed ones seen. */
  let listRequests = 0;
  const nonces = new Set<string>();
  const completed = new Map<string, number>();
  const completedTimes = new Map<string, number[]>();
  const resumed = new Map<string, number>();
  let faults: Faults = { ...opts.faults };
  let tokenTtl = opts.tokenTtlMs ?? 10 * 60_000;
  const faultRand = mulberry32((opts.seed ?? 1) * 7919);
  const modeName: PageModeName = opts.mode ?? 'classic';
  const mode: PageMode = PAGE_MODES[modeName];
  /** What goes over the wire in this mode's spelling. */
  const wire = (body: unknown) => (mode.casing === 'camel' ? camelCased(body) : body);
  const sockets = new Set<Socket>();

  const bytes = (id: string, which: 'record' | 'custom') => makeMp3(`${id}:${which}`, size);
  const sign = (path: string, expires: number) => createHmac('sha256', secret).update(`${path}|${expires}`).digest('hex').slice(0, 32);

  /** A call with fresh links, as a list carries it (`inList`) or as the page's link request answers. */
  function freshLinks(call: GeneratedCall, inList = false): TelCdrInfo {
    const cdr = structuredClone(call.cdr);
    if (!call.recordingKey) {
      const placeholder = noLink.get(cdr.SessionId) ?? '';
      cdr.RecordURL = cdr.CustomRecordURL = placeholder;
      for (const p of cdr.ServeParticipants) p.RecordURL = p.CustomRecordURL = placeholder;
      return cdr;
    }
    const exp = Date.now() + tokenTtl;
    const token = Buffer.from(
      JSON.stringify({ tokenIdEnv: 'prod', nonce: randomBytes(6).toString('hex'), exp, sig: sign(call.recordingKey, exp) }),
    ).toString('base64url');
    cdr.RecordURL = `https://${HOST}/tcccadmin/getRecord/${call.recordingKey}/${token}/000-${cdr.SessionId}-${cdr.StartTimestamp}.mp3`;
    if (call.hasCustomRecording) {
      const day = new Date(cdr.StartTimestamp * 1000).toISOString().slice(0, 10);
      const path = `/records/${day}/${cdr.SessionId}.mp3`;
      cdr.CustomRecordURL = `https://${COS_HOST}${path}?sign=${sign(path, exp)}&expires=${exp}`;
    }
    if (inList && cosOnly.has(cdr.SessionId)) cdr.RecordURL = '-';
    for (const p of cdr.ServeParticipants) {
      p.RecordURL = cdr.RecordURL;
      p.CustomRecordURL = cdr.CustomRecordURL;
    }
    return cdr;
  }

  /**
   * A recording the way COS serves one: `Accept-Ranges`, a strong `ETag`, `Last-Modified` and a
   * `Content-Disposition` name of the server's own (a COS object's has no SessionId in it); `Range`, with `If-Range`
   * honoured, answers 206. A browser can therefore resume an interrupted download by itself.
   */
  async function serveRecording(req: IncomingMessage, res: ServerResponse, call: GeneratedCall, which: 'record' | 'custom'): Promise<void> {
    const id = call.cdr.SessionId;
    requests.set(id, (requests.get(id) ?? 0) + 1);
    if (faults.latencyMs) await sleep(faults.latencyMs);
    if (faults.missing?.includes(id))
      return json(res, faults.missingStatus ?? 404, { Code: 'NoSuchKey', Message: 'The specified key does not exist.' });
    if (faults.errorRate && faultRand() < faults.errorRate) return json(res, 500, { code: 500, msg: 'internal error' });
    if (faults.errorBodyRate && faultRand() < faults.errorBodyRate)
      return json(res, 200, { code: 'InternalError', msg: '系统繁忙，请稍后再试' });
    const body = bytes(id, which);
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const lastModified = new Date((call.cdr.StartTimestamp + call.cdr.Time + 5) * 1000).toUTCString();
    const range = requestedRange(req, body.length, etag, lastModified);
    const headers: Record<string, string | number> = {
      'Content-Type': 'audio/mpeg',
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': lastModified,
      // The workbench's own link names the call as its path does; a COS object goes by its own key.
      'Content-Disposition': `attachment; filename="${which === 'record' ? `000-${id}.mp3` : `${call.recordingKey}.mp3`}"`,
      'Cache-Control': 'no-store',
      ...(which === 'custom' ? { 'Access-Control-Allow-Origin': '*' } : {}),
    };
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${body.length}`, 'Content-Length': 0 });
      return void res.end();
    }
    const [start, end] = range ?? [0, body.length - 1];
    const part = body.subarray(start, end + 1);
    if (range) res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': part.length });
    else res.writeHead(200, { ...headers, 'Content-Length': part.length });
    // Dropped after a part of the body went out, as a connection that dies mid-file.
    const cutAt =
      faults.resetRate !== undefined && faultRand() < faults.resetRate
        ? Math.max(1, Math.floor(part.length * (0.25 + faultRand() / 2)))
        : Infinity;
    const chunk = faults.bytesPerSecond ? Math.max(1024, Math.floor(faults.bytesPerSecond / 10)) : part.length;
    // Sent whole only when its last byte went out: a client that hung up (a browser closing) got part of it.
    res.once('finish', () => {
      if (start === 0) {
        completed.set(id, (completed.get(id) ?? 0) + 1);
        completedTimes.set(id, [...(completedTimes.get(id) ?? []), Date.now()]);
      } else resumed.set(id, (resumed.get(id) ?? 0) + 1);
    });
    for (let offset = 0; offset < part.length; offset += chunk) {
      if (res.destroyed) return;
      const upTo = Math.min(offset + chunk, part.length, cutAt);
      await new Promise<void>((resolve) => res.write(part.subarray(offset, upTo), () => resolve()));
      if (upTo >= cutAt) {
        await sleep(20);
        res.socket?.destroy();
        return;
      }
      if (faults.bytesPerSecond) await sleep(100);
    }
    res.end();
  }

  function listCalls(query: Record<string, unknown>): { status: number; body: unknown } {
    const pageSize = Number(query.PageSize ?? 10);
    const pageNumber = Number(query.PageNumber ?? 0);
    if (!PAGE_SIZES.includes(pageSize) || !Number.isInteger(pageNumber) || pageNumber < 0) {
      return { status: 400, body: { code: 400, msg: 'PageSize must be 10, 20, 50 or 100; PageNumber from 0' } };
    }
    const from = Number(query.StartTimeStamp ?? 0);
    const to = Number(query.EndTimeStamp ?? Number.MAX_SAFE_INTEGER);
    // DescribeTelCdr's window is under 90 days; a longer one is refused as the cloud API refuses it.
    if (query.StartTimeStamp !== undefined && query.EndTimeStamp !== undefined && to - from > MAX_WINDOW_S)
      return {
        status: 200,
        body: { code: 'InvalidParameterValue', msg: '查询时间跨度不能超过90天', RequestId: randomBytes(8).toString('hex') },
      };
    const phone = String(query.Phone ?? '').replace(/\D/g, '');
    const found = calls.filter(
      (c) =>
        c.cdr.StartTimestamp >= from &&
        c.cdr.StartTimestamp <= to &&
        (!phone || [c.cdr.Caller, c.cdr.Callee, c.cdr.ProtectedCaller, c.cdr.ProtectedCallee].some((n) => n.includes(phone))),
    );
    const page = found
      .slice(pageNumber * pageSize, (pageNumber + 1) * pageSize)
      .map((c) => (mode.links === 'inline' ? freshLinks(c, true) : withoutLinks(c)));
    return { status: 200, body: { code: 0, msg: 'ok', data: { TotalCount: found.length, TelCdrList: wire(page) } } };
  }

  /** A list item in `on-demand` mode: whether there is a recording, but no link to it. */
  function withoutLinks(call: GeneratedCall): Record<string, unknown> {
    const { RecordURL: _link, CustomRecordURL: _custom, ServeParticipants, ...rest } = structuredClone(call.cdr);
    const participants = ServeParticipants.map(({ RecordURL: _l, CustomRecordURL: _c, ...p }) => p);
    return { ...rest, ServeParticipants: participants, HasRecord: call.recordingKey !== null };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').split(':')[0];
    const url = new URL(req.url ?? '/', `https://${host}`);
    const path = url.pathname;

    if (host === COS_HOST) {
      const m = /^\/records\/[\d-]+\/([\w-]+)\.mp3$/.exec(path);
      const call = m ? byId.get(m[1]!) : undefined;
      if (!call?.hasCustomRecording) return json(res, 404, { Code: 'NoSuchKey' });
      const exp = Number(url.searchParams.get('expires'));
      if (url.searchParams.get('sign') !== sign(path, exp) || exp < Date.now()) {
        requests.set(call.cdr.SessionId, (requests.get(call.cdr.SessionId) ?? 0) + 1);
        return json(res, 403, { Code: 'AccessDenied', Message: 'Request has expired' });
      }
      return serveRecording(req, res, call, 'custom');
    }

    const session = cookies(req)[COOKIE];
    const loggedIn = session !== undefined && sessions.has(session);

    if (path === '/') return void res.writeHead(302, { Location: '/login' }).end();
    if (path === '/login') {
      if (req.method === 'POST' || url.searchParams.get('auto') === '1') {
        const id = randomBytes(16).toString('hex');
        sessions.add(id);
        res.writeHead(302, {
          'Set-Cookie': `${COOKIE}=${id}; HttpOnly; Secure; SameSite=Lax; Path=/`,
          Location: `/saas-manage/#/${SDK_APP_ID}/home`,
        });
        return void res.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(readFileSync(join(APP_DIR, 'login.html')));
    }
    if (path === '/saas-manage/' || path === '/saas-manage') {
      const html = readFileSync(join(APP_DIR, 'index.html'), 'utf8').replace(
        '__CONFIG__',
        JSON.stringify({
          mode,
          sdkAppId: SDK_APP_ID,
          now,
          renameColumns: opts.renameColumns ?? {},
          signedList: !!opts.signedList,
          packedList: !!opts.packedList,
          clock: opts.clock ?? mode.clock,
          virtualWindow: VIRTUAL_WINDOW,
        }),
      );
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(html);
    }
    if (path === '/saas-manage/app.js' || path === '/saas-manage/tea.js' || path === '/saas-manage/app.css') {
      const type = path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8';
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      return void res.end(readFileSync(join(APP_DIR, path.slice('/saas-manage/'.length))));
    }

    if (path.startsWith('/tcccadmin/')) {
      // A recording link followed without a login goes to the sign-in page, as a real SSO
      // does: a 200 HTML page where the recording should be.
      if (!loggedIn && RECORDING_PATH.test(path)) {
        return void res.writeHead(302, { Location: `/login?redirect=${encodeURIComponent(path)}`, 'Cache-Control': 'no-store' }).end();
      }
      if (!loggedIn) return json(res, 401, { code: 401, msg: '登录已过期，请重新登录' });
      if (path === '/tcccadmin/v2/calls' || path === '/tcccadmin/cdr/telList') {
        listRequests++;
        if (faults.listLatencyMs) await sleep(faults.listLatencyMs);
        if (opts.signedList) {
          const nonce = String(req.headers['x-request-nonce'] ?? '');
          if (!nonce || nonces.has(nonce)) return json(res, 403, { code: 'AuthFailure.SignatureExpire', msg: '签名已使用' });
          nonces.add(nonce);
        }
      }
      if (path === '/tcccadmin/v2/calls' && req.method === 'GET' && mode.api === 'get-offset') {
        const q = url.searchParams;
        const limit = Number(q.get('limit') ?? 10);
        const offset = Number(q.get('offset') ?? 0);
        const { status, body } = listCalls({
          PageSize: limit,
          PageNumber: Math.floor(offset / limit),
          StartTimeStamp: q.get('from') ?? undefined,
          EndTimeStamp: q.get('to') ?? undefined,
          Phone: q.get('phone') ?? undefined,
        });
        if (status !== 200) return json(res, status, body);
        const refused = body as { code: number | string; msg: string };
        if (refused.code !== 0) return json(res, 200, { ok: false, error: { code: refused.code, message: refused.msg } });
        const data = (body as { data: { TotalCount: number; TelCdrList: unknown[] } }).data;
        return json(res, 200, { ok: true, result: { total: data.TotalCount, offset, items: data.TelCdrList } });
      }
      if (path === '/tcccadmin/cdr/telList' && req.method === 'POST' && mode.api === 'post-page') {
        let query: Record<string, unknown>;
        try {
          query = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
          if (typeof query.q === 'string') query = JSON.parse(Buffer.from(query.q, 'base64').toString('utf8')) as Record<string, unknown>;
        } catch {
          return json(res, 400, { code: 400, msg: 'bad json' });
        }
        const { status, body } = listCalls(query);
        return json(res, status, body);
      }
      if (path === '/tcccadmin/cdr/recordUrl') {
        const call = byId.get(url.searchParams.get('SessionId') ?? '');
        if (!call) return json(res, 404, { code: 404, msg: 'no such session' });
        linkRequests.set(call.cdr.SessionId, (linkRequests.get(call.cdr.SessionId) ?? 0) + 1);
        if (faults.latencyMs) await sleep(faults.latencyMs);
        if (!call.recordingKey) return json(res, 404, { code: 404, msg: '该通话没有录音' });
        const cdr = freshLinks(call);
        return json(res, 200, wire({ code: 0, data: { SessionId: cdr.SessionId, RecordURL: cdr.RecordURL } }));
      }
      const m = RECORDING_PATH.exec(path);
      if (m) {
        const call = byKey.get(m[1]!);
        if (!call) return json(res, 404, { code: 404, msg: 'no such recording' });
        let token: { exp?: number; sig?: string } = {};
        try {
          token = JSON.parse(Buffer.from(m[2]!, 'base64url').toString('utf8')) as typeof token;
        } catch {
          /* a bad token is an expired one */
        }
        if (!token.exp || token.sig !== sign(m[1]!, token.exp) || token.exp < Date.now()) {
          requests.set(call.cdr.SessionId, (requests.get(call.cdr.SessionId) ?? 0) + 1);
          return json(res, 403, { code: 403, msg: 'token expired' });
        }
        return serveRecording(req, res, call, 'record');
      }
    }
    json(res, 404, { code: 404, msg: 'not found' });
  }

  const { key, cert } = selfSignedCert([HOST, COS_HOST]);
  const server: Server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { code: 500, msg: String(error) });
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    origin: 'https://tccc.qcloud.com',
    cosHost: COS_HOST,
    sdkAppId: SDK_APP_ID,
    hostResolverRules: `MAP ${HOST} 127.0.0.1:${port}, MAP ${COS_HOST} 127.0.0.1:${port}`,
    calls,
    recordPageUrl: `https://${HOST}/saas-manage/#/${SDK_APP_ID}/service-record/tel`,
    homeUrl: `https://${HOST}/saas-manage/#/${SDK_APP_ID}/home`,
    loginUrl: `https://${HOST}/login?auto=1`,
    recordingBytes: (id, which = mode.links === 'inline' && cosOnly.has(id) ? 'custom' : 'record') => bytes(id, which),
    cosOnlyIds: mode.links === 'inline' ? [...cosOnly] : [],
    requestCount: (id) => requests.get(id) ?? 0,
    linkRequestCount: (id) => linkRequests.get(id) ?? 0,
    listRequestCount: () => listRequests,
    completedCount: (id) => completed.get(id) ?? 0,
    completedAt: (id) => completedTimes.get(id) ?? [],
    resumedCount: (id) => resumed.get(id) ?? 0,
    setFaults: (f) => {
      faults = { ...f };
    },
    setTokenTtl: (ms) => {
      tokenTtl = ms;
    },
    expireSessions: () => sessions.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

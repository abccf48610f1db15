/** A plain HTTPS client for the stand-in, as Node sees it: for API tests and the download baseline. */
import { type Agent, request } from 'node:https';
import type { Workbench } from './server.ts';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  cookie?: string;
  /** Reuse connections, as a browser does. */
  agent?: Agent;
  headers?: Record<string, string>;
  /** Told of each part of the body as it comes, before a connection that drops rejects. */
  onData?: (chunk: Buffer) => void;
}

/** Requests `url` (any of the stand-in's hosts) from the stand-in on loopback, trusting its throwaway certificate. */
export function callStandIn(wb: Pick<Workbench, 'port'>, url: string, opts: CallOptions = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: wb.port,
        servername: u.hostname,
        path: u.pathname + u.search,
        method: opts.method ?? 'GET',
        rejectUnauthorized: false,
        agent: opts.agent,
        headers: {
          Host: u.hostname,
          ...opts.headers,
          ...(opts.cookie ? { Cookie: opts.cookie } : {}),
          ...(opts.body ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          opts.onData?.(c);
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body ? JSON.stringify(opts.body) : undefined);
  });
}

/** Logs in and returns the session cookie. */
export async function standInCookie(wb: Pick<Workbench, 'port' | 'loginUrl'>): Promise<string> {
  const login = await callStandIn(wb, wb.loginUrl);
  return String(login.headers['set-cookie']).split(';')[0]!;
}
